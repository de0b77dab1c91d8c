#!/usr/bin/env bash
# The fernet command under faults (issue 9, section 7; issue 12, Interop): closed standard
# descriptors, kill -9 in the middle of a run, input that is plainly not a token, a full or
# limited TMPDIR, read-only outputs, and tokens wrapped over several lines. Each case
# asserts the exact exit status (0 ok, 1 rejected, 2 usage, 3 I/O) and the message words.
# Prints "N passed, N failed".
set -u
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
F=$BUILD/fernet
T=$(mktemp -d "${TMPDIR:-/tmp}/fernet-faults.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
unset FERNET_KEY FERNET_PASSWORD FERNET_SPOOL_MAX
PY=${PYTHON:-python3}
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
# sh WANT_RC 'STDERR TEXT' 'SHELL CODE'
sh_run() {
    local want=$1 msg=$2 code=$3
    run "$want" "$msg" bash -c "set -o pipefail; $code"
}

"$F" keygen -o k >/dev/null 2>&1 || { echo "FAIL: keygen"; exit 1; }
"$F" keygen -o k2 >/dev/null 2>&1
printf 'the plaintext\n' >msg
"$F" encrypt -k k msg -o tok
export F

# ---- closed standard descriptors: each one closed in turn ----
run 0 "" bash -c '"$F" decrypt --progress -k k tok -o out.2 2>&-'
check "stderr closed: output holds exactly the plaintext" cmp -s msg out.2
run 0 "" bash -c '"$F" encrypt --progress -k k msg -o tok.2 2>&-'
run 0 "" "$F" decrypt -k k tok.2 -o out.2b
check "stderr closed: encrypt output is one token" cmp -s msg out.2b
run 0 "" bash -c '"$F" decrypt --progress -k k tok -o out.1 >&-'
check "stdout closed: output file intact" cmp -s msg out.1
run 0 "" bash -c '"$F" decrypt --progress -k k tok -o out.0 <&-'
check "stdin closed: output file intact" cmp -s msg out.0
run 1 "standard input holds no token" bash -c '"$F" decrypt -k k <&-'
run 0 "" bash -c '"$F" decrypt -k k tok >&-'

# ---- plainly not a token: stop at once, spool nothing ----
run 1 "not a token (byte 0x00 at offset 0)" timeout 20 "$F" decrypt -k k /dev/zero
sh_run 1 "not a token (byte 0x00 at offset 0)" \
    'timeout 20 "$F" decrypt -k k </dev/zero'
printf 'hello, world\n' >prose
sh_run 1 "not a token (byte 0x2c at offset 5)" \
    'timeout 20 "$F" decrypt -k k <prose'
# Base64 characters, but the first group already has the wrong version byte.
sh_run 1 "not a Fernet token: damaged, truncated, or not a token" 'yes AAAAAAAA | tr -d "\n" | timeout 20 "$F" decrypt -k k'
sh_run 1 "not a Fernet token: damaged, truncated, or not a token" 'yes AAAAAAAA | timeout 20 "$F" verify -k k -k k2'
# A token-like stream that never ends: the spool ceiling, named in the message.
sh_run 3 "more than 100000 bytes of token (the spool ceiling, FERNET_SPOOL_MAX)" \
    '{ head -c 40 tok; yes AAAAAAAA | tr -d "\n"; } | FERNET_SPOOL_MAX=100000 timeout 20 "$F" decrypt -k k'
head -c 300000 /dev/urandom >big3
"$F" encrypt -k k big3 -o big3.tok
sh_run 3 "more than 100000 bytes of token (the spool ceiling, FERNET_SPOOL_MAX)" \
    'cat big3.tok | FERNET_SPOOL_MAX=100000 "$F" decrypt -k k -o never'
check "spool ceiling: no output" test ! -e never
sh_run 0 "" 'cat big3.tok | FERNET_SPOOL_MAX=500000 "$F" decrypt -k k -o big3.out'
check "under the ceiling: round trip" cmp -s big3 big3.out
run 2 "FERNET_SPOOL_MAX wants a number of bytes, not 'lots'" env FERNET_SPOOL_MAX=lots "$F" decrypt -k k tok
# A TMPDIR that cannot hold it: a 64 KiB file size limit on the spool.
sh_run 3 "cannot write a temporary file in" '(ulimit -f 128; cat big3.tok | "$F" decrypt -k k >/dev/null)'
run 3 "cannot create a temporary file in $T/nowhere" env TMPDIR="$T/nowhere" sh -c 'cat tok | "$F" decrypt -k k'

# ---- read-only outputs are refused as cp(1) refuses them, unless --force ----
printf 'keep me\n' >ro
chmod 444 ro
run 3 "cannot write ro: it is read-only (use --force to replace it)" "$F" decrypt -k k tok -o ro
check "read-only output untouched" grep -qx 'keep me' ro
run 3 "cannot write ro: it is read-only (use --force to replace it)" "$F" encrypt -k k msg -o ro
run 3 "cannot write ro: it is read-only (use --force to replace it)" "$F" rotate -k k2 -k k tok -o ro
run 3 "it is read-only" bash -c 'FERNET_PASSWORD=pw "$F" encrypt --password --iterations 1 msg -o ro'
check "read-only output still untouched" grep -qx 'keep me' ro
run 0 "" "$F" decrypt --force -k k tok -o ro
check "--force replaces a read-only output" cmp -s msg ro
check "--force keeps its mode (0444)" test "$(stat -c %a ro)" = 444
"$F" --help decrypt >out 2>&1
check "decrypt --help lists --force" grep -q -- '--force' out
check "the manual documents --force for read-only outputs" grep -q 'read-only' "$OLDPWD/docs/fernet.1"

# ---- the one whitespace rule, without Python ----
fold -w 11 k >k.fold
run 0 "" "$F" decrypt -k k.fold tok -o out.kfold
check "a key wrapped over lines opens" cmp -s msg out.kfold
fold -w 9 tok | sed 's/$/\r/' >tok.crlf9
run 0 "" "$F" decrypt -k k tok.crlf9 -o out.crlf9
check "a CRLF-wrapped token opens" cmp -s msg out.crlf9
FERNET_PASSWORD=pw "$F" encrypt --password --legacy-cfb --iterations 3 msg -o l.cfb 2>/dev/null
fold -w 5 l.cfb >l.cfb5
run 0 "UNAUTHENTICATED" env FERNET_PASSWORD=pw "$F" decrypt --password --legacy-cfb --iterations 3 l.cfb5 -o out.l5
check "a wrapped legacy text opens" cmp -s msg out.l5
{ head -c 50 l.cfb; printf '*'; tail -c +51 l.cfb; } >l.star
run 1 "not a legacy CFB text: malformed base64" env FERNET_PASSWORD=pw "$F" decrypt --password --legacy-cfb --iterations 3 l.star -o never
{ cat l.cfb; printf 'QUFB\n'; } >l.more
run 1 "not a legacy CFB text: malformed base64" env FERNET_PASSWORD=pw "$F" decrypt --password --legacy-cfb --iterations 3 l.more -o never
check "malformed legacy texts leave no output" test ! -e never

# ---- tokens wrapped over several lines (Python's cryptography opens them) ----
if $PY -c 'import cryptography.fernet' 2>/dev/null; then
    $PY - <<'PYEOF'
import base64, os
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
try:
    from cryptography.hazmat.decrepit.ciphers.modes import CFB  # cryptography >= 43
except ImportError:
    from cryptography.hazmat.primitives.ciphers.modes import CFB
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
key = Fernet.generate_key()
open("py.key", "wb").write(key + b"\n")
msg = os.urandom(3000)
open("py.msg", "wb").write(msg)
open("py.tok", "wb").write(Fernet(key).encrypt(msg))
# The tutorial's legacy CFB text, wrapped at 76 as base64.encodebytes does.
salt, iv = os.urandom(16), os.urandom(16)
k = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=100000).derive(b"pw")
enc = Cipher(algorithms.AES(k), CFB(iv)).encryptor()
open("py.cfb", "wb").write(base64.encodebytes(salt + iv + enc.update(msg) + enc.finalize()))
PYEOF
    for w in 1 4 60 76; do
        fold -w $w py.tok >py.w$w
        check "Python opens its token wrapped at $w" $PY -c "
