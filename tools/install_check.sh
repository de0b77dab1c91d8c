#!/usr/bin/env bash
# make install-check: `make install` and `make uninstall` into temporary trees.
#   - PREFIX install: every file in place, pkg-config and the CMake package point at it, a
#     program built with `cc x.c $(pkg-config --cflags --libs fernetc)` runs; uninstall leaves
#     no file and no directory that install created (and keeps one that existed before)
#   - DESTDIR staging with LIBDIR, INCLUDEDIR, BINDIR, MANDIR moved: files land there, no
#     ldconfig (DESTDIR set), uninstall empties the stage
#   - ldconfig: run when DESTDIR is empty and LIBDIR is a directory ld.so searches (a stand-in
#     LDCONFIG reports the directory as searched and records the call), skipped otherwise
# FC_SYSTEM_INSTALL_TEST=1 (as root, on a throw-away machine) also installs to /usr/local and
# runs a program linked with pkg-config without LD_LIBRARY_PATH, then uninstalls.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fernetc-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "install-check: FAIL: $*" >&2; exit 1; }
log() { echo "install-check: $*"; }
mk() { make -C "$root" --no-print-directory BUILD="$tmp/build" "$@" > "$tmp/log" 2>&1 || { cat "$tmp/log"; fail "make $*"; }; }
word=abc
want=$(printf %s "$word" | sha256sum | cut -d' ' -f1)

# 1. PREFIX
p=$tmp/prefix
mkdir -p "$p/share/man"           # existed before install: uninstall must keep it
mk install PREFIX="$p" LDCONFIG=:
for f in lib/libfernetc.a lib/libfernetc.so.0.1.0 lib/libfernetc.so.0 lib/libfernetc.so \
         include/fernetc.h include/fc_fernet.h lib/pkgconfig/fernetc.pc \
         lib/cmake/fernetc/fernetcConfig.cmake lib/cmake/fernetc/fernetcConfigVersion.cmake \
         bin/fernet share/man/man1/fernet.1; do
    [ -e "$p/$f" ] || fail "PREFIX install: no $f"
done
grep -q 'note: ld.so does not search' "$tmp/log" || fail "no note that ld.so does not search $p/lib"
export PKG_CONFIG_PATH=$p/lib/pkgconfig
[ "$(pkg-config --modversion fernetc)" = 0.1.0 ] || fail "pkg-config --modversion"
cc -Wall -Wextra -Werror -o "$tmp/consumer" "$root/tests/buildsys/consumer.c" \
    $(pkg-config --cflags --libs fernetc) -Wl,-rpath,"$p/lib"
out=$("$tmp/consumer" "$word") || fail "pkg-config consumer exited $?"
[ "$(printf '%s\n' "$out" | head -n 1)" = "$want" ] || fail "pkg-config consumer: digest $out"
"$p/bin/fernet" --version > /dev/null 2>&1 || "$p/bin/fernet" --help > /dev/null || fail "installed fernet does not run"
log "ok: PREFIX install: files, pkg-config, a consumer runs"
mk uninstall PREFIX="$p"
left=$(cd "$tmp/prefix" && find . -mindepth 1 | sort | tr '\n' ' ')
[ "$left" = "./share ./share/man " ] || fail "uninstall left: $left"
log "ok: uninstall removed every file and the directories install created, kept share/man"

# 2. DESTDIR staging with every directory moved
s=$tmp/stage
mk install DESTDIR="$s" PREFIX=/opt/fc LIBDIR=/opt/fc/lib64 INCLUDEDIR=/opt/fc/inc/fernetc \
   BINDIR=/opt/fc/sbin MANDIR=/opt/fc/man LDCONFIG=false
for f in lib64/libfernetc.so.0 inc/fernetc/fernetc.h sbin/fernet man/man1/fernet.1 \
         lib64/pkgconfig/fernetc.pc lib64/cmake/fernetc/fernetcConfig.cmake; do
    [ -e "$s/opt/fc/$f" ] || fail "DESTDIR install: no /opt/fc/$f"
done
grep -q '^libdir=/opt/fc/lib64$' "$s/opt/fc/lib64/pkgconfig/fernetc.pc" || fail "fernetc.pc libdir"
grep -q '"/opt/fc/inc/fernetc"' "$s/opt/fc/lib64/cmake/fernetc/fernetcConfig.cmake" || fail "fernetcConfig.cmake include dir"
grep -q 'ldconfig\|ld.so' "$tmp/log" && fail "DESTDIR install mentioned ldconfig"
mk uninstall DESTDIR="$s" PREFIX=/opt/fc LIBDIR=/opt/fc/lib64 INCLUDEDIR=/opt/fc/inc/fernetc \
   BINDIR=/opt/fc/sbin MANDIR=/opt/fc/man
[ -z "$(find "$s" -mindepth 1)" ] || fail "DESTDIR uninstall left: $(find "$s" -mindepth 1)"
log "ok: DESTDIR + LIBDIR/INCLUDEDIR/BINDIR/MANDIR install and uninstall"

# 3. ldconfig, with a stand-in that declares $tmp/sys/lib searched
cat > "$tmp/fake-ldconfig" <<FAKE
#!/bin/sh
if [ "\$#" -gt 0 ]; then echo "$tmp/sys/lib: (from fake)"; else touch "$tmp/ldconfig-ran"; fi
FAKE
chmod +x "$tmp/fake-ldconfig"
mkdir -p "$tmp/sys/lib"
mk install PREFIX="$tmp/sys" LDCONFIG="$tmp/fake-ldconfig"
if [ "$(id -u)" -eq 0 ]; then
    [ -e "$tmp/ldconfig-ran" ] || fail "install into a searched LIBDIR did not run ldconfig"
    log "ok: ldconfig runs for a LIBDIR that ld.so searches"
else
    grep -q "sudo ldconfig" "$tmp/log" || fail "no hint to run ldconfig as root"
    log "ok: not root: a hint to run 'sudo ldconfig'"
fi
rm -f "$tmp/ldconfig-ran"
mk install PREFIX="$tmp/other" LDCONFIG="$tmp/fake-ldconfig"
[ -e "$tmp/ldconfig-ran" ] && fail "ldconfig ran for a LIBDIR ld.so does not search"
log "ok: no ldconfig for a LIBDIR ld.so does not search"

# 4. Optional: the real thing, as the README tells a user to do it.
if [ "${FC_SYSTEM_INSTALL_TEST:-0}" = 1 ] && [ "$(id -u)" -eq 0 ]; then
    [ -e /usr/local/lib/libfernetc.so ] && fail "/usr/local already has libfernetc: not touching it"
    mk install
    unset PKG_CONFIG_PATH
    cc -o "$tmp/sys-consumer" "$root/tests/buildsys/consumer.c" $(pkg-config --cflags --libs fernetc)
    out=$(env -u LD_LIBRARY_PATH "$tmp/sys-consumer" "$word") || { mk uninstall; fail "/usr/local consumer exited $?"; }
    mk uninstall
    [ "$(printf '%s\n' "$out" | head -n 1)" = "$want" ] || fail "/usr/local consumer: digest $out"
    log "ok: make install to /usr/local, then cc \$(pkg-config ...) runs without LD_LIBRARY_PATH"
fi
log "all passed"
