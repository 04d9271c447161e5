"""Writes torch-optim.json: reference trajectories of torch's adaptive optimizers (format:
golden/README.md), the same kinds as torch-sgd.json plus the `optimizer_class` that made each."""

import time

import torch

from common import parse_out, setup_torch, source, write_json
from make_sgd import LINE
from trajectories import bowl, linear, mlp

SCRIPT = "make_optim.py"


def with_class(cls, case):
    case["optimizer_class"] = cls.__name__
    return case


def cases():
    o = torch.optim
    return [
        with_class(o.Adam, linear("adam-linear", o.Adam, {"lr": 0.05}, loss="mse_mean", batch_size=32, steps=60,
                                  **LINE)),
        with_class(o.Adam, linear("adam-amsgrad-wd-minibatch", o.Adam,
                                  {"lr": 0.03, "amsgrad": True, "weight_decay": 0.01}, loss="mse_mean",
                                  batch_size=8, steps=80, **LINE)),
        with_class(o.AdamW, linear("adamw-linear", o.AdamW, {"lr": 0.05, "weight_decay": 0.1, "betas": [0.8, 0.95]},
                                   loss="mse_mean", batch_size=32, steps=60, **LINE)),
        with_class(o.RMSprop, linear("rmsprop-linear", o.RMSprop, {"lr": 0.01}, loss="mse_mean", batch_size=32,
                                     steps=60, **LINE)),
        with_class(o.RMSprop, linear("rmsprop-centered-momentum", o.RMSprop,
                                     {"lr": 0.005, "alpha": 0.9, "momentum": 0.5, "centered": True},
                                     loss="mse_mean", batch_size=4, steps=60, **LINE)),
        with_class(o.Adagrad, linear("adagrad-linear", o.Adagrad, {"lr": 0.3}, loss="mse_mean", batch_size=32,
                                     steps=60, **LINE)),
        with_class(o.Adadelta, linear("adadelta-linear", o.Adadelta, {"lr": 1.0, "rho": 0.9}, loss="mse_mean",
                                      batch_size=32, steps=60, **LINE)),
        with_class(o.Adam, mlp("adam-mlp-tanh", o.Adam, {"lr": 0.01}, n=24, dims=[5, 8, 3], activation="tanh",
                               batch_size=6, steps=40)),
        with_class(o.Adam, bowl("adam-bowl", o.Adam, {"lr": 0.1}, a0=1.0, b0=1.0, steps=50)),
    ]


def write(out):
    start = time.monotonic()
    doc = {"source": source("torch.optim (adaptive)", SCRIPT),
           "format": "see README.md beside this file (torch-optim.json)", "cases": cases()}
    path = write_json(out, "torch-optim.json", doc)
    print(f"{path}: {len(doc['cases'])} cases in {time.monotonic() - start:.1f} s")


if __name__ == "__main__":
    setup_torch()
    write(parse_out(__doc__))
