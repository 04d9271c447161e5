"""Writes golden/safetensors/: nn.Sequential state_dicts trained a few steps by torch.optim.SGD and saved
as safetensors (written by hand, safetensors_io.py), with expected.json holding each model's output
on a fixed input and the next SGD steps torch takes from there (losses and final state_dict):

    /usr/bin/python3 golden/generate/make_safetensors.py --out golden/

Run with a file and a case name instead, it prints that case's model output for the file's weights
(the Descent -> file -> torch check of the tests):

    /usr/bin/python3 golden/generate/make_safetensors.py --forward FILE CASE
"""

import argparse
import json
import sys
from pathlib import Path

import torch
from torch import nn
import torch.nn.functional as F

from common import GOLDEN_DIR, setup_torch, source, uniform, randint, values, write_json
import safetensors_io

SCRIPT = "make_safetensors.py"
PRETRAIN_STEPS = 5
STEPS = 3
LR = 0.1

CASES = {
    # Linear, Tanh, Linear: Descent's dense(16, tanh).dense(3); state_dict 0.*, 2.*
    "mlp_tanh": {"build": lambda: nn.Sequential(nn.Linear(5, 16), nn.Tanh(), nn.Linear(16, 3)),
                 "x": [12, 5], "loss": "cross_entropy", "classes": 3},
    # Flatten, Linear, ReLU, Linear, ReLU, Linear: Descent's flatten().dense(8, relu).dense(4, relu).dense(1);
    # state_dict 1.*, 3.*, 5.*
    "flatten_relu": {"build": lambda: nn.Sequential(nn.Flatten(), nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 4), nn.ReLU(),
                                                    nn.Linear(4, 1)),
                     "x": [10, 2, 3], "loss": "mse_mean"},
}


def build(name):
    torch.manual_seed(7)  # nn.Linear's default initialisation
    return CASES[name]["build"]()


def data(name):
    case = CASES[name]
    x = uniform(name + "/x", case["x"], -1.5, 1.5)
    if case["loss"] == "cross_entropy":
        y = randint(name + "/y", [case["x"][0]], case["classes"])
    else:
        y = uniform(name + "/y", [case["x"][0], 1], -1.0, 1.0)
    return x, y


def loss_of(name, out, y):
    return F.cross_entropy(out, y) if CASES[name]["loss"] == "cross_entropy" else F.mse_loss(out, y)


def sgd_steps(name, model, x, y, steps):
    """Full-batch torch.optim.SGD steps; returns each step's loss (before its update)."""
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_of(name, model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def write(out):
    folder = Path(out) / "safetensors"
    folder.mkdir(parents=True, exist_ok=True)
    cases = []
    for name, case in CASES.items():
        model = build(name)
        x, y = data(name)
        sgd_steps(name, model, x, y, PRETRAIN_STEPS)  # a model trained in PyTorch ...
        safetensors_io.write(folder / (name + ".safetensors"), model.state_dict(),
                             {"format": "pt", "case": name})
        with torch.no_grad():
            output = model(x)
            loss = loss_of(name, output, y)
        losses = sgd_steps(name, model, x, y, STEPS)  # ... and where torch takes it next
        cases.append({"name": name, "file": name + ".safetensors", "loss": case["loss"], "x": values(x),
                      "y": values(y), "output": values(output), "initial_loss": loss.item(), "lr": LR,
                      "steps": STEPS, "losses": losses,
                      "final": {k: values(v) for k, v in model.state_dict().items()}})
    write_json(folder, "expected.json", {"source": source("nn.Sequential state_dicts as safetensors", SCRIPT),
                                         "cases": cases})
    print(f"wrote {folder}/expected.json and {len(cases)} .safetensors files")


def forward(file, name):
    model = build(name)
    tensors, _ = safetensors_io.read(file)
    model.load_state_dict(tensors, strict=True)
    x, _ = data(name)
    with torch.no_grad():
        print(json.dumps({"output": values(model(x))}))


if __name__ == "__main__":
    setup_torch()
    if len(sys.argv) == 4 and sys.argv[1] == "--forward":
        forward(sys.argv[2], sys.argv[3])
    else:
        parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
        parser.add_argument("--out", type=Path, default=GOLDEN_DIR)
        write(parser.parse_args().out)
