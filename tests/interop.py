#!/usr/bin/env python3
"""Python side of tests/test_interop.c: runs a batch of operations with Python's
`cryptography` package and writes the answers for the C test to compare.

    python3 tests/interop.py REQUEST.json RESPONSE.json

REQUEST is {"ops": [{"op": NAME, ...}, ...]}; RESPONSE is {"results": [...]}, one object per
op, in order. Bytes travel as lowercase hex, keys and tokens as their text forms, times and
counts as JSON integers (exact up to 2**64 - 1). The C side decides what passes; this
script only computes, and exits non-zero if an operation it was asked for is unknown.

The password formats are written here from docs/FORMATS.md, independently of the C code:
  * legacy CFB: the tutorials' algorithm (PBKDF2HMAC + AES-256-CFB, base64 of
    salt || iv || ciphertext);
  * fcpw1: "fcpw1." || b64url-nopad(iterations as 4 bytes big-endian || salt) || "." ||
    Fernet token under urlsafe_b64encode(PBKDF2HMAC(SHA256, 32, salt, iterations)).
"""
import base64
import json
import os
import sys

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

try:  # cryptography >= 43 keeps CFB among the "decrepit" modes
    from cryptography.hazmat.decrepit.ciphers.modes import CFB
except ImportError:
    CFB = modes.CFB


def unhex(s):
    return bytes.fromhex(s)


def password_key(pw, salt, n):
    """The tutorial's password -> Fernet key text."""
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=n)
    return base64.urlsafe_b64encode(kdf.derive(pw))


def legacy_encrypt(pw, n, msg):
    salt = os.urandom(16)
    iv = os.urandom(16)
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=n)
    key = kdf.derive(pw)
    enc = Cipher(algorithms.AES(key), CFB(iv)).encryptor()
    ct = enc.update(msg) + enc.finalize()
    return base64.b64encode(salt + iv + ct).decode()


def legacy_decrypt(pw, n, text):
    raw = base64.b64decode(text)
    salt, iv, ct = raw[:16], raw[16:32], raw[32:]
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=n)
    key = kdf.derive(pw)
    dec = Cipher(algorithms.AES(key), CFB(iv)).decryptor()
    return dec.update(ct) + dec.finalize()


def fcpw1_encrypt(pw, n, msg, now):
    salt = os.urandom(16)
    header = base64.urlsafe_b64encode(n.to_bytes(4, "big") + salt).rstrip(b"=")
    token = Fernet(password_key(pw, salt, n)).encrypt_at_time(msg, now)
    return (b"fcpw1." + header + b"." + token).decode()


def fcpw1_decrypt(pw, text, max_iterations):
    if not text.startswith("fcpw1.") or len(text) < 34 or text[33] != ".":
        raise ValueError("not an fcpw1 text")
    head = text[6:33]
    raw = base64.urlsafe_b64decode(head + "=")
    if len(raw) != 20 or base64.urlsafe_b64encode(raw).rstrip(b"=").decode() != head:
        raise ValueError("non-canonical header")
    n = int.from_bytes(raw[:4], "big")
    if n == 0 or n > max_iterations:
        raise ValueError("iteration count out of range")
    return Fernet(password_key(pw, raw[4:], n)).decrypt(text[34:])


def multi(keys):
    return MultiFernet([Fernet(k) for k in keys])


def opener(op):
    return multi(op["keys"]) if "keys" in op else Fernet(op["key"])


def run(op):
    name = op["op"]
    if name == "make":  # Python makes a token (random IV) that C must open
        token = Fernet(op["key"]).encrypt_at_time(unhex(op["msg"]), op["now"])
        return {"token": token.decode()}
    if name == "check":  # a C token: reproduce it from its parts, open it, read its time
        f = Fernet(op["key"])
        again = f._encrypt_from_parts(unhex(op["msg"]), op["now"], unhex(op["iv"]))
        return {"token": again.decode(), "msg": f.decrypt(op["token"]).hex(),
                "ts": f.extract_timestamp(op["token"])}
    if name == "open":  # decrypt (MultiFernet when "keys"), with or without a TTL
        f = opener(op)
        try:
            if op.get("ttl") is None:
                msg = f.decrypt(op["token"])
            else:
                msg = f.decrypt_at_time(op["token"], op["ttl"], op["now"])
        except InvalidToken:
            return {"ok": False, "msg": ""}
        return {"ok": True, "msg": msg.hex()}
    if name == "rotate":
        return {"token": multi(op["keys"]).rotate(op["token"]).decode()}
    if name == "timestamp":
        # MultiFernet.extract_timestamp is newer than Debian's cryptography (38): try
        # each key in order, which is what it does.
        keys = op["keys"] if "keys" in op else [op["key"]]
        for k in keys:
            try:
                return {"ok": True, "ts": Fernet(k).extract_timestamp(op["token"])}
            except InvalidToken:
                pass
        return {"ok": False, "ts": 0}
    if name == "pwkey":
        return {"key": password_key(unhex(op["pw"]), unhex(op["salt"]), op["n"]).decode()}
    if name == "legacy_enc":
        return {"text": legacy_encrypt(unhex(op["pw"]), op["n"], unhex(op["msg"]))}
    if name == "legacy_dec":
        return {"msg": legacy_decrypt(unhex(op["pw"]), op["n"], op["text"]).hex()}
    if name == "fcpw1_enc":
        return {"text": fcpw1_encrypt(unhex(op["pw"]), op["n"], unhex(op["msg"]), op["now"])}
    if name == "fcpw1_dec":
        try:
            return {"ok": True, "msg": fcpw1_decrypt(unhex(op["pw"]), op["text"],
                                                     op["max"]).hex()}
        except (ValueError, InvalidToken):
            return {"ok": False, "msg": ""}
    raise SystemExit(f"interop.py: unknown op {name!r}")


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    with open(sys.argv[1], encoding="ascii") as f:
        ops = json.load(f)["ops"]
    results = [run(op) for op in ops]
    with open(sys.argv[2], "w", encoding="ascii") as f:
        json.dump({"results": results}, f)


if __name__ == "__main__":
    main()
