"""The optimizer-trajectory case kinds (linear, bowl, mlp) shared by make_sgd.py and make_optim.py.

Each function takes the optimizer's class and keyword arguments, trains with torch and returns
the case as golden/README.md describes it. The datasets and starting weights are closed-form
functions of the case's fields (not random draws), so every optimizer case sees the same data.
"""

import math

import torch
import torch.nn.functional as F

from common import full_batches, shuffled_batches, values

LOSSES = {
    "mse_mean": lambda pred, y: F.mse_loss(pred, y, reduction="mean"),
    "mse_sum": lambda pred, y: F.mse_loss(pred, y, reduction="sum"),
    "l1_mean": lambda pred, y: F.l1_loss(pred, y, reduction="mean"),
}

ACTIVATIONS = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid}


def _optimizer(cls, kwargs, params, groups=None):
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}
    if groups:
        # groups name w and b; each group carries its own overrides of the defaults
        params = [dict({"params": [params[name]]}, **overrides) for name, overrides in groups.items()]
    else:
        params = list(params.values())
    return cls(params, **kwargs)


def line_data(n, slope, intercept, wobble):
    """n points on [-2, 2] (the last at 2) along a line, bent by a sine so no line fits exactly."""
    x = [-2 + 4 * (i + 1) / n for i in range(n)]
    y = [slope * xi + intercept + wobble * math.sin(7 * xi) for xi in x]
    return [[v] for v in x], [[v] for v in y]


def linear(name, optimizer_cls, optimizer, *, n, slope, intercept, wobble, w0, b0, loss, batch_size,
           steps, no_bias=False, data=None, groups=None):
    """`data` overrides the line (the seed cases use x = y = 1..n)."""
    xs, ys = data if data is not None else line_data(n, slope, intercept, wobble)
    batches = full_batches(n, steps) if batch_size == n else shuffled_batches(name, n, batch_size, steps)
    x = torch.tensor(xs, dtype=torch.float32)
    y = torch.tensor(ys, dtype=torch.float32)
    w = torch.tensor([[w0]], dtype=torch.float32, requires_grad=True)
    b = None if no_bias else torch.tensor([b0], dtype=torch.float32, requires_grad=True)
    params = {"w": w} if no_bias else {"w": w, "b": b}
    opt = _optimizer(optimizer_cls, optimizer, params, groups)
    trajectory = []
    for rows in batches:
        opt.zero_grad()
        pred = x[rows] @ w
        if b is not None:
            pred = pred + b
        value = LOSSES[loss](pred, y[rows])
        value.backward()
        opt.step()
        step = {"loss": value.item(), "w": w.item()}
        if b is not None:
            step["b"] = b.item()
        trajectory.append(step)

    case = {"name": name, "kind": "linear", "n": n, "slope": slope, "intercept": intercept, "wobble": wobble,
            "w0": w0, "b0": b0, "loss": loss, "optimizer": optimizer}
    if groups:
        case["groups"] = groups
    case["batch_size"] = batch_size
    case["batches"] = batches
    if no_bias:
        case["no_bias"] = True
    case["data"] = {"x": xs, "y": ys}
    case["trajectory"] = trajectory
    return case


def bowl(name, optimizer_cls, optimizer, *, a0, b0, steps):
    a = torch.tensor(a0, dtype=torch.float32, requires_grad=True)
    b = torch.tensor(b0, dtype=torch.float32, requires_grad=True)
    opt = _optimizer(optimizer_cls, optimizer, {"a": a, "b": b})
    trajectory = []
    for _ in range(steps):
        opt.zero_grad()
        value = a * a + b * b
        value.backward()
        opt.step()
        trajectory.append({"loss": value.item(), "a": a.item(), "b": b.item()})
    return {"name": name, "kind": "bowl", "a0": a0, "b0": b0, "steps": steps, "optimizer": optimizer,
            "trajectory": trajectory}


def mlp_data(n, d, k):
    """Smooth, class-balanced features: row i is sin(0.37 (i+1)(j+1)) over j, its class i mod k."""
    x = [[math.sin(0.37 * (i + 1) * (j + 1)) for j in range(d)] for i in range(n)]
    return x, [i % k for i in range(n)]


def mlp_weights(rows, cols, phase):
    """Deterministic starting weights in [-0.5, 0.5]; a distinct phase per matrix."""
    return [[0.5 * math.cos(phase + 1.3 * i + 0.7 * j) for j in range(cols)] for i in range(rows)]


def mlp(name, optimizer_cls, optimizer, *, n, dims, activation, batch_size, steps):
    d, h, k = dims
    xs, ys = mlp_data(n, d, k)
    init = {"W1": mlp_weights(d, h, 0.1), "W2": mlp_weights(h, k, 0.9)}
    batches = shuffled_batches(name, n, batch_size, steps)
    x = torch.tensor(xs, dtype=torch.float32)
    y = torch.tensor(ys, dtype=torch.int64)
    params = {
        "W1": torch.tensor(init["W1"], dtype=torch.float32, requires_grad=True),
        "b1": torch.zeros(h, requires_grad=True),
        "W2": torch.tensor(init["W2"], dtype=torch.float32, requires_grad=True),
        "b2": torch.zeros(k, requires_grad=True),
    }
    opt = _optimizer(optimizer_cls, optimizer, params)
    act = ACTIVATIONS[activation]
    trajectory = []
    for rows in batches:
        opt.zero_grad()
        logits = act(x[rows] @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]
        value = F.cross_entropy(logits, y[rows])
        value.backward()
        opt.step()
        trajectory.append({"loss": value.item()})
    return {"name": name, "kind": "mlp", "n": n, "dims": list(dims), "activation": activation,
            "optimizer": optimizer, "batches": batches, "data": {"x": xs, "y": ys}, "init": init,
            "final": {p: values(t) for p, t in params.items()}, "trajectory": trajectory}
