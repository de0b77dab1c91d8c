#!/usr/bin/env bash
# Tests of the fernet command (build/fernet): every subcommand, every error path with its
# exit status and message, outputs that appear only on success, --now boundaries, large
# inputs through pipes, and interop with Python's cryptography when it is installed
# (FC_REQUIRE_PYTHON=1 makes a missing module a failure). Prints "N passed, N failed".
set -u
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
F=$BUILD/fernet
MAN=$PWD/docs/fernet.1
T=$(mktemp -d "${TMPDIR:-/tmp}/fernet-cli-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
unset FERNET_KEY FERNET_PASSWORD
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL: $*"
    [ -s err ] && sed 's/^/  stderr: /' err | head -n 5
}
# check NAME CONDITION...: passes when the command succeeds.
check() {
    local name=$1
    shift
    if "$@"; then ok; else bad "$name"; fi
}
# run WANT_RC 'STDERR TEXT' COMMAND...: stdout -> out, stderr -> err.
run() {
    local want=$1 msg=$2 rc
    shift 2
    "$@" >out 2>err
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        bad "$* -> exit $rc, want $want"
    elif [ -n "$msg" ] && ! grep -qF -- "$msg" err; then
        bad "$* -> stderr lacks '$msg'"
    else
        ok
    fi
}
# pipe WANT_RC 'STDERR TEXT' 'SHELL CODE': the same for pipelines.
pipe() {
    local want=$1 msg=$2 code=$3
    run "$want" "$msg" bash -c "set -o pipefail; $code"
}

# tamper FILE N: FILE with its Nth character replaced by another base64 character.
tamper() {
    local c r=A
    c=$(head -c "$2" "$1" | tail -c 1)
    [ "$c" = A ] && r=B
    { head -c $(($2 - 1)) "$1"; printf %s "$r"; tail -c +$(($2 + 1)) "$1"; }
}

if [ ! -x "$F" ]; then
    echo "check_cli: $F not built"
    echo "0 passed, 1 failed"
    exit 1
fi
export F

# ---- version, help, usage ----
run 0 "" "$F" --version
check "version text" grep -q '^fernet [0-9]' out
run 0 "" "$F" --help
check "main help lists commands" grep -q 'derive-key' out
run 2 "unknown command 'frobnicate'" "$F" frobnicate
run 2 "" "$F"
for c in keygen encrypt decrypt rotate verify timestamp derive-key; do
    run 0 "" "$F" "$c" --help
    check "$c --help" grep -q "usage: fernet $c" out
done
run 2 "unknown option '--bogus'" "$F" decrypt --bogus
run 2 "--ttl wants a whole number" "$F" decrypt --ttl abc
run 2 "--now wants a whole number" "$F" decrypt --now -5
run 2 "-k needs a value" "$F" decrypt -k
run 2 "unexpected argument 'b'" "$F" decrypt a b
run 2 "unexpected argument 'x'" "$F" keygen x

# ---- --help and the manual name the same options ----
man_opts=$(sed -n '/^\.SH OPTIONS/,/^\.SH PASSWORDS/p' "$MAN" | grep -E '^\.(B|BI|BR) ' |
    sed 's/\\-/-/g' | grep -oE '(^|[ "])--?[a-z][a-z-]*' | tr -d ' "' | sort -u)
help_opts=$(for c in keygen encrypt decrypt rotate verify timestamp derive-key; do
    "$F" "$c" --help | grep -E '^  -' | grep -oE '^ +--?[a-z][a-z-]*|^ +-[a-z], --[a-z][a-z-]*' |
        tr -d ' ' | tr ',' '\n'
done | sort -u)
for o in $help_opts; do
    check "option $o of --help is in docs/fernet.1" grep -q -- "^$o\$" <<<"$man_opts"
done
for o in $man_opts; do
    case $o in -h | --help | --version) continue ;; esac
    check "option $o of docs/fernet.1 is in a --help" grep -q -- "^$o\$" <<<"$help_opts"
done
for c in keygen encrypt decrypt rotate verify timestamp derive-key; do
    check "command $c is in docs/fernet.1" grep -q "^\.B fernet ${c//-/\\\\-}" "$MAN"
done

