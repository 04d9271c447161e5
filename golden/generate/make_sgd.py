"""Writes torch-sgd.json: reference trajectories of torch.optim.SGD (format: golden/README.md)."""

import time

import torch

from common import parse_out, setup_torch, source, write_json
from trajectories import bowl, linear, mlp

SCRIPT = "make_sgd.py"

# The line every multi-step linear case fits: 32 points of 3x + 2 plus a 0.25 sine wobble,
# starting from w = 0.5, b = -1.
LINE = dict(n=32, slope=3.0, intercept=2.0, wobble=0.25, w0=0.5, b0=-1.0)


def counting(n):
    """x = y = 1..n: the project's seed examples."""
    rows = [[float(i + 1)] for i in range(n)]
    return rows, rows


def cases():
    sgd = torch.optim.SGD
    seed = dict(slope=1.0, intercept=0.0, wobble=0.0, w0=100.0, b0=0.0, loss="mse_mean", steps=1, no_bias=True)
    return [
        # w = 100 -> 99.8020 after one step on the single sample x = y = 1 ...
        linear("seed-single-sample", sgd, {"lr": 0.001}, n=1, batch_size=1, data=counting(1), **seed),
        # ... and -> 92.3770 on the batch x = y = 1..10
        linear("seed-batch-of-ten", sgd, {"lr": 0.001}, n=10, batch_size=10, data=counting(10), **seed),
        linear("gd-plain", sgd, {"lr": 0.05}, loss="mse_mean", batch_size=32, steps=60, **LINE),
        linear("gd-momentum", sgd, {"lr": 0.02, "momentum": 0.9}, loss="mse_mean", batch_size=32, steps=60, **LINE),
        linear("gd-nesterov", sgd, {"lr": 0.02, "momentum": 0.9, "nesterov": True}, loss="mse_mean",
               batch_size=32, steps=60, **LINE),
        linear("gd-weight-decay", sgd, {"lr": 0.05, "weight_decay": 0.1}, loss="mse_mean", batch_size=32,
               steps=60, **LINE),
        linear("minibatch-8-momentum-dampening", sgd, {"lr": 0.03, "momentum": 0.8, "dampening": 0.3},
               loss="mse_mean", batch_size=8, steps=80, **LINE),
        linear("sgd-single-sample", sgd, {"lr": 0.02}, loss="mse_mean", batch_size=1, steps=120, **LINE),
        linear("gd-mse-sum", sgd, {"lr": 0.002, "momentum": 0.5}, loss="mse_sum", batch_size=32, steps=60, **LINE),
        bowl("bowl-seed", sgd, {"lr": 0.1}, a0=1.0, b0=1.0, steps=50),
        mlp("mlp-tanh-nesterov", sgd, {"lr": 0.1, "momentum": 0.9, "nesterov": True}, n=24, dims=[5, 8, 3],
            activation="tanh", batch_size=6, steps=40),
    ]


def write(out):
    start = time.monotonic()
    doc = {"source": source("torch.optim.SGD", SCRIPT), "format": "see README.md beside this file",
           "cases": cases()}
    path = write_json(out, "torch-sgd.json", doc)
    print(f"{path}: {len(doc['cases'])} cases in {time.monotonic() - start:.1f} s")


if __name__ == "__main__":
    setup_torch()
    write(parse_out(__doc__))
