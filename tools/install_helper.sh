#!/bin/sh
# Helpers for `make install` / `make uninstall` (Makefile).
#
#   install_helper.sh mkdirs MANIFEST DIR...   create DESTDIR/DIR...; add to MANIFEST (a file
#                                              inside the install) every directory that did not
#                                              exist before, parents included
#   install_helper.sh rmdirs MANIFEST          remove those directories again, deepest first,
#                                              where they are empty; then MANIFEST itself
#   install_helper.sh ldconfig LIBDIR          refresh ld.so's cache when LIBDIR is one of the
#                                              directories ld.so searches (DESTDIR empty only)
#
# DESTDIR comes from the environment. MANIFEST names paths without DESTDIR.
set -eu
DESTDIR=${DESTDIR:-}
cmd=$1; shift

case $cmd in
mkdirs)
    manifest=$1; shift
    new=
    for d in "$@"; do
        p=$d
        while [ -n "$p" ] && [ "$p" != / ] && [ "$p" != . ] && [ ! -d "$DESTDIR$p" ]; do
            new="$new$p
"
            p=$(dirname "$p")
        done
    done
    for d in "$@"; do install -d "$DESTDIR$d"; done
    old=
    [ -f "$DESTDIR$manifest" ] && old=$(cat "$DESTDIR$manifest")
    printf '%s\n%s' "$old" "$new" | sed '/^$/d' | sort -u > "$DESTDIR$manifest"
    chmod 644 "$DESTDIR$manifest"
    ;;
rmdirs)
    manifest=$1
    [ -f "$DESTDIR$manifest" ] || exit 0
    dirs=$(cat "$DESTDIR$manifest")
    rm -f "$DESTDIR$manifest"
    # Deepest first: sort by the number of slashes, most first.
    printf '%s\n' "$dirs" | awk -F/ 'NF { print NF "\t" $0 }' | sort -rn | cut -f2- |
    while IFS= read -r d; do
        rmdir "$DESTDIR$d" 2>/dev/null || true
    done
    ;;
ldconfig)
    libdir=$1
    if [ -n "$DESTDIR" ]; then exit 0; fi
    LDCONFIG=${LDCONFIG:-ldconfig}
    command -v "$LDCONFIG" >/dev/null 2>&1 || LDCONFIG=/sbin/ldconfig
    real=$(cd "$libdir" && pwd -P)
    searched=$( { printf '/lib\n/usr/lib\n/lib64\n/usr/lib64\n'
                  "$LDCONFIG" -v -N -X 2>/dev/null | sed -n 's|^\(/[^:]*\):.*|\1|p'; } |
                while IFS= read -r d; do [ -d "$d" ] && (cd "$d" && pwd -P); done)
    if printf '%s\n' "$searched" | grep -qxF "$real"; then
        if [ "$(id -u)" -eq 0 ]; then
            echo "$LDCONFIG   # $libdir is searched by ld.so: refresh its cache"
            "$LDCONFIG"
        else
            echo "note: run 'sudo ldconfig' so that ld.so finds libfernetc.so in $libdir"
        fi
    else
        echo "note: ld.so does not search $libdir; programs linked against libfernetc.so"
        echo "      need -Wl,-rpath,$libdir (or LD_LIBRARY_PATH), or link the static library"
    fi
    ;;
*)
    echo "install_helper.sh: unknown command $cmd" >&2; exit 2 ;;
esac