# ---- keygen ----
run 0 "" "$F" keygen
check "keygen prints 44 chars + newline" grep -qE '^[A-Za-z0-9_-]{43}=$' out
check "keygen output is one line" test "$(wc -c <out)" -eq 45
cp out key.a
run 0 "" "$F" keygen
check "two keys differ" bash -c '! cmp -s out key.a'
run 0 "" "$F" keygen -o k1
check "keygen -o mode 0600" test "$(stat -c %a k1)" = 600
check "keygen -o content" grep -qE '^[A-Za-z0-9_-]{43}=$' k1
cp k1 k1.saved
run 2 "k1 already exists (use --force" "$F" keygen -o k1
check "keygen refuses to overwrite" cmp -s k1 k1.saved
chmod 644 k1
run 0 "" "$F" keygen -o k1 --force
check "keygen --force replaced it" bash -c '! cmp -s k1 k1.saved'
check "keygen --force mode 0600" test "$(stat -c %a k1)" = 600
"$F" keygen -o k2 && "$F" keygen -o k3 && ok || bad "keygen k2 k3"
check "no temporary files left by keygen" test -z "$(ls -A | grep '^\.')"

# ---- encrypt / decrypt ----
printf 'hello, fernet\n' >msg
run 0 "" "$F" encrypt -k k1 msg -o tok
check "token is one line ending in newline" test "$(wc -l <tok)" -eq 1
check "token starts with gAAAAA" grep -q '^gAAAAA' tok
run 0 "" "$F" decrypt -k k1 tok -o dec
check "decrypt -o round trip" cmp -s msg dec
pipe 0 "" '"$F" encrypt -k k1 <msg | "$F" decrypt -k k1 >dec2'
check "stdin/stdout round trip" cmp -s msg dec2
pipe 0 "" '"$F" encrypt -k k1 - -o - <msg | "$F" decrypt -k k1 - >dec3'
check "'-' means stdin/stdout" cmp -s msg dec3
run 0 "" "$F" decrypt -k k1 <tok
check "stdin redirected from a file" cmp -s msg out
: >empty
run 0 "" "$F" encrypt -k k1 empty -o tok.empty
run 0 "" "$F" decrypt -k k1 tok.empty
check "empty message round trip" test ! -s out
{ printf '  \r\n\t'; tr -d '\n' <tok; printf '\r\n\n  \n'; } >tok.ws
run 0 "" "$F" decrypt -k k1 tok.ws
check "whitespace around a token ignored" cmp -s msg out
head -c 70000 /dev/urandom >bin
run 0 "" "$F" encrypt -k k1 bin -o bin.tok
run 0 "" "$F" decrypt -k k1 bin.tok -o bin.dec
check "70000 random bytes round trip" cmp -s bin bin.dec
cp msg same
run 0 "" "$F" encrypt -k k1 same -o same
run 0 "" "$F" decrypt -k k1 same -o same
check "INPUT and -o the same file" cmp -s msg same
FERNET_KEY=$(cat k1) run 0 "" "$F" decrypt tok
check "FERNET_KEY used without -k" cmp -s msg out
printf 'old\n' >keep
chmod 640 keep
run 0 "" "$F" decrypt -k k1 tok -o keep
check "replaced output keeps its mode" test "$(stat -c %a keep)" = 640
check "replaced output has the plaintext" cmp -s msg keep
run 2 "encrypt: give one key" "$F" encrypt -k k1 -k k2 msg

# ---- key errors ----
printf 'short\n' >bad.key
run 2 "fernet: key file bad.key: expected 44 characters of URL-safe base64" "$F" decrypt -k bad.key tok
printf '%s\n' "$(head -c 43 k1)!" >bang.key
run 2 "key file bang.key: expected 44 characters" "$F" encrypt -k bang.key msg
run 3 "cannot read the key file given with -k: No such file or directory" "$F" decrypt -k nokey tok
run 2 "no key: give -k KEYFILE or set FERNET_KEY" "$F" decrypt tok
FERNET_KEY=nonsense run 2 "FERNET_KEY: expected 44 characters" "$F" decrypt tok
run 3 "cannot open missing.tok: No such file or directory" "$F" decrypt -k k1 missing.tok

