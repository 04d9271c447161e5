#!/usr/bin/env python3
"""W7, the whole job as a user times it, written with PyTorch as a PyTorch user would.

Loads the 8x8 digits from CSV (examples/src/main/resources/datasets/digits.csv.gz), splits them 80/20
with a seeded permutation, standardises with the training part's statistics, trains a 64-32-10 ReLU
MLP with cross-entropy and SGD (lr 0.05, momentum 0.9) on shuffled mini-batches of 32 for 10 epochs,
evaluates on the held-out part and saves the weights. Prints one JSON line per result; exit status 1
when the held-out accuracy is below 0.9 (the result check shared with DigitsJob.java and
digits_job.kts).

    /usr/bin/python3 bench/w7/digits_job.py [CSV] [OUT_DIR]
"""
import csv
import gzip
import json
import os
import sys
import tempfile

import torch
from torch import nn

EPOCHS, BATCH, LR, MOMENTUM, SEED = 10, 32, 0.05, 0.9, 1


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../examples/src/main/resources/datasets/digits.csv.gz")
    out = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="w7-torch-")
    torch.set_num_threads(int(os.environ.get("BENCH_THREADS", "2")))
    torch.manual_seed(SEED)
    with gzip.open(path, "rt", newline="") as f:
        rows = [[float(v) for v in row] for row in csv.reader(f) if row]
    data = torch.tensor(rows, dtype=torch.float32)
    x, y = data[:, :-1], data[:, -1].long()
    order = torch.randperm(len(x), generator=torch.Generator().manual_seed(SEED))
    cut = int(0.8 * len(x))
    tr, te = order[:cut], order[cut:]
    mean, std = x[tr].mean(0), x[tr].std(0, unbiased=False)
    std[std == 0] = 1
    xtr, xte = (x[tr] - mean) / std, (x[te] - mean) / std
    ytr, yte = y[tr], y[te]

    model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
    opt = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(EPOCHS):
        perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr), BATCH):
            idx = perm[i:i + BATCH]
            opt.zero_grad()
            loss = loss_fn(model(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
    with torch.no_grad():
        logits = model(xte)
        test_loss = loss_fn(logits, yte).item()
        accuracy = (logits.argmax(1) == yte).float().mean().item()
    torch.save(model.state_dict(), os.path.join(out, "digits-mlp.pt"))
    ok = accuracy >= 0.9
    for metric, value, unit in (("test_accuracy", accuracy, "fraction"), ("test_loss", test_loss, "nats"),
                                ("ok", 1 if ok else 0, "bool")):
        print(json.dumps({"impl": "torch", "workload": "W7", "metric": metric, "value": value, "unit": unit}))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
