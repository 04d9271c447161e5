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
        # the options and combinations the cases above leave out, parameter groups among them
        with_class(o.Adam, linear("adam-groups-betas-amsgrad", o.Adam, {"lr": 0.05}, loss="mse_mean", batch_size=8,
                                  steps=60, groups={"w": {"betas": [0.8, 0.99], "lr": 0.1},
                                                    "b": {"amsgrad": True, "eps": 1e-4}}, **LINE)),
        with_class(o.Adam, linear("adam-maximize-wd-l1", o.Adam, {"lr": 0.01, "maximize": True, "weight_decay": 0.1},
                                  loss="l1_mean", batch_size=8, steps=40, **LINE)),
        with_class(o.AdamW, linear("adamw-amsgrad-minibatch", o.AdamW,
                                   {"lr": 0.05, "amsgrad": True, "weight_decay": 0.05, "betas": [0.9, 0.95]},
                                   loss="mse_mean", batch_size=8, steps=60, **LINE)),
        with_class(o.RMSprop, linear("rmsprop-wd-momentum-minibatch", o.RMSprop,
                                     {"lr": 0.01, "weight_decay": 0.1, "momentum": 0.9}, loss="mse_mean",
                                     batch_size=8, steps=60, **LINE)),
        with_class(o.RMSprop, linear("rmsprop-groups", o.RMSprop, {"lr": 0.01, "alpha": 0.95}, loss="mse_mean",
                                     batch_size=16, steps=60, groups={"w": {"centered": True},
                                                                      "b": {"momentum": 0.5, "lr": 0.02}}, **LINE)),
        with_class(o.Adagrad, linear("adagrad-lr-decay-wd-initial", o.Adagrad,
                                     {"lr": 0.5, "lr_decay": 0.05, "weight_decay": 0.01,
                                      "initial_accumulator_value": 0.1, "eps": 1e-8},
                                     loss="mse_mean", batch_size=8, steps=60, **LINE)),
        with_class(o.Adadelta, linear("adadelta-wd-minibatch", o.Adadelta,
                                      {"lr": 0.5, "rho": 0.95, "eps": 1e-5, "weight_decay": 0.01},
                                      loss="mse_mean", batch_size=8, steps=60, **LINE)),
        with_class(o.Adagrad, bowl("adagrad-bowl-maximize", o.Adagrad, {"lr": 0.1, "maximize": True},
                                   a0=1.0, b0=-0.5, steps=30)),
        with_class(o.RMSprop, mlp("rmsprop-mlp-relu", o.RMSprop, {"lr": 0.005, "momentum": 0.5}, n=24,
                                  dims=[5, 8, 3], activation="relu", batch_size=6, steps=40)),
        with_class(o.AdamW, mlp("adamw-mlp-sigmoid", o.AdamW, {"lr": 0.02, "weight_decay": 0.05}, n=24,
                                dims=[5, 8, 3], activation="sigmoid", batch_size=6, steps=40)),
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
