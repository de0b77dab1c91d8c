#!/usr/bin/env bash
# Runs each benchmark program twice (OpenSSL as is, then with AES-NI and the SHA extensions
# masked) plus any bench/*.py script (Python figures), and prints one table. Ratios are
# fernet-c's speed over the other's: above 1 means fernet-c is faster. The AES and hash
# programs run a third time with fernet-c's hardware backends off (FERNETC_HW=none) beside
# OpenSSL with AES-NI/SHA-NI masked: the "[portable]" rows. Then bench/cli.sh times the
# fernet command ($BUILD/fernet) on a large file and pipe beside Python (BENCH_CLI_MIB=0
# skips it; see that script for its other settings).
set -eu
MASK='~0x200000200000000:~0x20000000'
rows=$(mktemp)
trap 'rm -f "$rows"' EXIT
info=$(mktemp)
trap 'rm -f "$rows" "$info"' EXIT
for bin in "$@"; do
    "$bin" | tee -a "$info" | sed -n 's/^ROW\t/A\t/p' >>"$rows"
    OPENSSL_ia32cap="$MASK" FC_BENCH_MASKED=1 "$bin" | sed -n 's/^ROW\t/M\t/p' >>"$rows"
    case "$(basename "$bin")" in
    bench_aes | bench_hash)
        FERNETC_HW=none OPENSSL_ia32cap="$MASK" "$bin" \
            | sed -n 's/^ROW\t\([^\t]*\)\t/A\t\1 [portable]\t/p' >>"$rows" ;;
    esac
done
for py in bench/*.py; do
    [ -e "$py" ] || continue
    if python3 -c 'import cryptography' 2>/dev/null; then
        python3 "$py" | sed -n 's/^PYROW\t/P\t/p' >>"$rows"
    else
        echo "(python3 with cryptography not found: $py skipped)"
    fi
done
fernet=${BUILD:-build}/fernet
if [ -x "$fernet" ]; then
    bash bench/cli.sh "$fernet" | tee -a "$info" \
        | sed -n -e 's/^ROW\t/A\t/p' -e 's/^PYROW\t/P\t/p' >>"$rows"
else
    echo "($fernet not built: the fernet command rows skipped)"
fi
sed -n 's/^INFO\t//p' "$info"
echo "[portable] rows: fernet-c with FERNETC_HW=none, OpenSSL with OPENSSL_ia32cap=$MASK"
awk -F'\t' '
function ratio(unit, fc, other) {
    if (fc == "-" || other == "-" || fc == "" || other == "" || fc + 0 == 0 || other + 0 == 0) return "-"
    if (unit == "MB/s" || unit ~ /\/s$/) return sprintf("%.2fx", fc / other)
    return sprintf("%.2fx", other / fc)
}
{
    key = $2
    if (!(key in unit)) { order[n++] = key; unit[key] = $3; fc[key] = "-"; os[key] = "-"; om[key] = "-"; py[key] = "-" }
    if ($1 == "A") { fc[key] = $4; os[key] = $5 }
    if ($1 == "M") { om[key] = $5 }
    if ($1 == "P") { py[key] = $4 }
}
END {
    printf "%-34s %-6s %12s %12s %8s %14s %8s %12s %8s\n", "benchmark", "unit", "fernet-c", "OpenSSL", "ratio", "OpenSSL-masked", "ratio", "Python", "ratio"
    for (i = 0; i < n; i++) {
        k = order[i]
        printf "%-34s %-6s %12s %12s %8s %14s %8s %12s %8s\n", k, unit[k], fc[k], os[k], ratio(unit[k], fc[k], os[k]), om[k], ratio(unit[k], fc[k], om[k]), py[k], ratio(unit[k], fc[k], py[k])
    }
}' "$rows"
