#!/usr/bin/env python3
"""Python cryptography's Fernet, measured like bench/bench_fernet.c: encrypt (random IV,
clock) and decrypt (no TTL) of 16 B, 1 KiB, 64 KiB and 1 MiB messages. Prints
"PYROW<TAB>name<TAB>unit<TAB>value" lines that bench/run.sh puts beside fernet-c's rows."""
import time

from cryptography.fernet import Fernet


def per_call(fn, min_s=0.5):
    """Seconds per call of fn(), in growing batches for at least min_s (as bench.h)."""
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        dt = time.perf_counter() - t0
        if dt >= min_s:
            return dt / n
        n = n * 8 if dt < min_s / 16 else n * 2


def rows(label, direction, size, s):
    print(f"PYROW\tfernet {direction} {label} tokens\ttokens/s\t{1.0 / s:.3f}")
    print(f"PYROW\tfernet {direction} {label}\tMB/s\t{size / s / 1e6:.3f}")


def main():
    f = Fernet(Fernet.generate_key())
    for label, size in (("16 B", 16), ("1 KiB", 1024), ("64 KiB", 65536), ("1 MiB", 1048576)):
        msg = b"m" * size
        rows(label, "encrypt", size, per_call(lambda: f.encrypt(msg)))
        token = f.encrypt(msg)
        rows(label, "decrypt", size, per_call(lambda: f.decrypt(token)))


if __name__ == "__main__":
    main()
