#!/usr/bin/env python3
"""Worst-case stack use of the library's functions from a cross build.

    tools/stack_usage.py [BUILD_DIR [OBJDUMP [PREFIX]]]
    (defaults: build/arm, arm-none-eabi-objdump, fc_fernet)

Frame sizes come from the -fstack-usage files (*.su) that `make cross-arm` writes beside
the objects; call edges from the relocations of direct calls and tail calls in
`objdump -dr` of the same objects (with -ffunction-sections every call to another function
carries a relocation). worst(f) = frame(f) + max(worst(callee)). Calls into libc
(memcpy, memset, memmove) and through function pointers are listed, not counted.
Prints a Markdown table for every global function whose name starts with PREFIX.
"""
import glob
import os
import re
import subprocess
import sys

CALL_RELOCS = ("R_ARM_THM_CALL", "R_ARM_THM_JUMP24", "R_ARM_THM_JUMP19", "R_ARM_CALL",
               "R_ARM_JUMP24", "R_RISCV_CALL", "R_RISCV_CALL_PLT", "R_RISCV_JAL")


def clone(name):
    """objdump names GCC's clones `f.constprop.0`; the .su file says `f.constprop`."""
    return re.sub(r"\.\d+$", "", name)


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build/arm"
    objdump = sys.argv[2] if len(sys.argv) > 2 else "arm-none-eabi-objdump"
    prefix = sys.argv[3] if len(sys.argv) > 3 else "fc_fernet"

    frame, kind = {}, {}
    for su in glob.glob(os.path.join(build, "**", "*.su"), recursive=True):
        with open(su, encoding="utf-8") as f:
            for line in f:
                loc, size, k = line.rstrip("\n").split("\t")
                name = loc.rsplit(":", 1)[1]
                frame[name] = max(frame.get(name, 0), int(size))
                kind[name] = k

    calls, indirect = {}, set()
    func_re = re.compile(r"^[0-9a-f]+ <([^>]+)>:$")
    reloc_re = re.compile(r"^\s+[0-9a-f]+: (R_\w+)\s+([^\s+]+)")
    for obj in glob.glob(os.path.join(build, "**", "*.o"), recursive=True):
        out = subprocess.run([objdump, "-dr", obj], check=True, capture_output=True,
                             text=True).stdout
        cur = None
        for line in out.splitlines():
            m = func_re.match(line)
            if m:
                cur = clone(m.group(1))
                calls.setdefault(cur, set())
                continue
            m = reloc_re.match(line)
            if m and cur and m.group(1) in CALL_RELOCS and m.group(2) != cur:
                calls[cur].add(clone(m.group(2)))
            elif cur and re.search(r"\sblx\s+r\d", line):
                indirect.add(cur)

    memo = {}

    def worst(f, stack=()):
        if f in memo:
            return memo[f]
        if f in stack:
            raise SystemExit(f"recursion through {f}")
        best, path = 0, []
        for c in sorted(calls.get(f, ())):
            if c not in frame:
                continue  # libc
            w, p = worst(c, stack + (f,))
            if w > best:
                best, path = w, p
        memo[f] = (frame.get(f, 0) + best, [f] + path)
        return memo[f]

    print("| Entry point | Own frame | Worst case (bytes) | Deepest path | Not counted |")
    print("| --- | ---: | ---: | --- | --- |")
    for f in sorted(n for n in frame if n.startswith(prefix)):
        w, path = worst(f)
        libc = sorted({c for g in path for c in calls.get(g, ()) if c not in frame})
        extra = ", ".join(libc + (["callback"] if any(g in indirect for g in path) else []))
        note = "" if kind[f] == "static" else f" ({kind[f]})"
        print(f"| `{f}` | {frame[f]}{note} | {w} | {' > '.join(path[1:]) or '-'} | {extra} |")


if __name__ == "__main__":
    main()
