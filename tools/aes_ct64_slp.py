#!/usr/bin/env python3
"""Derive the linear part of the 64-bit portable core's InvMixColumns (aes/aes_ct64.c,
aes_inv_mix_columns): from the slices x (the state) and s (x plus its move by two rows),
h = {02}x + {09}s and g = x + {04}s, as a short XOR program.

Each output bit is a sum of input bits (GF(2^8) products by constants are GF(2)-linear
per byte, FIPS 197 4.2). The program comes from Paar's greedy heuristic (C. Paar,
"Optimized arithmetic for Reed-Solomon encoders", ISIT 1997): repeatedly XOR the pair of
signals that occurs in the most outputs, ties broken by a seeded random choice, keeping the
shortest of many runs. The result is checked against the definition before it is printed.

    python3 tools/aes_ct64_slp.py      # prints the C statements pasted in aes_ct64.c
"""
import random

def gmul(a, b):
    r = 0
    while b:
        if b & 1:
            r ^= a
        a <<= 1
        if a & 0x100:
            a ^= 0x11b
        b >>= 1
    return r

def rows(cx, cs):
    """Output bit i of cx*x + cs*s as a 16-bit mask: bits 0-7 are x0..x7, 8-15 s0..s7."""
    out = []
    for i in range(8):
        m = 0
        for j in range(8):
            m |= ((gmul(cx, 1 << j) >> i) & 1) << j
            m |= ((gmul(cs, 1 << j) >> i) & 1) << (8 + j)
        out.append(m)
    return out

def paar(targets, trials, seed):
    rnd = random.Random(seed)
    best = None
    for _ in range(trials):
        sigs = [1 << i for i in range(16)]
        sets = [set(i for i in range(16) if (t >> i) & 1) for t in targets]
        prog = []
        while True:
            count = {}
            for s in sets:
                l = sorted(s)
                for a in range(len(l)):
                    for b in range(a + 1, len(l)):
                        count[(l[a], l[b])] = count.get((l[a], l[b]), 0) + 1
            if not count:
                break
            top = max(count.values())
            a, b = rnd.choice(sorted(k for k, v in count.items() if v == top))
            sigs.append(sigs[a] ^ sigs[b])
            prog.append((len(sigs) - 1, a, b))
            for s in sets:
                if a in s and b in s:
                    s -= {a, b}
                    s.add(len(sigs) - 1)
        if best is None or len(prog) < len(best[0]):
            best = (prog, [min(s) for s in sets], sigs)
    return best

def main():
    targets = rows(0x02, 0x09) + rows(0x01, 0x04)   # h0..h7, g0..g7
    prog, outs, sigs = paar(targets, 3000, 1)
    assert [sigs[o] for o in outs] == targets
    name = {i: "q[%d]" % i for i in range(8)}
    name.update({8 + i: "s[%d]" % i for i in range(8)})
    k = 0
    for idx, a, b in prog:
        if idx in outs[:8]:
            name[idx] = "h[%d]" % outs[:8].index(idx)
        else:
            name[idx] = "t%d" % k
            k += 1
        print("    %s = %s ^ %s;" % (name[idx], name[a], name[b]))
    print("    /* %d XORs; g: */" % len(prog))
    for i, o in enumerate(outs[8:]):
        print("    q[%d] = %s;" % (i, name[o]))

main()