# ---- rejected tokens: exit 1, no output file, an existing file untouched ----
run 1 "fernet: no key could open this token" "$F" decrypt -k k2 tok -o never
check "no output after wrong key" test ! -e never
printf 'precious\n' >precious
cp precious precious.saved
run 1 "no key could open this token" "$F" decrypt -k k2 tok -o precious
check "existing file untouched after wrong key" cmp -s precious precious.saved
head -c $(($(wc -c <tok) - 6)) tok >tok.trunc
run 1 "not a Fernet token: damaged, truncated, or not a token" "$F" decrypt -k k1 tok.trunc -o never
check "no output after truncated token" test ! -e never
head -c 20 tok >tok.short
run 1 "not a Fernet token" "$F" decrypt -k k1 tok.short
tamper tok 60 >tok.tamper
check "tampered copy differs" bash -c '! cmp -s tok tok.tamper'
run 1 "no key could open this token" "$F" decrypt -k k1 tok.tamper -o precious
check "existing file untouched after tampering" cmp -s precious precious.saved
check "no stdout after tampering" test ! -s out
run 1 "holds no token" "$F" decrypt -k k1 empty
printf '\n \n' >blank
run 1 "holds no token" "$F" decrypt -k k1 blank
run 1 "not a Fernet token" "$F" decrypt -k k1 msg
check "no temporary files left after failures" test -z "$(ls -A | grep '^\.')"

# ---- several keys ----
run 0 "" "$F" encrypt -k k2 msg -o tok2
run 0 "" "$F" decrypt -k k1 -k k3 -k k2 tok2
check "third of three keys opens it" cmp -s msg out
run 1 "no key could open this token" "$F" decrypt -k k1 -k k3 tok2

# ---- time: --ttl and --now boundaries ----
T0=1000000000
run 0 "" "$F" encrypt -k k1 --now $T0 msg -o tok.t
run 0 "" "$F" decrypt -k k1 --ttl 60 --now $((T0 + 60)) tok.t
check "ttl edge (timestamp + ttl == now) valid" cmp -s msg out
run 1 "fernet: token expired 1 s ago (ttl 60 s)" "$F" decrypt -k k1 --ttl 60 --now $((T0 + 61)) tok.t -o never
check "no output after expiry" test ! -e never
run 1 "fernet: token expired 90 s ago (ttl 60 s)" "$F" decrypt -k k1 --ttl 60 --now $((T0 + 150)) tok.t -o precious
check "existing file untouched after expiry" cmp -s precious precious.saved
run 0 "" "$F" decrypt -k k1 --ttl 60 --now $((T0 - 60)) tok.t
check "timestamp now+60 valid" cmp -s msg out
run 1 "token is dated 61 s in the future" "$F" decrypt -k k1 --ttl 60 --now $((T0 - 61)) tok.t
run 0 "" "$F" decrypt -k k1 --now $((T0 - 1000)) tok.t
check "no --ttl: no time check" cmp -s msg out
run 0 "" "$F" decrypt -k k1 --ttl 0 --now $T0 tok.t
run 1 "token expired 1 s ago (ttl 0 s)" "$F" decrypt -k k1 --ttl 0 --now $((T0 + 1)) tok.t
run 0 "" "$F" encrypt -k k2 --now $T0 msg -o tok2.t
run 1 "token expired 90 s ago (ttl 60 s)" "$F" decrypt -k k1 -k k2 --ttl 60 --now $((T0 + 150)) tok2.t
run 0 "" "$F" decrypt -k k1 --ttl 18446744073709551614 --now 18446744073709551615 tok.t
check "huge ttl and now do not overflow" cmp -s msg out

# ---- verify ----
run 0 "" "$F" verify -k k1 tok
check "verify prints nothing" test ! -s out
run 1 "no key could open this token" "$F" verify -k k2 tok
run 0 "" "$F" verify -k k2 -k k1 tok
run 1 "token expired 1 s ago" "$F" verify -k k1 --ttl 60 --now $((T0 + 61)) tok.t
run 0 "" "$F" verify -k k1 --ttl 60 --now $((T0 + 60)) tok.t
run 1 "" "$F" verify -k k1 tok.tamper

# ---- timestamp ----
for ts in 0 951782400 1700000000 4102444799 253402300799; do
    run 0 "" "$F" encrypt -k k1 --now $ts msg -o tok.ts
    run 0 "" "$F" timestamp -k k3 -k k1 tok.ts
    check "timestamp $ts" test "$(cat out)" = "$ts $(date -u -d @$ts +%Y-%m-%dT%H:%M:%SZ)"
