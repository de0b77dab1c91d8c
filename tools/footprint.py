#!/usr/bin/env python3
"""Footprint of the firmware closures built by `make footprint` (tools/footprint.mk).

For every target and closure (a tiny main calling one API, linked with --gc-sections):
  - text / rodata / data / bss: the sizes of the input sections the link map attributes to
    libfernetc.a (main, crt0, libc and libgcc are not counted);
  - helpers: the libc and libgcc functions that the library code reachable from main calls
    (static call graph from the objects' call relocations);
  - stack: the worst chain of -fstack-usage frames from main's library calls down
    (tools/stack_usage.py); libc/libgcc frames and main's own frame are not counted.
Then checks the budgets, prints everything, and writes docs/FOOTPRINT.md and docs/STACK.md.
Exit status 1 when a budget is exceeded and --enforce 1.
"""
import argparse
import glob
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stack_usage import CallGraph, load_calls, load_frames  # noqa: E402

TARGETS = {  # name: (description, toolchain prefix option)
    "m0": ("Cortex-M0", "arm"), "m4": ("Cortex-M4", "arm"),
    "m33": ("Cortex-M33", "arm"), "rv32": ("RV32IMAC", "riscv"),
}
CLOSURES = {
    "aes_cbc": "AES-128-CBC encrypt+decrypt",
    "sha256": "SHA-256",
    "hmac": "HMAC-SHA256",
    "fernet": "Fernet one-shot (key decode + encrypt + decrypt with TTL)",
    "stream": "Fernet streaming encrypt + two-pass decrypt",
}
# Issue 11's budgets: text+rodata and worst stack of the library's part of each closure, on
# Cortex-M4 -Os (M0 gets its own text figure for the Fernet one-shot). Every target: no
# .data, no .bss, no heap, from libc only memcpy and memset, and on Cortex-M0 no 64-bit
# multiply or shift helper and no division helper.
BUDGETS = {  # closure: {target: (text+rodata, stack)}; None = no budget
    "aes_cbc": {"m4": (2500, 400)},
    "sha256": {"m4": (1000, 256)},
    "hmac": {"m4": (1300, 450)},
    "fernet": {"m4": (6000, 1024), "m0": (7000, None)},
    "stream": {"m4": (6500, 1024)},
}
LIBC_ALLOWED = {"memcpy", "memset"}
HEAP = {"malloc", "free", "calloc", "realloc", "_sbrk", "sbrk", "_malloc_r", "_free_r"}
M0_FORBIDDEN = re.compile(r"^__(aeabi_(lmul|llsl|llsr|lasr|u?[il]div(mod)?)|"
                          r"(u?div|u?mod|mul|ashl|ashr|lshr)[sd]i3)$")

