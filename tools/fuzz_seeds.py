#!/usr/bin/env python3
"""Write the seed corpus of the libFuzzer targets (tests/fuzz/corpus/TARGET/), made with
Python's `cryptography` so the seeds are independent of the code under test.
Keys follow tests/fuzz/fuzz.h: key k is bytes k*32 .. k*32+31; passwords are "fuzz"."""
import base64, hashlib, os, struct, sys
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
try:  # cryptography >= 43 keeps CFB under "decrepit"
    from cryptography.hazmat.decrepit.ciphers.modes import CFB
except ImportError:
    from cryptography.hazmat.primitives.ciphers.modes import CFB

out = sys.argv[1] if len(sys.argv) > 1 else "tests/fuzz/corpus"

def key(k):
    return bytes((k * 32 + i) % 256 for i in range(32))

def put(target, name, data):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)

msgs = [b"", b"hi", b"x" * 15, b"y" * 16, b"z" * 33, bytes(range(256))]
for k in range(3):
    f = Fernet(base64.urlsafe_b64encode(key(k)))
    for i, m in enumerate(msgs):
        tok = f.encrypt_at_time(m, 1000 + i)
        put("fuzz_multi", "k%d_m%d" % (k, i), tok)
        if k == 0:
            put("fuzz_token", "notl_m%d" % i, b"\0" * 5 + tok)
            put("fuzz_stream", "m%d" % i, bytes([i * 37]) + tok)
            put("fuzz_token", "ttl_m%d" % i, bytes([61]) + struct.pack(">I", 1000 + i + 30) + tok)
    put("fuzz_keydecode", "k%d" % k, base64.urlsafe_b64encode(key(k)))

def pbkdf2(pw, salt, n):
    return hashlib.pbkdf2_hmac("sha256", pw, salt, n, 32)

for it in (1, 2, 3, 4):
    salt = bytes([it]) * 16
    fkey = base64.urlsafe_b64encode(pbkdf2(b"fuzz", salt, it))
    head = base64.urlsafe_b64encode(struct.pack(">I", it) + salt).rstrip(b"=")
    for i, m in enumerate(msgs[:4]):
        body = Fernet(fkey).encrypt_at_time(m, 2000 + i)
        put("fuzz_fcpw1", "i%d_m%d" % (it, i), b"fcpw1." + head + b"." + body)

for i, m in enumerate(msgs):
    salt, iv = bytes([i]) * 16, bytes([0x40 + i]) * 16
    enc = Cipher(algorithms.AES(pbkdf2(b"fuzz", salt, 1)), CFB(iv)).encryptor()
    put("fuzz_legacy", "m%d" % i, base64.b64encode(salt + iv + enc.update(m) + enc.finalize()))

for i, t in enumerate([b"", b"Zg==", b"Zm9vYmFy", b"-_-_", b"////", b"YQ"]):
    for flags in range(4):
        put("fuzz_base64", "t%d_f%d" % (i, flags), bytes([flags]) + t)