done
run 1 "no key could open this token" "$F" timestamp -k k2 tok.ts

# ---- rotate ----
run 0 "" "$F" encrypt -k k1 --now 1234567890 msg -o tok.r
run 0 "" "$F" rotate -k k2 -k k1 tok.r -o tok.r2
check "rotated token has the same length" test "$(wc -c <tok.r)" -eq "$(wc -c <tok.r2)"
run 0 "" "$F" decrypt -k k2 tok.r2
check "rotated token opens with the new key" cmp -s msg out
run 1 "no key could open this token" "$F" decrypt -k k1 tok.r2
run 0 "" "$F" timestamp -k k2 tok.r2
check "rotate keeps the timestamp" grep -q '^1234567890 ' out
pipe 0 "" '"$F" rotate -k k3 -k k2 -k k1 <tok.r2 | "$F" decrypt -k k3 >rot.dec'
check "rotate through a pipe" cmp -s msg rot.dec
run 1 "no key could open this token" "$F" rotate -k k3 -k k2 tok.r -o never
check "no output after a failed rotate" test ! -e never

# ---- outputs that are not regular files ----
run 3 "fernet: cannot write /dev/full: No space left on device" "$F" decrypt -k k1 tok -o /dev/full
run 3 "cannot write /dev/full: No space left on device" "$F" encrypt -k k1 msg -o /dev/full
run 3 "cannot write /dev/full: No space left on device" "$F" keygen -o /dev/full --force
pipe 3 "cannot write standard output: No space left on device" '"$F" decrypt -k k1 tok >/dev/full'
run 0 "" "$F" decrypt -k k1 tok -o /dev/null
check "/dev/null is still a device" test -c /dev/null
mkfifo fifo
cat fifo >fifo.out &
run 0 "" "$F" decrypt -k k1 tok -o fifo
wait
check "decrypt into a FIFO" cmp -s msg fifo.out
check "FIFO not replaced" test -p fifo
mkdir adir
run 3 "cannot write adir: Is a directory" "$F" decrypt -k k1 tok -o adir
run 3 "cannot write nodir/x" "$F" decrypt -k k1 tok -o nodir/x

# ---- passwords: fcpw1 ----
printf 'correct horse\n' >pw
printf 'wrong horse\n' >pw.bad
run 0 "" "$F" encrypt --password --password-file pw --iterations 1000 msg -o msg.pw
check "fcpw1 text" grep -q '^fcpw1\.' msg.pw
run 0 "" "$F" decrypt --password --password-file pw msg.pw
check "fcpw1 round trip" cmp -s msg out
run 1 "wrong password, or the text was altered" "$F" decrypt --password --password-file pw.bad msg.pw -o never
check "no output after a wrong password" test ! -e never
tamper msg.pw 60 >msg.pw.tamper
run 1 "wrong password, or the text was altered" "$F" decrypt --password --password-file pw msg.pw.tamper
tamper msg.pw 10 >msg.pw.tamper
run 1 "" "$F" decrypt --password --password-file pw msg.pw.tamper
FERNET_PASSWORD='correct horse' run 0 "" "$F" decrypt --password msg.pw
check "FERNET_PASSWORD" cmp -s msg out
printf 'correct horse\r\nsecond line\n' >pw.crlf
run 0 "" "$F" decrypt --password --password-file pw.crlf msg.pw
check "password file: first line, CRLF removed" cmp -s msg out
printf 'correct horse' >pw.nonl
run 0 "" "$F" decrypt --password --password-file pw.nonl msg.pw
check "password file without newline" cmp -s msg out
pipe 0 "" 'FERNET_PASSWORD=p "$F" encrypt --password <bin | FERNET_PASSWORD=p "$F" decrypt --password >pw.bin'
check "fcpw1 default iterations, through pipes" cmp -s bin pw.bin
run 1 "not an fcpw1 text" "$F" decrypt --password --password-file pw tok
run 2 "--iterations goes with --legacy-cfb" "$F" decrypt --password --password-file pw --iterations 5 msg.pw
run 2 "-k does not go with --password" "$F" encrypt --password -k k1 --password-file pw msg
run 2 "--legacy-cfb goes with --password" "$F" encrypt --legacy-cfb -k k1 msg
run 2 "--iterations above 10000000" "$F" encrypt --password --password-file pw --iterations 10000001 msg
run 3 "cannot read the password file given with --password-file" "$F" encrypt --password --password-file nopw msg
# The terminal prompt, through a pseudo-terminal: asked twice when encrypting.
cat >prompt.py <<'PY'
import os, pty, sys
answers = [a.encode() + b"\n" for a in sys.argv[2:]]
pid, fd = pty.fork()
if pid == 0:
    os.execv(os.environ["F"], ["fernet"] + sys.argv[1].split())
