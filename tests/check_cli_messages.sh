#!/usr/bin/env bash
# Messages of the fernet command (issue 12): a key or password typed where a file name or
# number belongs is never repeated on stdout or stderr; each message blames the right thing
# (not a token / wrong key / password text / legacy text / FERNET_KEY holds the key itself);
# -k=FILE and --key; number ranges; empty passwords. Each case asserts the exit status and
# the words of the message. Prints "N passed, N failed".
set -u
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
F=$BUILD/fernet
T=$(mktemp -d "${TMPDIR:-/tmp}/fernet-msg-test.XXXXXX")
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
check() {
    local name=$1
    shift
    if "$@"; then ok; else bad "$name"; fi
}
# run WANT_RC 'STDERR TEXT' COMMAND...: exact exit status, message words on stderr.
run() {
    local want=$1 msg=$2 rc
    shift 2
    "$@" >out 2>err </dev/null
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        bad "$* -> exit $rc, want $want"
    elif [ -n "$msg" ] && ! grep -qF -- "$msg" err; then
        bad "$* -> stderr lacks '$msg'"
    else
        ok
    fi
}
# hidden VALUE NAME: VALUE appears neither on stdout (out) nor on stderr (err).
hidden() {
    if grep -qF -- "$1" out err; then bad "$2: the value was repeated"; else ok; fi
}
# lacks TEXT NAME: stderr does not mention TEXT.
lacks() {
    if grep -qF -- "$1" err; then bad "$2: stderr mentions '$1'"; else ok; fi
}

if [ ! -x "$F" ]; then
    echo "check_cli_messages: $F not built"
    echo "0 passed, 1 failed"
    exit 1
fi
export F

"$F" keygen -o demo.key && "$F" keygen -o other.key || bad "keygen"
printf 'hello, fernet\n' >msg
"$F" encrypt -k demo.key msg -o note.token || bad "encrypt"
KEY=$("$F" keygen)        # a key pasted where a file belongs
KEY43=${KEY%=}            # the same, its '=' lost in the copy

# ---- A. a key given as -k: exit 2, says what -k takes, never shows the key ----
for form in "-k $KEY" "-k$KEY" "-k=$KEY" "--key $KEY" "--key=$KEY" "-k $KEY43"; do
    # shellcheck disable=SC2086
    name=${form%%[ =]*}
    case $name in -k*) name=-k ;; esac
    run 2 "decrypt: $name takes the name of a file holding the key, but the value given looks like a key itself (not repeated here): save the key in a file (mode 0600) and give its name, or put the key in FERNET_KEY" \
        "$F" decrypt $form note.token
    hidden "$KEY43" "decrypt $form"
done
run 2 "encrypt: -o takes a file name, but the value given looks like a key (not repeated here)" "$F" encrypt -k demo.key msg -o "$KEY"
hidden "$KEY43" "-o KEY"
check "no file named after the key" test ! -e "$KEY"
run 2 "decrypt: an argument looks like a key (not repeated here): keys are given as -k KEYFILE or in FERNET_KEY, never on the command line" "$F" decrypt -k demo.key "$KEY"
hidden "$KEY43" "INPUT KEY"
run 2 "decrypt: an argument looks like a key" "$F" decrypt "$KEY" note.token
hidden "$KEY43" "KEY as the first argument"
run 2 "encrypt: --password-file takes a file name, but the value given looks like a key" "$F" encrypt --password --password-file "$KEY" msg
hidden "$KEY43" "--password-file KEY"
# A missing file given to -k or --password-file: exit 3, its name not repeated.
run 3 "fernet: cannot read the key file given with -k: No such file or directory (the name is not repeated here, in case it is a secret; -k takes a file name)" "$F" decrypt -k 'hunter2' note.token
hidden hunter2 "-k missing file"
run 3 "fernet: cannot read key file 2 of 3 given with -k: No such file or directory" "$F" decrypt -k demo.key -k 'correct horse' -k other.key note.token
hidden "correct horse" "-k missing file among three"
run 3 "fernet: cannot read the password file given with --password-file: No such file or directory" "$F" encrypt --password --password-file 'correct horse' msg
hidden "correct horse" "--password-file missing file"
# An existing file that cannot be read is named: a name that exists is no secret.
mkdir adir
run 3 "cannot read the key file adir: Is a directory" "$F" decrypt -k adir note.token

