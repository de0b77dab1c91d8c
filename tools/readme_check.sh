#!/usr/bin/env bash
# make readme-check: every ```c block of README.md is a whole program. Each is compiled with
# -Wall -Wextra -Werror against a copy of fernetc installed into a temporary PREFIX (through
# its fernetc.pc), once linked to the shared library and once to the static one, and run:
# it must exit 0, and when a ```text block follows it directly, print exactly that text.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
readme=${1:-$root/README.md}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fernetc-readme.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "readme-check: FAIL: $*" >&2; exit 1; }
CC=${CC:-cc}

# Example N: $tmp/exN.c, and $tmp/exN.expected when a ```text block follows it.
awk -v dir="$tmp" '
    mode == "c" && /^```$/     { mode = ""; after = 1; next }
    mode == "text" && /^```$/  { mode = ""; next }
    mode == "c"                { print > (dir "/ex" n ".c"); next }
    mode == "text"             { print > (dir "/ex" n ".expected"); next }
    /^```c$/                   { n++; mode = "c"; after = 0; next }
    after && /^```text$/       { mode = "text"; after = 0; next }
    /[^ \t]/                   { after = 0 }
' "$readme"
ls "$tmp"/ex*.c > /dev/null 2>&1 || fail "no C example in $readme"

make -C "$root" --no-print-directory BUILD="$tmp/build" PREFIX="$tmp/prefix" LDCONFIG=: install \
    > "$tmp/log" 2>&1 || { cat "$tmp/log"; fail "make install"; }
export PKG_CONFIG_PATH=$tmp/prefix/lib/pkgconfig
cflags=$(pkg-config --cflags fernetc)
libs=$(pkg-config --libs fernetc)

count=0
for src in "$tmp"/ex*.c; do
    ex=${src%.c}; name=$(basename "$ex")
    first=$(grep -m1 -v '^\s*$' "$src" | cut -c 1-60)
    grep -q '\bmain\s*(' "$src" || fail "$name ($first...) is a fragment: no main()"
    # shared: no rpath, the run finds the library through LD_LIBRARY_PATH
    $CC -std=c99 -Wall -Wextra -Werror $cflags -o "$ex.shared" "$src" $libs \
        || fail "$name ($first...) does not compile against the shared library"
    readelf -d "$ex.shared" | grep -q 'NEEDED.*libfernetc.so.0' || fail "$name: not linked to libfernetc.so.0"
    $CC -std=c99 -Wall -Wextra -Werror $cflags -o "$ex.static" "$src" \
        -Wl,-Bstatic $libs -Wl,-Bdynamic || fail "$name ($first...) does not compile against libfernetc.a"
    readelf -d "$ex.static" | grep -q 'libfernetc' && fail "$name: static build still needs libfernetc.so"
    for kind in shared static; do
        out=$(cd "$tmp" && LD_LIBRARY_PATH=$tmp/prefix/lib "$ex.$kind") || fail "$name ($kind) exited $?"
        if [ -f "$ex.expected" ]; then
            [ "$out" = "$(cat "$ex.expected")" ] || {
                printf 'printed:\n%s\nREADME says:\n%s\n' "$out" "$(cat "$ex.expected")" >&2
                fail "$name ($kind): output differs from the README"; }
        fi
    done
    count=$((count + 1))
    echo "readme-check: ok: $name ($first...) shared and static$([ -f "$ex.expected" ] && echo ", output as shown")"
done
echo "readme-check: all $count C examples of $(basename "$readme") build and run"
