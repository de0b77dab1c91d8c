#!/usr/bin/env bash
# The fernet command on a large input beside Python's cryptography Fernet doing the same job
# (read the input, Fernet.encrypt or Fernet.decrypt, write the output), file to file and
# pipe to pipe. bench/run.sh runs it with the fernet binary as the argument; it prints
# "ROW<TAB>name<TAB>unit<TAB>fernet-c<TAB>-" and "PYROW<TAB>name<TAB>unit<TAB>Python"
# lines (seconds and peak RSS in MiB: lower is better) and INFO lines.
#
#   BENCH_CLI_MIB   input size in MiB (default 1024); 0 skips these rows
#   BENCH_CLI_RUNS  runs of each command (default 3); the rows give the median, INFO the min
#   BENCH_CLI_DIR   where the data goes (default TMPDIR, else /tmp); give a directory on
#                   the disk you care about: fernet's output is fsync'ed there
#
# Both sides get the same plaintext, the same key (fernet's key file) and the same token
# (made by fernet encrypt). Wall time is the whole command (or the whole pipeline
# cat INPUT | COMMAND | cat >/dev/null), start-up included. Python's program is what its
# users write: it holds the whole input and output in memory, and its output file is not
# fsync'ed (fernet's is, before the rename that makes it appear); each Python output is
# fsync'ed afterwards, outside the timing, so its write-back does not slow the next run.
set -eu
fernet=${1:?usage: bench/cli.sh path/to/fernet}
fernet=$(cd "$(dirname "$fernet")" && pwd)/$(basename "$fernet")
mib=${BENCH_CLI_MIB:-1024}
runs=${BENCH_CLI_RUNS:-3}
case "$mib$runs" in *[!0-9]*) echo "bench/cli.sh: BENCH_CLI_MIB and BENCH_CLI_RUNS are numbers" >&2; exit 2 ;; esac
if [ "$mib" -eq 0 ] || [ "$runs" -eq 0 ]; then
    echo "INFO	fernet command rows skipped (BENCH_CLI_MIB=0 or BENCH_CLI_RUNS=0)"
    exit 0
fi
[ -x /usr/bin/time ] || { echo "INFO	fernet command rows skipped: /usr/bin/time (GNU time) not found"; exit 0; }
python=1
python3 -c 'import cryptography' 2>/dev/null || python=0

dir=$(mktemp -d "${BENCH_CLI_DIR:-${TMPDIR:-/tmp}}/fernet-clibench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cd "$dir"

# Python's side: python3 -c "$PY" encrypt|decrypt KEYFILE INPUT|- OUTPUT|-
PY='
import sys
from cryptography.fernet import Fernet
op, keyfile, src, dst = sys.argv[1:5]
with open(keyfile, "rb") as fh:
    f = Fernet(fh.read().strip())
if src == "-":
    data = sys.stdin.buffer.read()
else:
    with open(src, "rb") as fh:
        data = fh.read()
out = f.encrypt(data) if op == "encrypt" else f.decrypt(data)
del data
with (open(dst, "wb") if dst != "-" else sys.stdout.buffer) as fh:
    fh.write(out)
    if op == "encrypt":
        fh.write(b"\n")
'

"$fernet" keygen -o key
head -c "$((mib * 1048576))" /dev/urandom >plain
"$fernet" encrypt -k key plain -o token
if [ "$python" = 1 ]; then
    # One interop check before timing anything: each side opens the other's token.
    head -c 4096 plain >small
    python3 -c "$PY" encrypt key small small.py
    "$fernet" decrypt -k key small.py | cmp -s - small || { echo "bench/cli.sh: fernet does not open Python's token" >&2; exit 1; }
    "$fernet" encrypt -k key small -o small.fc
    python3 -c "$PY" decrypt key small.fc small.back
    cmp -s small small.back || { echo "bench/cli.sh: Python does not open fernet's token" >&2; exit 1; }
    rm -f small small.py small.fc small.back
fi

# measure LABEL FORM COMMAND...: one run; appends "LABEL seconds rss_kib" to results.
# FORM file: COMMAND writes the file "out" (removed before the run). FORM pipe: COMMAND
# reads its standard input from a pipe and writes its standard output to a pipe.
measure() {
    local label=$1 form=$2 t0 t1 in
    shift 2
    rm -f out rss
    case "$label" in *encrypt*) in=plain ;; *) in=token ;; esac
    t0=$EPOCHREALTIME
    if [ "$form" = file ]; then
        /usr/bin/time -o rss -f %M "$@"
    else
        cat "$in" | /usr/bin/time -o rss -f %M "$@" | cat >/dev/null
    fi
    t1=$EPOCHREALTIME
    [ -e out ] && sync out
    echo "$label $t0 $t1 $(tail -n 1 rss)" >>results
}

: >results
for ((r = 0; r < runs; r++)); do
    for op in encrypt decrypt; do
        [ "$op" = encrypt ] && in=plain || in=token
        measure "fc-$op-file" file "$fernet" "$op" -k key "$in" -o out
        [ "$python" = 1 ] && measure "py-$op-file" file python3 -c "$PY" "$op" key "$in" out
        measure "fc-$op-pipe" pipe "$fernet" "$op" -k key
        [ "$python" = 1 ] && measure "py-$op-pipe" pipe python3 -c "$PY" "$op" key - -
    done
done
rm -f out plain token

# label -> median and min seconds, median peak RSS in MiB
stats() {
    awk -v l="$1" 'BEGIN { n = 0 } $1 == l { s[n] = $3 - $2; m[n] = $4 / 1024; n++ }
        END {
            if (n == 0) { print "- - -"; exit }
            for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) {
                if (s[j] < s[i]) { t = s[i]; s[i] = s[j]; s[j] = t }
                if (m[j] < m[i]) { t = m[i]; m[i] = m[j]; m[j] = t }
            }
            med = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
            mm = n % 2 ? m[(n - 1) / 2] : (m[n / 2 - 1] + m[n / 2]) / 2
            printf "%.3f %.3f %.1f\n", med, s[0], mm
        }' results
}

echo "INFO	fernet command rows: $mib MiB, median of $runs runs (min in these lines); Python output not fsync'ed, fernet's is"
for op in encrypt decrypt; do
    for form in file pipe; do
        [ "$form" = file ] && name="fernet $op $mib MiB file->file" || name="fernet $op $mib MiB pipe->pipe"
        read -r fmed fmin frss <<<"$(stats "fc-$op-$form")"
        read -r pmed pmin prss <<<"$(stats "py-$op-$form")"
        echo "ROW	$name	s	$fmed	-"
        echo "ROW	fernet $op $form peak RSS	MiB	$frss	-"
        if [ "$python" = 1 ]; then
            echo "PYROW	$name	s	$pmed"
            echo "PYROW	fernet $op $form peak RSS	MiB	$prss"
        fi
        echo "INFO	$name: fernet-c min $fmin s, Python min $pmin s"
    done
done
[ "$python" = 1 ] || echo "INFO	(python3 with cryptography not found: no Python figures for the fernet command rows)"