seen = b""
try:
    while True:
        data = os.read(fd, 256)
        if not data:
            break
        seen += data
        if seen.endswith(b"assword: ") and answers:
            os.write(fd, answers.pop(0))
except OSError:  # EIO: the child closed the terminal
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(seen.decode(errors="replace"))
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 99)
PY
if command -v python3 >/dev/null; then
    run 0 "" python3 prompt.py "encrypt --password --iterations 1000 msg -o tty.pw" "tty pass" "tty pass"
    check "terminal asked twice" test "$(grep -c 'assword: ' out)" -eq 2
    check "password not echoed" bash -c '! grep -q "tty pass" out'
    printf 'tty pass' >pw.tty
    run 0 "" "$F" decrypt --password --password-file pw.tty tty.pw
    check "password typed on the terminal" cmp -s msg out
    run 0 "" python3 prompt.py "decrypt --password tty.pw -o tty.dec" "tty pass"
    check "terminal asked once when decrypting" test "$(grep -c 'assword: ' out)" -eq 1
    check "decrypt with a typed password" cmp -s msg tty.dec
    run 2 "" python3 prompt.py "encrypt --password msg -o tty.no" "one" "two"
    check "two different passwords: message" grep -q "the two passwords differ" out
    check "two different passwords: no output" test ! -e tty.no
fi
if command -v setsid >/dev/null; then
    run 2 "no password: give --password-file FILE" setsid "$F" encrypt --password msg
fi

# ---- passwords: legacy CFB ----
run 0 "" "$F" encrypt --password --legacy-cfb --password-file pw msg -o msg.cfb
check "legacy prints exactly one warning line" test "$(grep -c UNAUTHENTICATED err)" -eq 1 -a "$(wc -l <err)" -eq 1
check "legacy text is standard base64" grep -qE '^[A-Za-z0-9+/]+=*$' msg.cfb
run 0 "UNAUTHENTICATED" "$F" decrypt --password --legacy-cfb --password-file pw msg.cfb
check "legacy round trip" cmp -s msg out
run 0 "" "$F" decrypt --password --legacy-cfb --password-file pw.bad msg.cfb
check "legacy wrong password gives garbage, not an error" bash -c '! cmp -s msg out'
run 0 "" "$F" encrypt --password --legacy-cfb --iterations 7 --password-file pw bin -o bin.cfb
pipe 0 "" 'cat bin.cfb | "$F" decrypt --password --legacy-cfb --iterations 7 --password-file pw >bin.cfb.dec'
check "legacy 70000 bytes through a pipe" cmp -s bin bin.cfb.dec
printf 'QUJD\n' >abc.cfb
run 1 "shorter than its 32-byte salt and IV" "$F" decrypt --password --legacy-cfb --password-file pw abc.cfb
run 1 "not a legacy CFB text" "$F" decrypt --password --legacy-cfb --password-file pw msg
run 2 "no --now or --ttl" "$F" encrypt --password --legacy-cfb --password-file pw --now 5 msg

