#!/usr/bin/env bash
# Constant-time gate: runs every program built from tests/ct/*.c under valgrind memcheck.
# The programs mark secrets undefined (VALGRIND_MAKE_MEM_UNDEFINED), so any branch or memory
# index that depends on them is a valgrind error. Programs named neg_* are negative controls
# (a deliberately leaky lookup) and must FAIL, proving the gate is not vacuous.
#
# Hardware paths: valgrind emulates AES-NI, so ct_aes runs the portable core AND the AES-NI
# backend. Valgrind cannot see SHA-NI (not emulated; its CPUID hides it, and FC_CT_TEST builds
# also check RUNNING_ON_VALGRIND) nor VAES/AVX-512 (hidden by its CPUID): those run only in
# `make check`, where tests/test_backends.c compares them with the portable code. Their
# constant-time argument is the instructions' own (fixed latency, no table lookups) and the
# absence of secret-dependent branches and indexes around them (reviewed, not gated).
set -u
BUILD=${BUILD:-build}
passed=0
failed=0
for bin in "$BUILD"/ct/*; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin")
    valgrind -q --error-exitcode=42 --track-origins=yes "$bin" >"$BUILD/ct/$name.log" 2>&1
    rc=$?
    case "$name" in
    neg_*)
        if [ "$rc" -eq 42 ]; then
            echo "ct: $name: leak caught, as it must be"; passed=$((passed + 1))
        else
            echo "ct: $name: negative control NOT caught (exit $rc)"; failed=$((failed + 1))
            cat "$BUILD/ct/$name.log"
        fi ;;
    *)
        if [ "$rc" -eq 0 ]; then
            echo "ct: $name: clean ($(grep -c . "$BUILD/ct/$name.log" || true) lines of output)"
            grep -h "backend" "$BUILD/ct/$name.log" | sed "s/^/ct:   /" || true
            passed=$((passed + 1))
        else
            echo "ct: $name: FAILED (exit $rc)"; failed=$((failed + 1))
            cat "$BUILD/ct/$name.log"
        fi ;;
    esac
done
echo "ct: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
