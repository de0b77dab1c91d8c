#!/usr/bin/env bash
# make cmake-check: every way a CMake project consumes fernetc, from scratch in a temporary
# directory, each giving the target fernetc::fernetc (tests/buildsys/):
#   1. add_subdirectory()                 5. find_package after `make install` (shared, and
#   2. FetchContent from a local archive     static with FERNETC_USE_STATIC=ON)
#   3. FERNETC_MODULES leaves modules out 6. Cortex-M4 cross build through a toolchain file
#   4. find_package after `cmake --install`
# Each consumer prints SHA-256 of a word (compared with sha256sum) and runs a Fernet round trip.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fernetc-cmake.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp -r "$root/tests/buildsys" "$tmp/consumer"
word=fernet-c
want=$(printf %s "$word" | sha256sum | cut -d' ' -f1)
gen=(-G Ninja -DCMAKE_BUILD_TYPE=Release)
fail() { echo "cmake-check: FAIL: $*" >&2; exit 1; }
log() { echo "cmake-check: $*"; }
quiet() { "$@" > "$tmp/log" 2>&1 || { cat "$tmp/log"; fail "$*"; }; }

run_consumer() { # build dir, label
    local out
    out=$("$1/consumer" "$word") || fail "$2: consumer exited $?"
    [ "$(printf '%s\n' "$out" | head -n 1)" = "$want" ] || fail "$2: digest '$out', sha256sum says $want"
    printf '%s\n' "$out" | grep -qx 'fernet round trip: ok' || fail "$2: no round trip"
    log "ok: $2"
}

# 1. add_subdirectory, shared and static
for shared in ON OFF; do
    b=$tmp/sub-$shared
    quiet cmake "${gen[@]}" -S "$tmp/consumer/cmake" -B "$b" -DFC_MODE=subdirectory \
        -DFERNETC_SOURCE="$root" -DBUILD_SHARED_LIBS=$shared
    quiet cmake --build "$b"
    run_consumer "$b" "add_subdirectory (BUILD_SHARED_LIBS=$shared)"
done
[ -e "$tmp/sub-ON/fernetc/libfernetc.so.0" ] || fail "shared build has no libfernetc.so.0"
[ -e "$tmp/sub-OFF/fernetc/libfernetc.a" ] || fail "static build has no libfernetc.a"

# 2. FetchContent from a local archive of the tree (what a release tarball gives)
tar -C "$root" --exclude=./build --exclude=./.git -czf "$tmp/fernetc.tar.gz" .
b=$tmp/fetch
quiet cmake "${gen[@]}" -S "$tmp/consumer/cmake" -B "$b" -DFC_MODE=fetch -DFERNETC_URL="file://$tmp/fernetc.tar.gz"
quiet cmake --build "$b"
run_consumer "$b" "FetchContent (URL file://...tar.gz)"

# 3. The module option: a library without aes, fernet and platform has no fc_aes_ symbol
b=$tmp/modules
quiet cmake "${gen[@]}" -S "$root" -B "$b" -DFERNETC_MODULES="common;sha256;hmac" -DBUILD_SHARED_LIBS=OFF
quiet cmake --build "$b"
nm -g --defined-only "$b/libfernetc.a" | grep -q ' fc_hmac_sha256$' || fail "FERNETC_MODULES: fc_hmac_sha256 missing"
! nm -g --defined-only "$b/libfernetc.a" | grep -q ' fc_aes_' || fail "FERNETC_MODULES: aes compiled in"
if cmake "${gen[@]}" -S "$root" -B "$tmp/badmod" -DFERNETC_MODULES="common;nosuch" > "$tmp/log" 2>&1; then
    fail "FERNETC_MODULES accepted an unknown module"; fi
grep -q "unknown module 'nosuch'" "$tmp/log" || fail "unknown module: no clear message"
log "ok: FERNETC_MODULES=common;sha256;hmac compiles those only, unknown modules refused"

