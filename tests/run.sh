#!/usr/bin/env bash
# Runs every Check suite binary given as an argument (through $RUNNER, e.g. valgrind), then
# every tests/check_*.sh script, and prints one closing line "N passed, N failed" counting
# Check tests and script tests. Exits non-zero if anything failed.
set -u
BUILD=${BUILD:-build}
RUNNER=${RUNNER:-}
export BUILD
passed=0
failed=0
bad=()
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Each suite runs twice: with the hardware backends this CPU has (AES-NI/VAES, SHA-NI,
# Armv8 Crypto Extensions), then with FERNETC_HW=none, the portable code only. The suites
# print which backends they ran.
runs=()
for bin in "$@"; do
    runs+=("$bin|default" "$bin|none")
done
for run in "${runs[@]}"; do
    bin=${run%|*}
    hw=${run##*|}
    echo "== $(basename "$bin") (backends: $hw)"
    if [ "$hw" = default ]; then
        # shellcheck disable=SC2086
        $RUNNER "$bin" 2>&1 | tee "$log"
    else
        # shellcheck disable=SC2086
        FERNETC_HW=$hw $RUNNER "$bin" 2>&1 | tee "$log"
    fi
    rc=${PIPESTATUS[0]}
    # Check's summary: "100%: Checks: 12, Failures: 0, Errors: 0"
    line=$(grep -E '^[0-9]+%: Checks: ' "$log" | tail -n 1)
    if [ -n "$line" ]; then
        n=$(sed -E 's/.*Checks: ([0-9]+).*/\1/' <<<"$line")
        f=$(sed -E 's/.*Failures: ([0-9]+).*/\1/' <<<"$line")
        e=$(sed -E 's/.*Errors: ([0-9]+).*/\1/' <<<"$line")
        passed=$((passed + n - f - e))
        failed=$((failed + f + e))
    fi
    if [ "$rc" -ne 0 ]; then
        bad+=("$(basename "$bin") [$hw] (exit $rc)")
        [ -n "$line" ] || failed=$((failed + 1))
    fi
done

# Script tests print their own "N passed, N failed" line. FC_SKIP_SCRIPTS=1 (the valgrind
# run, which only wraps the Check binaries) leaves them out.
for script in tests/check_*.sh; do
    [ -e "$script" ] || continue
    [ "${FC_SKIP_SCRIPTS:-}" = 1 ] && continue
    echo "== $script"
    bash "$script" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    line=$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    if [ -n "$line" ]; then
        p=$(sed -E 's/^([A-Za-z-]+: )?([0-9]+) passed.*/\2/' <<<"$line")
        f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
        passed=$((passed + p))
        failed=$((failed + f))
    fi
    if [ "$rc" -ne 0 ]; then
        bad+=("$script (exit $rc)")
        [ -n "$line" ] || failed=$((failed + 1))
    fi
done

if [ "${#bad[@]}" -ne 0 ]; then
    printf 'FAILED: %s\n' "${bad[@]}"
fi
echo "$passed passed, $failed failed"
[ "${#bad[@]}" -eq 0 ] && [ "$failed" -eq 0 ]