# ---- derive-key ----
run 0 "" "$F" derive-key --salt c2FsdHNhbHRzYWx0c2FsdA== --password-file pw
check "derive-key prints a key" grep -qE '^[A-Za-z0-9_-]{43}=$' out
cp out dk
run 0 "" "$F" derive-key --salt c2FsdHNhbHRzYWx0c2FsdA --password-file pw
check "salt without padding" cmp -s dk out
run 0 "" "$F" derive-key --salt c2FsdHNhbHRzYWx0c2FsdA== --iterations 100000 --password-file pw
check "default is 100000 iterations" cmp -s dk out
run 0 "" "$F" derive-key --salt c2FsdHNhbHRzYWx0c2FsdA== --iterations 99999 --password-file pw
check "iterations matter" bash -c '! cmp -s dk out'
run 2 "--salt SALT is required" "$F" derive-key --password-file pw
run 2 "--salt: expected base64" "$F" derive-key --salt '!!' --password-file pw
run 2 "--iterations wants a whole number" "$F" derive-key --salt c2FsdA== --iterations 0 --password-file pw
if command -v python3 >/dev/null; then
    want=$(python3 -c 'import hashlib,base64,sys
print(base64.urlsafe_b64encode(hashlib.pbkdf2_hmac("sha256", b"correct horse", base64.b64decode("c2FsdHNhbHRzYWx0c2FsdA=="), 100000)).decode())')
    check "derive-key equals Python hashlib.pbkdf2_hmac" test "$(cat dk)" = "$want"
fi

# ---- progress ----
run 0 "encrypt:" "$F" encrypt -k k1 --progress bin -o bin.tok2
run 0 "decrypt:" "$F" decrypt -k k1 --progress bin.tok2 -o /dev/null
run 0 "" "$F" decrypt -k k1 bin.tok2 -o /dev/null
check "no progress line unless asked (stderr not a tty)" test ! -s err

# ---- interop with Python's cryptography ----
if python3 -c 'import cryptography' 2>/dev/null; then
    PY=python3
    head -c 5000 /dev/urandom >py.msg
    # Python -> fernet
    $PY - "$(cat k1)" <<'EOF' >py.tok
import sys
from cryptography.fernet import Fernet
sys.stdout.write(Fernet(sys.argv[1].encode()).encrypt(open("py.msg", "rb").read()).decode())
EOF
    run 0 "" "$F" decrypt -k k1 py.tok -o py.dec
    check "Python token opened by fernet" cmp -s py.msg py.dec
    $PY - "$(cat k1)" <<'EOF' >py.tok.t
import sys
from cryptography.fernet import Fernet
sys.stdout.write(Fernet(sys.argv[1].encode()).encrypt_at_time(b"timed", 1500000000).decode())
EOF
    run 0 "" "$F" timestamp -k k1 py.tok.t
    check "Python encrypt_at_time timestamp" grep -q '^1500000000 2017-07-14T02:40:00Z$' out
    run 1 "token expired 40 s ago (ttl 60 s)" "$F" decrypt -k k1 --ttl 60 --now 1500000100 py.tok.t
    # fernet -> Python
    run 0 "" "$F" encrypt -k k1 --now 1600000000 py.msg -o fc.tok
    check "fernet token opened by Python (decrypt_at_time with ttl)" $PY - "$(cat k1)" <<'EOF'
import sys
from cryptography.fernet import Fernet
f = Fernet(sys.argv[1].encode())
tok = open("fc.tok", "rb").read().strip()
assert f.decrypt_at_time(tok, 60, 1600000060) == open("py.msg", "rb").read()
assert f.extract_timestamp(tok) == 1600000000
EOF
    # rotation both ways
    run 0 "" "$F" rotate -k k2 -k k1 fc.tok -o fc.rot
    check "fernet rotate opened by Python MultiFernet" $PY - "$(cat k1)" "$(cat k2)" <<'EOF'
import sys
from cryptography.fernet import Fernet, MultiFernet
new = Fernet(sys.argv[2].encode())
tok = open("fc.rot", "rb").read().strip()
assert new.decrypt(tok) == open("py.msg", "rb").read()
assert new.extract_timestamp(tok) == 1600000000
EOF
    $PY - "$(cat k1)" "$(cat k3)" <<'EOF' >py.rot
import sys
from cryptography.fernet import Fernet, MultiFernet
m = MultiFernet([Fernet(sys.argv[2].encode()), Fernet(sys.argv[1].encode())])
sys.stdout.write(m.rotate(open("fc.tok", "rb").read().strip()).decode())
EOF
    run 0 "" "$F" decrypt -k k3 py.rot
    check "Python MultiFernet.rotate opened by fernet" cmp -s py.msg out
    run 0 "" "$F" timestamp -k k3 py.rot
    check "Python rotate kept the timestamp" grep -q '^1600000000 ' out
    # password -> key, as the tutorial does
    check "derive-key equals Python PBKDF2HMAC" $PY - "$(cat dk)" <<'EOF'
import sys, base64
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32,
                 salt=base64.b64decode("c2FsdHNhbHRzYWx0c2FsdA=="), iterations=100000)
