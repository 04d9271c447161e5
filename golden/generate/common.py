"""Shared by the golden generators: torch setup, seeded tensors, batch orders, atomic JSON output."""

import argparse
import json
import os
import tempfile
import zlib
from pathlib import Path

import torch

GOLDEN_DIR = Path(__file__).resolve().parent.parent


def setup_torch():
    # One thread and float32 on the CPU: multi-threaded reductions may sum in another order,
    # and the Java side replays float32 on one thread too.
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    torch.use_deterministic_algorithms(True)


def parse_out(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, default=GOLDEN_DIR,
                        help="folder to write into (default: the golden/ folder)")
    return parser.parse_args().out


def source(what, script):
    """The `source` field: what made the file, with which torch, and the script to rerun."""
    prefix = what + ", " if what else ""
    return f"{prefix}PyTorch {torch.__version__}, float32, CPU, one thread; golden/generate/{script}"


def generator(key):
    """A torch generator seeded from a fixed key, so each case's random draws do not depend on
    which other cases run before it (adding a case leaves the others' values unchanged)."""
    g = torch.Generator()
    g.manual_seed(zlib.crc32(key.encode("utf-8")))
    return g


def uniform(key, shape, low, high):
    return torch.rand(shape, generator=generator(key)) * (high - low) + low


def randint(key, shape, high):
    return torch.randint(high, shape, generator=generator(key))


def values(t):
    """A tensor as nested lists of Python numbers (float32 values are exact in JSON's doubles)."""
    return t.detach().tolist()


def shuffled_batches(key, n, batch_size, steps):
    """`steps` batches of `batch_size` row indices: consecutive slices of a fresh permutation of
    the n rows each epoch, as a shuffling data loader would deliver them."""
    if n % batch_size:
        raise ValueError(f"{key}: batch size {batch_size} does not divide {n} rows")
    g = generator(key + "/batches")
    batches = []
    while len(batches) < steps:
        order = torch.randperm(n, generator=g).tolist()
        batches += [order[i:i + batch_size] for i in range(0, n, batch_size)]
    return batches[:steps]


def full_batches(n, steps):
    return [list(range(n)) for _ in range(steps)]


def write_json(out_dir, name, obj, indent=1):
    """Writes out_dir/name through a temporary file in the same folder, so a reader never sees
    half a file and an interrupted run leaves the old one in place."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + name + ".", suffix=".tmp", dir=out_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(obj, f, indent=indent, allow_nan=False)
            f.write("\n")
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the golden files are for everyone to read
        os.replace(tmp, out_dir / name)
    except BaseException:
        os.unlink(tmp)
        raise
    return out_dir / name