import sys; from cryptography.fernet import Fernet
k = open('py.key','rb').read().strip(); t = open('py.w$w','rb').read()
sys.exit(Fernet(k).decrypt(t) != open('py.msg','rb').read())"
        run 0 "" "$F" decrypt -k py.key py.w$w -o py.out$w
        check "fernet opens a Python token wrapped at $w" cmp -s py.msg py.out$w
        sh_run 0 "" "cat py.w$w | \"$F\" decrypt -k py.key >py.pipe$w"
        check "wrapped at $w through a pipe" cmp -s py.msg py.pipe$w
    done
    sed 's/$/\r/' py.w60 >py.crlf
    run 0 "" "$F" decrypt -k py.key py.crlf -o py.outcr
    check "fernet opens a CRLF-wrapped Python token" cmp -s py.msg py.outcr
    { printf ' \t'; fold -w 60 py.tok | sed 's/^/  /'; printf '\f\v\n'; } >py.indent
    run 0 "" "$F" verify -k py.key py.indent
    run 0 "" "$F" rotate -k k -k py.key py.w4 -o py.rot
    run 0 "" "$F" decrypt -k k py.rot -o py.rotout
    check "rotate of a wrapped token" cmp -s py.msg py.rotout
    run 0 "UNAUTHENTICATED" env FERNET_PASSWORD=pw "$F" decrypt --password --legacy-cfb py.cfb -o py.cfbout
    check "fernet opens the tutorial's 76-column legacy text" cmp -s py.msg py.cfbout
    FERNET_PASSWORD=pw "$F" encrypt --password --iterations 2 py.msg -o py.fcpw 2>/dev/null
    fold -w 7 py.fcpw >py.fcpw7
    run 0 "" env FERNET_PASSWORD=pw "$F" decrypt --password py.fcpw7 -o py.fcpwout
    check "a wrapped fcpw1 text opens" cmp -s py.msg py.fcpwout
    # A character no token has, inside the wrapping, is still an error.
    { head -c 30 py.w60; printf '*'; tail -c +31 py.w60; } >py.star
    run 1 "not a token (byte 0x2a at offset 30)" "$F" decrypt -k py.key py.star