# ---- B. not a token vs. no key ----
NOTTOKEN="fernet: not a Fernet token: damaged, truncated, or not a token"
head -c 50 note.token >trunc.token
run 1 "$NOTTOKEN" "$F" decrypt -k demo.key trunc.token
lacks "no key could open" "truncated token"
head -c $(($(wc -c <note.token) - 6)) note.token >trunc6.token
run 1 "$NOTTOKEN" "$F" decrypt -k demo.key trunc6.token
run 1 "$NOTTOKEN" "$F" decrypt -k demo.key msg
lacks "no key could open" "plain text"
run 1 "$NOTTOKEN" "$F" decrypt -k demo.key /bin/ls
lacks "no key could open" "/bin/ls"
run 1 "$NOTTOKEN" "$F" verify -k demo.key /bin/ls
run 1 "$NOTTOKEN" "$F" timestamp -k demo.key msg
run 1 "$NOTTOKEN" "$F" rotate -k other.key -k demo.key trunc.token
# A version byte other than 0x80: not a token either.
{ printf 'h'; tail -c +2 note.token; } >badversion.token
run 1 "$NOTTOKEN" "$F" decrypt -k demo.key badversion.token
# Well-formed tokens whose HMAC fails under every key: the key is blamed.
run 1 "fernet: no key could open this token" "$F" decrypt -k other.key note.token
lacks "not a Fernet token" "wrong key"
run 1 "fernet: no key could open this token" "$F" decrypt -k other.key -k other.key note.token
c=$(head -c 60 note.token | tail -c 1)
r=A
[ "$c" = A ] && r=B
{ head -c 59 note.token; printf %s "$r"; tail -c +61 note.token; } >tampered.token
run 1 "fernet: no key could open this token" "$F" decrypt -k demo.key tampered.token
run 1 "fernet: no key could open this token" "$F" verify -k other.key note.token
# A password text (fcpw1) given to -k: exit 2, says to add --password.
printf 'correct horse\n' >pw
"$F" encrypt --password --password-file pw --iterations 1000 msg -o note.fcpw || bad "fcpw1"
run 2 "fernet: this is a password-encrypted text: add --password" "$F" decrypt -k demo.key note.fcpw
run 2 "this is a password-encrypted text: add --password" "$F" verify -k demo.key note.fcpw
run 0 "" "$F" decrypt --password --password-file pw note.fcpw
check "the hint is right: --password opens it" cmp -s msg out
# A legacy CFB text given to -k: not a token, with the option that reads it.
"$F" encrypt --password --legacy-cfb --password-file pw --iterations 1000 msg -o note.cfb 2>/dev/null ||
    bad "legacy encrypt"
run 1 "$NOTTOKEN; it could be a legacy CFB text (standard base64): try fernet decrypt --password --legacy-cfb" \
    "$F" decrypt -k demo.key note.cfb
run 0 "" "$F" decrypt --password --legacy-cfb --iterations 1000 --password-file pw note.cfb
check "the hint is right: --legacy-cfb opens it" cmp -s msg out
# A key file given as the token: said, and not shown.
run 1 "fernet: not a Fernet token: this looks like a key (not shown); a key file goes after -k, and the token is INPUT" "$F" decrypt -k demo.key other.key
hidden "$(head -c 43 other.key)" "key file as INPUT"
lacks "legacy" "key file as INPUT"
# Too short for salt, IV and data (30 bytes): no legacy hint.
head -c 30 /dev/urandom | base64 -w0 | tr '+/' 'AB' >short.b64
run 1 "$NOTTOKEN" "$F" decrypt -k demo.key short.b64
lacks "legacy" "short base64"

# ---- B. FERNET_KEY holds the key itself ----
FERNET_KEY=demo.key run 2 "fernet: FERNET_KEY: expected 44 characters of URL-safe base64 (FERNET_KEY holds the key itself; to read it from a file, use -k KEYFILE)" "$F" decrypt note.token
FERNET_KEY=$(cat demo.key) run 0 "" "$F" decrypt note.token
check "FERNET_KEY with the key itself" cmp -s msg out

# ---- B. -k=FILE and --key=FILE read FILE, like --ttl=60 ----
for form in "-k=demo.key" "--key=demo.key" "--key demo.key" "-kdemo.key" "-k demo.key"; do
    # shellcheck disable=SC2086
    run 0 "" "$F" decrypt $form note.token
    check "decrypt $form" cmp -s msg out
done
cp demo.key '=odd.key'
run 0 "" "$F" decrypt -k ./=odd.key note.token
check "a file whose name starts with '=': -k ./=name" cmp -s msg out
run 0 "" "$F" decrypt --ttl=3600 -k demo.key note.token
run 0 "" "$F" decrypt -k demo.key note.token -o=eq.out
check "-o=FILE writes FILE" cmp -s msg eq.out
check "-o=FILE: no file named '=eq.out'" test ! -e '=eq.out'