assert base64.urlsafe_b64encode(kdf.derive(b"correct horse")).decode() == sys.argv[1]
EOF
    # fcpw1: the body is a Fernet token under the password key
    run 0 "" "$F" encrypt --password --password-file pw --iterations 2000 py.msg -o py.pw
    check "fcpw1 opened by Python (header + Fernet)" $PY - <<'EOF'
import base64
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
text = open("py.pw").read().strip()
magic, head, body = text.split(".")
assert magic == "fcpw1"
raw = base64.urlsafe_b64decode(head + "=" * (-len(head) % 4))
n, salt = int.from_bytes(raw[:4], "big"), raw[4:]
assert n == 2000 and len(salt) == 16
kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=n)
key = base64.urlsafe_b64encode(kdf.derive(b"correct horse"))
assert Fernet(key).decrypt(body.encode()) == open("py.msg", "rb").read()
EOF
    # legacy CFB, the tutorial's code both ways
    cat >legacy.py <<'EOF'
import base64, os, sys
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
try:  # CFB moved to "decrepit" in cryptography 47
    from cryptography.hazmat.decrepit.ciphers.modes import CFB
except ImportError:
    from cryptography.hazmat.primitives.ciphers.modes import CFB
def key(pw, salt):
    return PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt,
                      iterations=100000).derive(pw)
pw = b"correct horse"
if sys.argv[1] == "enc":
    salt, iv = os.urandom(16), os.urandom(16)
    e = Cipher(algorithms.AES(key(pw, salt)), CFB(iv)).encryptor()
    data = open("py.msg", "rb").read()
    print(base64.b64encode(salt + iv + e.update(data) + e.finalize()).decode())
else:
    raw = base64.b64decode(open(sys.argv[2]).read())
    d = Cipher(algorithms.AES(key(pw, raw[:16])), CFB(raw[16:32])).decryptor()
    assert d.update(raw[32:]) + d.finalize() == open("py.msg", "rb").read()
EOF
    $PY legacy.py enc >py.cfb
    run 0 "UNAUTHENTICATED" "$F" decrypt --password --legacy-cfb --password-file pw py.cfb
    check "tutorial legacy text opened by fernet" cmp -s py.msg out
    run 0 "" "$F" encrypt --password --legacy-cfb --password-file pw py.msg -o fc.cfb
    check "fernet legacy text opened by the tutorial's code" $PY legacy.py dec fc.cfb
elif [ "${FC_REQUIRE_PYTHON:-}" = 1 ]; then
    bad "Python's cryptography is required (FC_REQUIRE_PYTHON=1) but cannot be imported"
else
    echo "check_cli: Python's cryptography not installed: interop tests skipped"
fi

# ---- large input through pipes, constant memory ----
# 100 MiB (FC_BIG_MIB overrides); 16 MiB in the sanitizer build, which runs ~10x slower.
case $BUILD in *asan*) mib=${FC_BIG_MIB:-16} ;; *) mib=${FC_BIG_MIB:-100} ;; esac
echo "check_cli: $mib MiB round trip through pipes"
head -c $((mib * 1024 * 1024)) /dev/urandom >big
pipe 0 "" 'cat big | "$F" encrypt -k k1 | tee big.tok | "$F" decrypt -k k1 | cmp - big'
check "$mib MiB token length" test "$(wc -c <big.tok)" -gt $((mib * 1024 * 1024 * 4 / 3))
rm -f big
# A kill during decrypt -o leaves neither the output nor a temporary file.
"$F" decrypt -k k1 big.tok -o big.out 2>err &
pid=$!
sleep 0.3
kill -TERM $pid 2>/dev/null
wait $pid
rc=$?
if [ "$rc" -eq 0 ]; then
    check "decrypt finished before the kill: complete output" test -s big.out
else
    check "killed decrypt left no output (exit $rc)" test ! -e big.out
fi
check "killed decrypt left no temporary file" test -z "$(ls -A | grep '^\.big')"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
