#!/usr/bin/env bash
# Runs each Check suite binary given as an argument once through $RUNNER (a QEMU command
# line; tools/cross.mk), adds up Check's summary lines and prints one closing line
# "N passed, N failed". Exits non-zero if any suite failed, crashed or printed no summary.
# Unlike tests/run.sh it runs no host scripts and each suite once: under emulation the
# choice of backend is made by the emulated CPU (see tools/cross.mk).
set -u
RUNNER=${RUNNER:-}
passed=0
failed=0
bad=()
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for bin in "$@"; do
    echo "== $(basename "$bin")"
    # shellcheck disable=SC2086
    $RUNNER "$bin" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    line=$(grep -E '^[0-9]+%: Checks: ' "$log" | tail -n 1)
    if [ -n "$line" ]; then
        n=$(sed -E 's/.*Checks: ([0-9]+).*/\1/' <<<"$line")
        f=$(sed -E 's/.*Failures: ([0-9]+).*/\1/' <<<"$line")
        e=$(sed -E 's/.*Errors: ([0-9]+).*/\1/' <<<"$line")
        passed=$((passed + n - f - e))
        failed=$((failed + f + e))
    else
        failed=$((failed + 1))
    fi
    [ "$rc" -eq 0 ] || bad+=("$(basename "$bin") (exit $rc)")
done

if [ "${#bad[@]}" -ne 0 ]; then
    printf 'FAILED: %s\n' "${bad[@]}"
fi
echo "$passed passed, $failed failed"
[ "${#bad[@]}" -eq 0 ] && [ "$failed" -eq 0 ]