# ---- B. options that go with --password: only those given are named ----
run 2 "fernet: decrypt: --password-file goes with --password" "$F" decrypt -k demo.key --password-file pw note.token
lacks "--iterations" "--password-file alone"
run 2 "fernet: encrypt: --iterations goes with --password" "$F" encrypt -k demo.key --iterations 5 msg
lacks "--password-file" "--iterations alone"
run 2 "fernet: encrypt: --iterations and --password-file go with --password" "$F" encrypt -k demo.key --iterations 5 --password-file pw msg
run 2 "fernet: encrypt: --allow-empty-password goes with --password" "$F" encrypt -k demo.key --allow-empty-password msg
run 2 "fernet: decrypt: --legacy-cfb goes with --password" "$F" decrypt -k demo.key --legacy-cfb note.token

# ---- B. numbers: too large, with the range; the value is never repeated ----
run 2 "fernet: decrypt: --ttl is too large: the range is 0 to 18446744073709551614 seconds" "$F" decrypt -k demo.key --ttl 99999999999999999999999 note.token
hidden 99999999999999999999999 "--ttl huge"
run 2 "--ttl is too large: the range is 0 to 18446744073709551614 seconds" "$F" verify -k demo.key --ttl 18446744073709551615 note.token
run 0 "" "$F" verify -k demo.key --ttl 18446744073709551614 note.token
run 2 "fernet: decrypt: --now is too large: the range is 0 to 18446744073709551615 seconds" "$F" decrypt -k demo.key --now 18446744073709551616 note.token
run 0 "" "$F" verify -k demo.key --now 18446744073709551615 note.token
run 2 "fernet: encrypt: --now is too large: the range is 0 to 18446744073709551615 seconds" "$F" encrypt -k demo.key --now=99999999999999999999 msg
run 2 "fernet: derive-key: --iterations is too large: the range is 1 to 4294967295" "$F" derive-key --salt c2FsdA== --iterations 4294967296
run 2 "fernet: encrypt: --iterations is too large: the range is 1 to 4294967295" "$F" encrypt --password --password-file pw --iterations 99999999999999999999 msg
# 4294967295 passes the parser; encrypt's own ceiling then refuses it.
run 2 "encrypt: --iterations above 10000000 could not be decrypted" "$F" encrypt --password --password-file pw --iterations 4294967295 msg
run 2 "fernet: decrypt: --ttl wants a whole number of seconds from 0 to 18446744073709551614" "$F" decrypt -k demo.key --ttl abc note.token
run 2 "fernet: verify: --now wants a whole number of seconds from 0 to 18446744073709551615" "$F" verify -k demo.key --now -5 note.token
run 2 "fernet: derive-key: --iterations wants a whole number from 1 to 4294967295" "$F" derive-key --salt c2FsdA== --iterations 0
run 2 "--ttl wants a whole number of seconds" "$F" decrypt -k demo.key --ttl 12x99999999999999999999999 note.token

# ---- B. empty passwords are refused when encrypting ----
: >empty.pw
run 2 "fernet: encrypt: the password is empty (from the password file): refused; give --allow-empty-password to encrypt with it anyway" \
    "$F" encrypt --password --password-file empty.pw msg -o never
check "no output after an empty password" test ! -e never
printf '\n' >emptyline.pw
run 2 "the password is empty (from the password file)" "$F" encrypt --password --password-file emptyline.pw msg
FERNET_PASSWORD='' run 2 "fernet: encrypt: the password is empty (from FERNET_PASSWORD): refused; give --allow-empty-password" \
    "$F" encrypt --password msg
FERNET_PASSWORD='' run 2 "the password is empty (from FERNET_PASSWORD)" "$F" encrypt --password --legacy-cfb msg
FERNET_PASSWORD='' run 0 "" "$F" encrypt --password --allow-empty-password --iterations 1000 msg -o empty.fcpw
FERNET_PASSWORD='' run 0 "" "$F" decrypt --password empty.fcpw
check "--allow-empty-password: the text opens with the empty password" cmp -s msg out
run 0 "" "$F" encrypt --password --allow-empty-password --password-file empty.pw --iterations 1000 msg
run 0 "" "$F" derive-key --salt c2FsdA== --iterations 1000 --password-file empty.pw
check "derive-key is not encrypt: an empty password still derives" grep -qE '^[A-Za-z0-9_-]{43}=$' out
# On the terminal, through a pseudo-terminal: empty twice is refused, then accepted with
# --allow-empty-password.
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
except OSError:
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(seen.decode(errors="replace"))
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 99)
PY
if command -v python3 >/dev/null; then
    run 2 "" python3 prompt.py "encrypt --password msg -o tty.empty" "" ""
    check "terminal: empty password refused" grep -q "the password is empty (from the terminal): refused; give --allow-empty-password" out
    check "terminal: no output after an empty password" test ! -e tty.empty
    run 0 "" python3 prompt.py "encrypt --password --allow-empty-password --iterations 1000 msg -o tty.empty" "" ""
    run 0 "" "$F" decrypt --password --password-file empty.pw tty.empty
    check "terminal: --allow-empty-password" cmp -s msg out