else
    echo "SKIP: wrapped Python tokens (python3 with cryptography not installed)"
    [ "${FC_REQUIRE_PYTHON:-}" = 1 ] && bad "python3 with cryptography is required"
fi

# ---- kill -9 leaves nothing behind (Linux: unnamed temporary files) ----
# wait_fd PID: wait until PID holds an open file in this directory (its temporary output),
# and print that file's mode; gives up after 60 s.
wait_fd() {
    local pid=$1 i f
    for i in $(seq 600); do
        for f in /proc/"$pid"/fd/*; do
            case $(readlink "$f" 2>/dev/null) in
            "$T"/\#*|"$T"/.*) stat -L -c %a "$f" 2>/dev/null && return 0 ;;
            esac
        done
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}
# A directory listing without the files the test itself writes.
snapshot() { ls -A | grep -Ev '^(out|err)$'; }
if [ "$(uname -s)" = Linux ]; then
    # The portable AES and SHA-256 keep each run long enough to be killed half way; with
    # AES-NI and SHA-NI 48 MiB can finish before the signal arrives.
    export FERNETC_HW=none
    head -c $((48 * 1024 * 1024)) /dev/urandom >big
    "$F" encrypt -k k big -o big.tok
    mkdir spool
    before=$(snapshot)
    # Decrypt: killed in pass 2, while the plaintext is being written.
    "$F" decrypt -k k big.tok -o big.out 2>err &
    pid=$!
    mode=$(wait_fd $pid) && ok || bad "decrypt never opened its temporary output"
    check "the plaintext temporary file has mode 600 (got '$mode')" test "$mode" = 600
    kill -9 $pid
    wait $pid 2>/dev/null
    check "kill -9 in decrypt pass 2 leaves no file" test "$(snapshot)" = "$before"
    # Decrypt: killed in pass 1 (before any output exists), input from a pipe.
    cat big.tok | TMPDIR="$T/spool" "$F" decrypt -k k -o big.out 2>err &
    pid=$!
    sleep 0.3
    kill -9 $pid
    wait $pid 2>/dev/null
    check "kill -9 in decrypt pass 1 leaves no file" test "$(snapshot)" = "$before"
    check "kill -9 while spooling leaves nothing in TMPDIR" test -z "$(ls -A spool)"
    # Killed with a device as the output (so the input is spooled even from a file).
    TMPDIR="$T/spool" "$F" decrypt -k k big.tok -o /dev/null 2>err &
    pid=$!
    sleep 0.5
    kill -9 $pid
    wait $pid 2>/dev/null
    check "kill -9 with a spool leaves nothing in TMPDIR" test -z "$(ls -A spool)"
    # Encrypt: killed half way. The input is a FIFO whose writer stops after 1 MiB and holds
    # it open, so encrypt is certainly blocked mid-stream when the signal lands.
    mkfifo slow.fifo
    { head -c $((1024 * 1024)) big; exec sleep 60; } >slow.fifo 2>/dev/null &
    writer=$!
    "$F" encrypt -k k slow.fifo -o big.tok2 2>err &
    pid=$!
    wait_fd $pid >/dev/null && ok || bad "encrypt never opened its temporary output"
    sleep 0.3
    check "encrypt is still running, blocked on its input" kill -9 $pid
    wait $pid 2>/dev/null
    kill $writer 2>/dev/null
    wait $writer 2>/dev/null
    rm -f slow.fifo
    check "kill -9 in encrypt leaves no partial token" test "$(snapshot)" = "$before"
    # SIGTERM as well.
    "$F" decrypt -k k big.tok -o big.out 2>err &
    pid=$!
    wait_fd $pid >/dev/null
    kill -TERM $pid
    wait $pid 2>/dev/null
    check "SIGTERM in decrypt leaves no file" test "$(snapshot)" = "$before"
    # And a run that finishes commits the file with the usual mode.
    run 0 "" "$F" decrypt -k k big.tok -o big.out
    check "finished decrypt: same bytes" cmp -s big big.out
    check "finished decrypt: mode from the umask (644)" test "$(stat -c %a big.out)" = 644
    unset FERNETC_HW
else
    echo "SKIP: kill -9 cases (Linux only)"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