INPUT_ONE = re.compile(r"^ (\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")
INPUT_NAME = re.compile(r"^ (\S+)$")
INPUT_REST = re.compile(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")
SYMBOL = re.compile(r"^\s+0x([0-9a-f]+)\s+([A-Za-z_.$][\w.$]*)$")


def kind_of(section):
    """text, rodata, data, bss, or None for what is not loaded (debug, attributes)."""
    for prefix, k in ((".text", "text"), (".rodata", "rodata"), (".srodata", "rodata"),
                      (".data", "data"), (".sdata", "data"), (".bss", "bss"),
                      (".sbss", "bss"), ("COMMON", "bss"), (".tbss", "bss"), (".tdata", "data")):
        if section == prefix or section.startswith(prefix + "."):
            return k
    if section.startswith((".debug", ".comment", ".ARM.attributes", ".riscv.attributes",
                           ".note", ".stab", ".gnu.attributes")):
        return None
    return "text"  # anything else that is loaded (e.g. .ARM.exidx) counts as code


def origin_of(path):
    if "libfernetc.a(" in path:
        return "lib"
    if re.search(r"libgcc\.a\(", path):
        return "libgcc"
    if re.search(r"lib(c|c_nano|g|g_nano|nosys|semihost)\.a\(", path):
        return "libc"
    return "other"


def parse_map(path):
    """({text,rodata,data,bss: library bytes}, {symbol: origin}) from a GNU ld map."""
    sizes = {"text": 0, "rodata": 0, "data": 0, "bss": 0}
    owner = {}
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("Linker script and memory map", 1)[1].splitlines()
    pending, cur = None, None
    for line in lines:
        m = INPUT_ONE.match(line)
        if pending is not None:
            r = INPUT_REST.match(line)
            if r:
                m, pending = (None, pending, r.group(1), r.group(2), r.group(3)), pending
                sec, size, src = pending, int(r.group(2), 16), r.group(3)
                pending = None
            else:
                pending = None
                continue
        elif m and m.group(1) != "*fill*":
            sec, size, src = m.group(1), int(m.group(3), 16), m.group(4)
        elif INPUT_NAME.match(line) and not line.startswith(" *"):
            pending = INPUT_NAME.match(line).group(1)
            continue
        else:
            s = SYMBOL.match(line)
            if s and cur:
                owner.setdefault(s.group(2), cur)
            continue
        cur = origin_of(src)
        k = kind_of(sec)
        if cur == "lib" and k:
            sizes[k] += size
    return sizes, owner


def tool(args, target, name):
    prefix = args.arm_prefix if TARGETS[target][1] == "arm" else args.riscv_prefix
    return prefix + name


def analyse(args, target):
    tdir = os.path.join(args.dir, target)
    lib_objs = glob.glob(os.path.join(tdir, "lib", "**", "*.o"), recursive=True)
    su = glob.glob(os.path.join(tdir, "lib", "**", "*.su"), recursive=True)
    frame, kind = load_frames(su)
    objdump = tool(args, target, "objdump")
    mains = [os.path.join(tdir, c + ".o") for c in args.closures]
    calls, indirect = load_calls(lib_objs + mains, objdump, frame)
    graph = CallGraph(frame, calls, indirect)
    rows = {}
    for c in args.closures:
        sizes, owner = parse_map(os.path.join(tdir, c + ".map"))
        # main's direct calls, read from its own object (main is in every object).
        roots = sorted(_calls_of_main(os.path.join(tdir, c + ".o"), objdump) & set(frame))
        reach = graph.reachable(roots)
        ext = sorted({x for f in reach if f in frame for x in calls.get(f, ()) if x not in frame})
        helpers = {"libc": [], "libgcc": []}
        for x in ext:
            helpers["libgcc" if owner.get(x) == "libgcc" else "libc"].append(x)
        best, path = 0, []
        for r in roots:
            w, p = graph.worst(r)
            if w > best:
                best, path = w, p
        rows[c] = dict(sizes, stack=best, path=path, helpers=helpers,
                       callback=any(f in indirect for f in reach))
    return rows, graph, kind


def _calls_of_main(obj, objdump):
    frame = {}
    calls, _ = load_calls([obj], objdump, frame)
    return set(calls.get("main", ()))


def check(results):
    """[(target, closure, what, value, limit)] for every budget exceeded."""
    bad = []
    for t, rows in results.items():
        for c, r in rows.items():
            tr = r["text"] + r["rodata"]
            text_b, stack_b = BUDGETS.get(c, {}).get(t, (None, None))
            if text_b is not None and tr > text_b:
                bad.append((t, c, "text+rodata", tr, text_b))
            if stack_b is not None and r["stack"] > stack_b:
                bad.append((t, c, "stack", r["stack"], stack_b))
            if r["data"] + r["bss"]:
                bad.append((t, c, "data+bss", r["data"] + r["bss"], 0))
            libc = set(r["helpers"]["libc"])
            if libc - LIBC_ALLOWED:
                bad.append((t, c, "libc beyond memcpy/memset:",
                            ", ".join(sorted(libc - LIBC_ALLOWED)), "none"))
            if libc & HEAP:
                bad.append((t, c, "heap:", ", ".join(sorted(libc & HEAP)), "none"))
            if t == "m0":
                arith = [h for h in r["helpers"]["libgcc"] if M0_FORBIDDEN.match(h)]
                if arith:
                    bad.append((t, c, "64-bit/division helpers:", ", ".join(arith), "none"))
    return bad


def budget_text(c, t):
    text_b, stack_b = BUDGETS.get(c, {}).get(t, (None, None))
    return (f"{text_b:,}" if text_b else "-"), (f"{stack_b:,}" if stack_b else "-")


def closure_table(rows, target):
    out = ["| closure | text | rodata | text+rodata (budget) | data | bss | stack (budget) "
           "| libc | libgcc |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
    for c, r in rows.items():
        tb, sb = budget_text(c, target)
        libc = ", ".join(r["helpers"]["libc"]) or "-"
        libgcc = ", ".join(r["helpers"]["libgcc"]) or "-"
        out.append(f"| {CLOSURES.get(c, c)} | {r['text']:,} | {r['rodata']:,} | "
                   f"{r['text'] + r['rodata']:,} ({tb}) | {r['data']} | {r['bss']} | "
                   f"{r['stack']:,} ({sb}) | {libc} | {libgcc} |")
    return out


def toolchain(args, target):
    gcc = tool(args, target, "gcc")
    try:
        return subprocess.run([gcc, "--version"], check=True, capture_output=True,
                              text=True).stdout.splitlines()[0]
    except (OSError, subprocess.CalledProcessError):
        return gcc


def ctx_sizes(args, target):
    obj = os.path.join(args.dir, target, "ctx_sizes.o")
    out = subprocess.run([tool(args, target, "nm"), "-S", obj], check=True,
                         capture_output=True, text=True).stdout
    sizes = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4 and f[3].startswith("fp_size_"):
            sizes[f[3][len("fp_size_"):]] = int(f[1], 16)
    return sizes


def public_functions(args, target):
    lib = os.path.join(args.dir, target, "libfernetc.a")
    out = subprocess.run([tool(args, target, "nm"), "-g", "--defined-only", lib], check=True,
                         capture_output=True, text=True).stdout
    return sorted({f[2] for f in (l.split() for l in out.splitlines())
                   if len(f) == 3 and f[1] == "T"})


HEADER = "<!-- Generated by `make footprint` (tools/footprint.py). Do not edit by hand. -->\n"


def write_footprint_doc(args, results, bad):
    lines = [HEADER, "# Firmware footprint", "",
             "Linked closures: each is a tiny `main` (tools/footprint/*.c) that calls just the API",
             "named, linked with `-Os -ffunction-sections -fdata-sections -Wl,--gc-sections`",
             "(newlib-nano on Arm, picolibc on RV32). Sizes are the library's own input sections",
             "in the link map, in bytes: not `main`, not libc, not libgcc. *libc* and *libgcc* name",
             "the helpers the library's reachable code calls. *stack* is the worst chain of",
             "`-fstack-usage` frames along the static call graph from `main`'s library calls down",
             "(libc/libgcc frames not counted; see docs/STACK.md). Budgets (issue 11) apply to",
             "Cortex-M4 (and the Fernet one-shot's text on Cortex-M0); every target must have no",
             ".data, no .bss, no heap, from libc only `memcpy` and `memset`, and on Cortex-M0",
             "no 64-bit multiply/shift or division helper from libgcc.", "",
             "Regenerate with `make footprint` (fails when a budget is exceeded; "
             "`FOOTPRINT_ENFORCE=0`",
             "reports only). Budgets live in tools/footprint.py (`BUDGETS`).", ""]
    for t in args.targets:
        lines += [f"## {TARGETS[t][0]}", "", f"Compiler: {toolchain(args, t)}, "
                  f"`{' '.join(args.arch.get(t, []))}`.", ""]
        lines += closure_table(results[t], t) + [""]
    lines += ["## Budget check", ""]
    if bad:
        lines += ["Exceeded:", ""] + [f"- {TARGETS[t][0]}, {CLOSURES.get(c, c)}: {w} {v} "
                                      f"(budget {lim})" for t, c, w, v, lim in bad]
    else:
        lines += ["Every budget is met."]
    with open(os.path.join(args.docs, "FOOTPRINT.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def write_stack_doc(args, graphs):
    t0 = "m4" if "m4" in args.targets else args.targets[0]
    graph, kind = graphs[t0]
    funcs = public_functions(args, t0)
    names = [TARGETS[t][0] for t in args.targets]
    lines = [HEADER, "# Stack use per entry point", "",
             "Worst-case stack, in bytes, of every public function of the library as `make",
             "footprint` builds it (`-Os -ffunction-sections -fdata-sections -fstack-usage`;",
             "compilers and flags in docs/FOOTPRINT.md). The heap is never used.", "",
             "- Own frame: GCC's `-fstack-usage` figure (`.su` files); every library frame is",
             "  static (no VLA, no alloca).",
             "- Call edges: the call and tail-call relocations in `objdump -dr` of the objects",
             "  (with `-ffunction-sections` every call to another function carries one). Inlined",
             "  helpers have no edge: their locals are in the caller's frame.",
             "- An indirect call inside the library is taken to reach every function whose",
             "  address the same object takes (an upper bound).",
             "- Worst case = own frame + deepest callee chain over the whole graph. Upper bounds:",
             "  e.g. the HMAC key set-up is charged with the long-key hashing path.",
             "- Not counted: libc's `memcpy`/`memset` (leaf functions) and libgcc helpers; a",
             "  caller's random source (`callback`).",
             "- The platform unit (`fc_os_*`) is not part of firmware builds.", "",
             "The same figures: `tools/stack_usage.py build/footprint/m4/lib "
             "arm-none-eabi-objdump fc_` after `make footprint`.", "",
             "## Worst case per entry point", "",
             f"| Entry point | Own frame ({TARGETS[t0][0]}) | "
             + " | ".join(f"Worst {n}" for n in names)
             + f" | Deepest path ({TARGETS[t0][0]}, after the entry point) | Not counted |",
             "| --- | ---: | " + " | ".join("---:" for _ in names) + " | --- | --- |"]
    for fn in funcs:
        if fn not in graph.frame:
            continue
        w, path = graph.worst(fn)
        per = []
        for t in args.targets:
            g, _ = graphs[t]
            per.append(str(g.worst(fn)[0]) if fn in g.frame else "-")
        note = "" if kind.get(fn) == "static" else f" ({kind.get(fn)})"
        lines.append(f"| `{fn}` | {graph.frame[fn]}{note} | " + " | ".join(per) + " | "
                     f"{' > '.join(path[1:]) or '-'} | {', '.join(graph.not_counted(path))} |")
    lines += ["", "## Context sizes (`sizeof`)", "",
              "| Type | " + " | ".join(names) + " |",
              "| --- | " + " | ".join("---:" for _ in names) + " |"]
    sizes = {t: ctx_sizes(args, t) for t in args.targets}
    for ty in sizes[t0]:
        lines.append(f"| `{ty}` | " + " | ".join(str(sizes[t].get(ty, "-"))
                                                  for t in args.targets) + " |")
    lines += ["", "Measured with `nm -S` on tools/footprint/ctx_sizes.c, which defines one",
              "object of each type. A one-shot call whose frame holds a context shows it in",
              "its own frame above."]
    with open(os.path.join(args.docs, "STACK.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default="build/footprint")
    ap.add_argument("--targets", default="m0 m4 m33 rv32")
    ap.add_argument("--closures", default=" ".join(CLOSURES))
    ap.add_argument("--arm-prefix", default="arm-none-eabi-")
    ap.add_argument("--riscv-prefix", default="riscv64-unknown-elf-")
    ap.add_argument("--docs", default="", help="directory for FOOTPRINT.md and STACK.md")
    ap.add_argument("--enforce", type=int, default=1)
    ap.add_argument("--arch", action="append", default=[], help="TARGET=FLAGS, for the docs")
    args = ap.parse_args()
    args.targets = args.targets.split()
    args.closures = args.closures.split()
    args.arch = {a.split("=", 1)[0]: a.split("=", 1)[1].split() for a in args.arch}

    results, graphs = {}, {}
    for t in args.targets:
        rows, graph, kind = analyse(args, t)
        results[t], graphs[t] = rows, (graph, kind)
        print(f"== {TARGETS[t][0]} ({toolchain(args, t)})")
        print("\n".join(closure_table(rows, t)))
        for c, r in rows.items():
            print(f"   {c}: deepest stack path {' > '.join(r['path']) or '-'}"
                  + (" (+ callback)" if r["callback"] else ""))
        print()
    bad = check(results)
    if args.docs:
        write_footprint_doc(args, results, bad)
        write_stack_doc(args, graphs)
        print(f"footprint: wrote {args.docs}/FOOTPRINT.md and {args.docs}/STACK.md")
    for t, c, what, v, lim in bad:
        print(f"footprint: OVER BUDGET: {TARGETS[t][0]} {c}: {what} {v} (budget {lim})")
    if bad and args.enforce:
        print("footprint: budgets exceeded (FOOTPRINT_ENFORCE=0 reports without failing)")
        return 1
    print("footprint: " + ("budgets exceeded, not enforced" if bad else "every budget met"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
