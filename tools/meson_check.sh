#!/usr/bin/env bash
# make meson-check: a Meson project (tests/buildsys/meson) that takes fernetc as a subproject
# through dependency('fernetc') with a fallback, built from scratch in a temporary directory;
# then the fernetc tree on its own with a reduced `modules` option.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fernetc-meson.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "meson-check: FAIL: $*" >&2; exit 1; }
log() { echo "meson-check: $*"; }
quiet() { "$@" > "$tmp/log" 2>&1 || { cat "$tmp/log"; fail "$*"; }; }
word=fernet-c
want=$(printf %s "$word" | sha256sum | cut -d' ' -f1)

# The consumer, with a copy of the tree (no build products) as subprojects/fernetc.
cp -r "$root/tests/buildsys" "$tmp/consumer"
mkdir -p "$tmp/consumer/meson/subprojects/fernetc"
tar -C "$root" --exclude=./build --exclude=./.git -cf - . | tar -C "$tmp/consumer/meson/subprojects/fernetc" -xf -
for lib in shared static; do
    b=$tmp/build-$lib
    quiet meson setup "$b" "$tmp/consumer/meson" --force-fallback-for=fernetc -Ddefault_library=$lib
    grep -q "Executing subproject fernetc" "$tmp/log" || fail "$lib: the subproject was not used"
    quiet meson compile -C "$b"
    out=$("$b/consumer" "$word") || fail "$lib: consumer exited $?"
    [ "$(printf '%s\n' "$out" | head -n 1)" = "$want" ] || fail "$lib: digest '$out', sha256sum says $want"
    printf '%s\n' "$out" | grep -qx 'fernet round trip: ok' || fail "$lib: no round trip"
    log "ok: subproject fallback, default_library=$lib"
done

# fernetc alone, modules reduced: no aes symbol in the library.
b=$tmp/alone
quiet meson setup "$b" "$root" -Dmodules=common,sha256,hmac -Ddefault_library=static
quiet meson compile -C "$b"
nm -g --defined-only "$b/libfernetc.a" | grep -q ' fc_hmac_sha256$' || fail "modules: fc_hmac_sha256 missing"
! nm -g --defined-only "$b/libfernetc.a" | grep -q ' fc_aes_' || fail "modules: aes compiled in"
log "ok: -Dmodules=common,sha256,hmac compiles those only"
log "all passed"
