#!/usr/bin/env python3
"""Mutation loop over the `fernet` command (issue: the CLI under a fuzzer).

usage: cli_mutate.py FERNET_BINARY RUNS [SEED]

Each run picks a subcommand (sometimes a wrong one), options from the man page's set
(repeated, missing their value, out-of-range or non-numeric numbers, odd files) and an
input made by mutating a real token or text (random bytes, NULs, truncation, a huge line).
A crash, a sanitizer report, a hang, or an exit status outside 0-3 is a finding: the
script prints the command line and exits 1. Build the command with ASan+UBSan (make asan)
so memory errors show."""
import os, random, subprocess, sys, tempfile

EXE, RUNS = os.path.abspath(sys.argv[1]), int(sys.argv[2])
SEED = int(sys.argv[3]) if len(sys.argv) > 3 else 20261203
rng = random.Random(SEED)
tmp = tempfile.mkdtemp(prefix="fc-clifuzz-")

def run(args, stdin=b"", env=None, timeout=60):
    e = {"PATH": "/usr/bin:/bin", "ASAN_OPTIONS": "detect_leaks=1",
         "UBSAN_OPTIONS": "print_stacktrace=1"}
    e.update(env or {})
    return subprocess.run([EXE] + args, input=stdin, capture_output=True, env=e,
                          timeout=timeout, cwd=tmp)

def path(name):
    return os.path.join(tmp, name)

def write(name, data, mode=0o600):
    with open(path(name), "wb") as f:
        f.write(data)
    os.chmod(path(name), mode)
    return path(name)

# Real material to mutate.
assert run(["keygen", "-o", path("k1")]).returncode == 0
assert run(["keygen", "-o", path("k2")]).returncode == 0
write("pw", b"correct horse\n")
write("msg", os.urandom(300))
assert run(["encrypt", "-k", path("k1"), path("msg"), "-o", path("tok")]).returncode == 0
assert run(["encrypt", "--password", "--password-file", path("pw"), "--iterations", "2",
            path("msg"), "-o", path("fcpw")]).returncode == 0
assert run(["encrypt", "--password", "--legacy-cfb", "--password-file", path("pw"),
            "--iterations", "2", path("msg"), "-o", path("legacy")]).returncode == 0
os.mkdir(path("dir"))
seeds = [open(path(n), "rb").read() for n in ("tok", "fcpw", "legacy", "k1")]

def mutate(data):
    data = bytearray(data)
    for _ in range(rng.randint(0, 4)):
        op = rng.randrange(7)
        if op == 0 and data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        elif op == 1:
            data.insert(rng.randint(0, len(data)), 0)
        elif op == 2 and data:
            del data[rng.randrange(len(data)):]
        elif op == 3:
            data += os.urandom(rng.randint(1, 64))
        elif op == 4:
            data = bytearray(os.urandom(rng.randint(0, 200)))
        elif op == 5:
            data += b"A" * rng.choice([4096, 1 << 20])  # a huge line
        elif op == 6:
            pos = rng.randint(0, len(data))
            data[pos:pos] = rng.choice([b"\n", b"\r\n", b" ", b"\t", b"=", b"."])
    return bytes(data)

NUMBERS = ["0", "1", "2", "-1", "60", "4294967295", "4294967296", "18446744073709551615",
           "18446744073709551616", "99999999999999999999999", "1e3", "0x10", "", "abc", " 5"]
FILES = ["k1", "k2", "pw", "tok", "fcpw", "legacy", "missing", "dir", "/dev/null", "/dev/zero",
         "-", ""]
OPTS = {"-k": FILES, "--key": FILES, "-o": ["out", "out2", "/dev/null", "dir", "-", ""],
        "--ttl": NUMBERS, "--now": NUMBERS, "--iterations": NUMBERS,
        "--password-file": FILES, "--salt": ["AAAA", "", "!!", "c2FsdHNhbHQ="],
        "--password": None, "--legacy-cfb": None, "--progress": None, "--force": None,
        "--help": None, "--version": None, "--allow-empty-password": None, "--bogus": None,
        "-x": None, "--": None}
CMDS = ["keygen", "encrypt", "decrypt", "rotate", "verify", "timestamp", "derive-key",
        "nonsense", "", "--help", "--version"]

def file_arg(v):
    return v if v.startswith("/") or v in ("-", "") else path(v)

# Well-formed command lines whose input is mutated: these reach the parsers and the crypto.
SANE = [["decrypt", "-k", "k1"], ["decrypt", "-k", "k2", "-k", "k1", "--ttl", "60"],
        ["verify", "-k", "k1"], ["timestamp", "-k", "k1"], ["rotate", "-k", "k2", "-k", "k1"],
        ["decrypt", "--password", "--password-file", "pw"],
        ["decrypt", "--password", "--legacy-cfb", "--iterations", "2", "--password-file", "pw"],
        ["encrypt", "-k", "k1"], ["decrypt", "-k", "k1", "--progress", "-o", "out"]]

def sane():
    args = [a if a not in ("k1", "k2", "pw", "out") else path(a) for a in rng.choice(SANE)]
    stdin = mutate(rng.choice(seeds))
    if rng.random() < 0.5:
        args.append(write("in", stdin))
        stdin = b""
    return args, stdin, {}

def one():
    if rng.random() < 0.6:
        return sane()
    args = [rng.choice(CMDS)]
    for _ in range(rng.randint(0, 6)):
        opt = rng.choice(list(OPTS))
        vals = OPTS[opt]
        args.append(opt)
        if vals is not None and rng.random() < 0.93:  # else: the value is missing
            v = rng.choice(vals)
            args.append(file_arg(v) if vals in (FILES, OPTS["-o"]) else v)
    if "--iterations" not in args and ("--password" in args or args[0] == "derive-key"):
        args += ["--iterations", "3"]  # keep key derivation cheap
    stdin = mutate(rng.choice(seeds))
    if rng.random() < 0.5:
        args.append(write("in", stdin))
        stdin = b""
    env = {}
    if rng.random() < 0.3:
        env["FERNET_KEY"] = rng.choice([seeds[3].decode().strip(), "garbage", ""])
    if rng.random() < 0.5:
        env["FERNET_PASSWORD"] = rng.choice(["correct horse", "", "x" * 5000])
    return args, stdin, env

bad = 0
codes = {}
for i in range(RUNS):
    args, stdin, env = one()
    try:
        r = run(args, stdin, env)
    except subprocess.TimeoutExpired:
        print("cli_mutate: HANG:", args, env)
        bad += 1
        continue
    err = r.stderr.decode(errors="replace")
    codes[r.returncode] = codes.get(r.returncode, 0) + 1
    if not 0 <= r.returncode <= 3 or "Sanitizer" in err or "runtime error" in err:
        print("cli_mutate: FINDING (exit %d):" % r.returncode, args, env)
        print(err[-3000:])
        bad += 1
print("cli_mutate: seed %d, exit statuses %s" % (SEED, sorted(codes.items())))
print("%d passed, %d failed" % (RUNS - bad, bad))
sys.exit(1 if bad else 0)
