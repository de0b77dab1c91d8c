#!/usr/bin/env python3
"""Worst-case stack use of the library's functions from a cross build.

    tools/stack_usage.py [BUILD_DIR [OBJDUMP [PREFIX]]]
    (defaults: build/arm, arm-none-eabi-objdump, fc_fernet)

Frame sizes come from the -fstack-usage files (*.su) that `make cross-arm` writes beside
the objects; call edges from the relocations of direct calls and tail calls in
`objdump -dr` of the same objects (with -ffunction-sections every call to another function
carries a relocation). worst(f) = frame(f) + max(worst(callee)). Calls into libc
(memcpy, memset, memmove) and through a caller's function pointer are listed, not counted;
an indirect call inside the library is taken to reach every function whose address the
same object file takes (AES's block-function pointer).
Prints a Markdown table for every global function whose name starts with PREFIX.
tools/footprint.py imports the same graph (load_frames, load_calls, CallGraph).
"""
import glob
import os
import re
import subprocess
import sys

CALL_RELOCS = ("R_ARM_THM_CALL", "R_ARM_THM_JUMP24", "R_ARM_THM_JUMP19", "R_ARM_CALL",
               "R_ARM_JUMP24", "R_RISCV_CALL", "R_RISCV_CALL_PLT", "R_RISCV_JAL")
FUNC_RE = re.compile(r"^[0-9a-f]+ <([^>]+)>:$")
RELOC_RE = re.compile(r"^\s+[0-9a-f]+: (R_\w+)\s+([^\s+]+)")
# An indirect call: Arm `blx rN`; RISC-V `jalr`/`jr` on a register that is not the second
# half of an auipc call pair (objdump comments those with `# <target>`).
INDIRECT_RE = re.compile(r"\s(blx\s+r\d+|jalr\s+[^#\n]*$|jr\s+(?!ra\b)[^#\n]*$)")


def clone(name):
    """objdump names GCC's clones `f.constprop.0`; the .su file says `f.constprop`."""
    return re.sub(r"\.\d+$", "", name)


def local_label(name):
    """Assembler-local labels (`.L4`) that RISC-V objdump prints like functions."""
    return name.startswith(".L")


def load_frames(su_files):
    """{function: own frame bytes}, {function: static|dynamic|bounded} from .su files."""
    frame, kind = {}, {}
    for su in su_files:
        with open(su, encoding="utf-8") as f:
            for line in f:
                loc, size, k = line.rstrip("\n").split("\t")
                name = loc.rsplit(":", 1)[1]
                frame[name] = max(frame.get(name, 0), int(size))
                kind[name] = k
    return frame, kind


def load_calls(objs, objdump, frame):
    """{caller: {callees}} from the call relocations of objs, and the set of functions that
    make an indirect call whose target the library cannot know (a caller's callback)."""
    calls, indirect = {}, set()
    for obj in objs:
        out = subprocess.run([objdump, "-dr", obj], check=True, capture_output=True,
                             text=True).stdout
        cur, taken, here = None, set(), set()
        for line in out.splitlines():
            m = FUNC_RE.match(line)
            if m:
                if not local_label(m.group(1)):
                    cur = clone(m.group(1))
                    calls.setdefault(cur, set())
                continue
            m = RELOC_RE.match(line)
            if m and local_label(m.group(2)):
                continue
            if m and cur and m.group(1) in CALL_RELOCS and m.group(2) != cur:
                calls[cur].add(clone(m.group(2)))
            elif m and clone(m.group(2)) in frame:
                taken.add(clone(m.group(2)))  # a function's address is loaded
            elif cur and not m and INDIRECT_RE.search(line):
                here.add(cur)
        # An indirect call may reach any function whose address its file takes; with none,
        # the target is the caller's (e.g. a random source).
        for f in here:
            if taken:
                calls[f] |= taken - {f}
            else:
                indirect.add(f)
    return calls, indirect


class CallGraph:
    """worst(f) = (frame(f) + the deepest callee chain, [f, callee, ...])."""

    def __init__(self, frame, calls, indirect):
        self.frame, self.calls, self.indirect = frame, calls, indirect
        self.memo = {}

    def worst(self, f, stack=()):
        if f in self.memo:
            return self.memo[f]
        if f in stack:
            raise SystemExit(f"recursion through {f}")
        best, path = 0, []
        for c in sorted(self.calls.get(f, ())):
            if c not in self.frame:
                continue  # libc, libgcc
            w, p = self.worst(c, stack + (f,))
            if w > best:
                best, path = w, p
        self.memo[f] = (self.frame.get(f, 0) + best, [f] + path)
        return self.memo[f]

    def reachable(self, roots):
        """Every function reachable from roots, the roots included."""
        seen, todo = set(), list(roots)
        while todo:
            f = todo.pop()
            if f not in seen:
                seen.add(f)
                todo.extend(self.calls.get(f, ()))
        return seen

    def not_counted(self, path):
        """Callees outside the frames (libc, libgcc) along path, and 'callback'."""
        ext = sorted({c for g in path for c in self.calls.get(g, ()) if c not in self.frame})
        return ext + (["callback"] if any(g in self.indirect for g in path) else [])


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build/arm"
    objdump = sys.argv[2] if len(sys.argv) > 2 else "arm-none-eabi-objdump"
    prefix = sys.argv[3] if len(sys.argv) > 3 else "fc_fernet"

    frame, kind = load_frames(glob.glob(os.path.join(build, "**", "*.su"), recursive=True))
    calls, indirect = load_calls(glob.glob(os.path.join(build, "**", "*.o"), recursive=True),
                                 objdump, frame)
    graph = CallGraph(frame, calls, indirect)

    print("| Entry point | Own frame | Worst case (bytes) | Deepest path | Not counted |")
    print("| --- | ---: | ---: | --- | --- |")
    for f in sorted(n for n in frame if n.startswith(prefix)):
        w, path = graph.worst(f)
        extra = ", ".join(graph.not_counted(path))
        note = "" if kind[f] == "static" else f" ({kind[f]})"
        print(f"| `{f}` | {frame[f]}{note} | {w} | {' > '.join(path[1:]) or '-'} | {extra} |")


if __name__ == "__main__":
    main()