# 4. cmake --install, then find_package
b=$tmp/lib-build
quiet cmake "${gen[@]}" -S "$root" -B "$b" -DBUILD_SHARED_LIBS=ON -DCMAKE_INSTALL_PREFIX="$tmp/cmake-prefix"
quiet cmake --build "$b"
quiet cmake --install "$b"
[ -x "$tmp/cmake-prefix/bin/fernet" ] || fail "cmake --install: no fernet command"
b=$tmp/pkg-cmake
quiet cmake "${gen[@]}" -S "$tmp/consumer/cmake" -B "$b" -DFC_MODE=package -DCMAKE_PREFIX_PATH="$tmp/cmake-prefix"
quiet cmake --build "$b"
run_consumer "$b" "find_package after cmake --install"

# 5. make install, then find_package: shared by default, static on request
quiet make -C "$root" --no-print-directory BUILD="$tmp/make-build" PREFIX="$tmp/make-prefix" LDCONFIG=: install
for static in OFF ON; do
    b=$tmp/pkg-make-$static
    quiet cmake "${gen[@]}" -S "$tmp/consumer/cmake" -B "$b" -DFC_MODE=package \
        -DCMAKE_PREFIX_PATH="$tmp/make-prefix" -DFERNETC_USE_STATIC=$static
    grep -q "fernetc 0.1.0 from $tmp/make-prefix/lib/cmake/fernetc" "$tmp/log" || fail "make install: wrong package found"
    grep -q "modules: common;sha256;hmac;" "$tmp/log" || fail "make install: fernetc_MODULES is not a CMake list"
    quiet cmake --build "$b"
    needed=$(readelf -d "$b/consumer" | grep -c 'NEEDED.*libfernetc.so.0' || true)
    if [ $static = ON ]; then [ "$needed" = 0 ] || fail "FERNETC_USE_STATIC=ON linked the shared library"
    else [ "$needed" = 1 ] || fail "default package link is not the shared library"; fi
    run_consumer "$b" "find_package after make install (FERNETC_USE_STATIC=$static)"
done
# A version the package cannot satisfy is refused.
sed 's/find_package(fernetc 0.1 /find_package(fernetc 1.0 /' "$tmp/consumer/cmake/CMakeLists.txt" > "$tmp/v.txt"
mkdir -p "$tmp/vproj" && cp "$tmp/v.txt" "$tmp/vproj/CMakeLists.txt"
if cmake "${gen[@]}" -S "$tmp/vproj" -B "$tmp/vbuild" -DFC_MODE=package \
        -DCMAKE_PREFIX_PATH="$tmp/make-prefix" > "$tmp/log" 2>&1; then
    fail "find_package(fernetc 1.0) accepted 0.1.0"; fi
grep -q 'version: 0.1.0' "$tmp/log" || { cat "$tmp/log"; fail "find_package(fernetc 1.0) failed for another reason"; }
log "ok: find_package(fernetc 1.0) refuses 0.1.0"

# 6. Cortex-M4 through a toolchain file
b=$tmp/m4
quiet cmake "${gen[@]}" -S "$tmp/consumer/firmware" -B "$b" -DFERNETC_SOURCE="$root" \
    -DCMAKE_TOOLCHAIN_FILE="$tmp/consumer/firmware/cortex-m4.cmake" -DCMAKE_BUILD_TYPE=MinSizeRel
quiet cmake --build "$b"
readelf -h "$b/firmware.elf" | grep -q 'Machine:.*ARM' || fail "firmware.elf is not an ARM image"
readelf -A "$b/firmware.elf" | grep -q 'Tag_CPU_name: "Cortex-M4"\|Tag_CPU_arch: v7E-M' || fail "firmware.elf is not built for Cortex-M4"
! nm "$b/fernetc/libfernetc.a" | grep -q ' T fc_os_' || fail "firmware build compiled the platform module"
log "ok: Cortex-M4 firmware.elf through cortex-m4.cmake ($(arm-none-eabi-size "$b/firmware.elf" | awk 'NR==2 {print $1 " B text"}'))"
log "all passed"