fi

# ---- B. a password typed as a value is refused and not repeated ----
run 2 "fernet: decrypt: --password takes no value: the password comes from --password-file FILE, FERNET_PASSWORD or the terminal (the argument after --password names no file and is not repeated here)" \
    "$F" decrypt --password hunter2
hidden hunter2 "--password hunter2"
run 2 "fernet: encrypt: --password takes no value (what follows '=' is not repeated here): the password comes from --password-file FILE" \
    "$F" encrypt --password='Tr0ub4dor&3' msg
hidden 'Tr0ub4dor&3' "--password=VALUE"
run 2 "fernet: keygen: --force takes no value, and the argument after it names no file (not repeated here, in case it is a secret)" \
    "$F" keygen --force hunter2
hidden hunter2 "--force hunter2"
run 2 "fernet: decrypt: unknown option '--pass' (see fernet decrypt --help)" "$F" decrypt --pass=hunter2 note.token
hidden hunter2 "--pass=VALUE"
run 2 "fernet: keygen: unknown option '-k' (see fernet keygen --help)" "$F" keygen -khunter2
hidden hunter2 "keygen -kVALUE"
# An existing file after a flag is still an INPUT.
run 0 "" "$F" decrypt --password note.fcpw --password-file pw
check "--password FILE: FILE is the input" cmp -s msg out

# ---- D. every option given a key- or password-shaped value: never repeated ----
TOK=$(cat note.token)
KEYDASH=-${KEY#?}         # keys may start with '-'
values=("$KEY" "$KEY43" "$KEYDASH" "correct horse battery staple" "hunter2" 'Tr0ub4dor&3')
opts=(-k --key -o --ttl --now --iterations --salt --password-file --password --legacy-cfb
      --force --progress --allow-empty-password --bogus)
valued=" -k --key -o --ttl --now --iterations --salt --password-file --bogus "
# repeated VALUE: on stdout, on stderr, or (a key) as the name of a file the command made.
repeated() {
    grep -qF -- "$1" out err && return 0
    local f
    case $1 in "$KEY43" | "$KEYDASH") ;; *) return 1 ;; esac
    for f in leakdir/* leakdir/.*; do
        case $f in *"$1"*) return 0 ;; esac
    done
    return 1
}
leaks=0
runs=0
for c in keygen encrypt decrypt rotate verify timestamp derive-key; do
    pres=("")
    extra=()
    case $c in
    encrypt) pres+=("--password --iterations 1000") ;;
    decrypt) pres+=("--password") ;;
    derive-key) extra=(--salt c2FsdA==) ;;
    esac
    for pre in "${pres[@]}"; do
        for o in "${opts[@]}"; do
            for v in "${values[@]}"; do
                forms=("$o|$v")
                case $valued in *" $o "*) forms+=("$o=$v") ;; esac
                case $o in -k | -o) forms+=("$o$v") ;; esac
                for form in "${forms[@]}"; do
                    if [ "${form#*|}" != "$form" ]; then
                        args=("${form%%|*}" "${form#*|}")
                    else
                        args=("$form")
                    fi
                    rm -rf leakdir && mkdir leakdir
                    # shellcheck disable=SC2086
                    (cd leakdir && printf '%s\n' "$TOK" |
                        FERNET_KEY=$(cat ../demo.key) FERNET_PASSWORD=pw timeout 30 \
                            "$F" "$c" $pre "${extra[@]}" "${args[@]}" >../out 2>../err)
                    runs=$((runs + 1))
                    w=$v
                    [ "$v" = "$KEY" ] && w=$KEY43
                    if repeated "$w"; then
                        leaks=$((leaks + 1))
                        bad "value repeated: fernet $c $pre ${extra[*]} ${args[*]}"
                    fi
                done
            done
        done
    done
done
if [ "$leaks" -eq 0 ]; then ok; fi
echo "check_cli_messages: $runs runs with key- or password-shaped values, $leaks repeated one"
rm -rf leakdir

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
