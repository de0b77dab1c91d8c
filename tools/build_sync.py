#!/usr/bin/env python3
"""make build-sync: the CMake and Meson builds compile what the Makefile compiles.

The Makefile is the reference: `make print-sources` (library and CLI sources, a glob per
module directory) and `make print-warn` (its mandatory flags, FC_WARN). This script configures
CMakeLists.txt and meson.build in a temporary directory, reads the compile_commands.json each
writes, and fails when a source is compiled by one build but not by another, or when a source
is compiled without one of the mandatory flags.

Usage: build_sync.py ROOT            (run by `make build-sync`)
       build_sync.py ROOT --meson    print meson.build's source lists as the Makefile has them
When it fails after you add or remove a .c file: CMake globs the module directories, so it
needs nothing; in meson.build, replace the lists with what `--meson` prints.
"""
import json
import os
import shlex
import subprocess
import sys
import tempfile


def make_list(root, target):
    out = subprocess.run(["make", "-s", "--no-print-directory", "-C", root, target],
                         check=True, capture_output=True, text=True).stdout
    return out.split()


def compiled(root, build_dir):
    """source path (relative to root) -> list of compiler arguments"""
    with open(os.path.join(build_dir, "compile_commands.json")) as f:
        entries = json.load(f)
    result = {}
    for e in entries:
        path = os.path.normpath(os.path.join(e["directory"], e["file"]))
        rel = os.path.relpath(path, root)
        args = e.get("arguments") or shlex.split(e["command"])
        result[rel] = args
    return result


def configure(root, tmp):
    cm = os.path.join(tmp, "cmake")
    me = os.path.join(tmp, "meson")
    for cmd in (["cmake", "-G", "Ninja", "-S", root, "-B", cm, "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"],
                ["meson", "setup", me, root]):
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("build-sync: FAIL: %s\n%s%s\nIf a source file was added or removed, update "
                     "meson.build's lists from: python3 tools/build_sync.py . --meson"
                     % (" ".join(cmd), r.stdout, r.stderr))
    return {"CMakeLists.txt": compiled(root, cm), "meson.build": compiled(root, me)}


def meson_lists(srcs):
    """fc_sources and fc_cli_sources in meson.build's syntax, from the Makefile's list"""
    mods = {}
    for s in srcs:
        mods.setdefault(s.split("/")[0], []).append(s)
    cli = mods.pop("cli", [])
    width = max(len(m) for m in mods) + 3
    lines = ["fc_sources = {"]
    for m, files in mods.items():
        lines.append("  %s[%s]," % (("'%s':" % m).ljust(width + 1),
                                    ", ".join("'%s'" % f for f in files)))
    lines.append("}")
    lines.append("fc_cli_sources = [%s]" % ", ".join("'%s'" % f for f in cli))
    return "\n".join(lines)


def main():
    root = os.path.realpath(sys.argv[1] if len(sys.argv) > 1 else ".")
    if "--meson" in sys.argv[2:]:
        print(meson_lists(make_list(root, "print-sources")))
        return
    want = set(make_list(root, "print-sources"))
    flags = make_list(root, "print-warn")
    errors = []
    with tempfile.TemporaryDirectory(prefix="fernetc-sync.") as tmp:
        builds = configure(root, tmp)
    for name, srcs in builds.items():
        have = set(srcs)
        for s in sorted(want - have):
            errors.append("%s does not compile %s (the Makefile does)" % (name, s))
        for s in sorted(have - want):
            errors.append("%s compiles %s (the Makefile does not)" % (name, s))
        for s in sorted(have & want):
            missing = [f for f in flags if f not in srcs[s]]
            if missing:
                errors.append("%s compiles %s without %s" % (name, s, " ".join(missing)))
    if errors:
        print("build-sync: the builds disagree with the Makefile:", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        print("To fix meson.build's lists: python3 tools/build_sync.py . --meson", file=sys.stderr)
        sys.exit(1)
    print("build-sync: Makefile, CMakeLists.txt and meson.build compile the same %d sources "
          "with the same %d mandatory flags" % (len(want), len(flags)))


if __name__ == "__main__":
    main()
