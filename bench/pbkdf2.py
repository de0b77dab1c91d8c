#!/usr/bin/env python3
"""Python cryptography's PBKDF2HMAC(SHA256), 32-byte output, measured like bench/bench_hash.c's
PBKDF2 rows (same password and salt lengths; a fresh object per derivation, as the API
requires). Prints "PYROW<TAB>name<TAB>unit<TAB>value" lines for bench/run.sh."""
import time

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

PW = b"correct horse battery staple"
SALT = b"NaCl-and-pepper\0"


def best_ms(iterations, reps=5):
    """Best of reps single derivations, in ms (a shared machine disturbs some runs)."""
    best = None
    for _ in range(reps):
        kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=SALT, iterations=iterations)
        t0 = time.perf_counter()
        kdf.derive(PW)
        dt = time.perf_counter() - t0
        best = dt if best is None or dt < best else best
    return best * 1e3


def main():
    for label, it in (("100k", 100000), ("600k", 600000)):
        print(f"PYROW\tPBKDF2-HMAC-SHA256 {label} it, 32 B\tms\t{best_ms(it):.3f}")


if __name__ == "__main__":
    main()
