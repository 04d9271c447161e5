"""Writes torch-ops.json: values and input gradients of torch's losses and activations (format:
golden/README.md)."""

import time

import torch
import torch.nn.functional as F

from common import parse_out, setup_torch, source, uniform, values, write_json

SCRIPT = "make_ops.py"

# One class index per row of the 7x4 logits; every class occurs.
LABELS = [1, 0, 3, 2, 1, 0, 3]

REGRESSION = {
    "mse": ("mse", {}, lambda x, t, r: F.mse_loss(x, t, reduction=r)),
    "l1": ("l1", {}, lambda x, t, r: F.l1_loss(x, t, reduction=r)),
    # inputs span +-1.5 around targets in +-1, so both sides of delta and beta are exercised
    "huber-d0.5": ("huber", {"delta": 0.5}, lambda x, t, r: F.huber_loss(x, t, reduction=r, delta=0.5)),
    "smoothl1-b2": ("smooth_l1", {"beta": 2.0}, lambda x, t, r: F.smooth_l1_loss(x, t, reduction=r, beta=2.0)),
}

ACTIVATIONS = {
    "relu": torch.relu,
    "leaky_relu-0.01": lambda x: F.leaky_relu(x, 0.01),
    "leaky_relu-0.2": lambda x: F.leaky_relu(x, 0.2),
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "softmax-dim1": lambda x: torch.softmax(x, dim=1),
    "log_softmax-dim1": lambda x: torch.log_softmax(x, dim=1),
    "gelu-exact": lambda x: F.gelu(x, approximate="none"),
    "gelu-tanh": lambda x: F.gelu(x, approximate="tanh"),
    "elu-1": lambda x: F.elu(x, alpha=1.0),
    "softplus": F.softplus,
    "silu": F.silu,
    "identity": lambda x: x,
}


def measured(name, input_value, fn):
    """The case's common fields: torch's output of fn(input) and the gradient of
    sum(output * upstream); a reduced (scalar) output gets upstream 1."""
    x = input_value.clone().requires_grad_(True)
    out = fn(x)
    upstream = uniform(f"upstream{list(out.shape)}", out.shape, -1.0, 1.0) if out.dim() else torch.tensor(1.0)
    (out * upstream).sum().backward()
    return {"name": name, "input": values(input_value), "output": values(out), "upstream": values(upstream),
            "grad_input": values(x.grad)}


def losses():
    regression_input = uniform("regression/input", (6, 3), -1.5, 1.5)
    regression_target = uniform("regression/target", (6, 3), -1.0, 1.0)
    logits = uniform("classification/logits", (7, 4), -3.0, 3.0)
    labels = torch.tensor(LABELS)
    binary_logits = uniform("binary/logits", (7, 1), -4.0, 4.0)
    binary_target = uniform("binary/target", (7, 1), 0.0, 1.0)  # soft targets in (0, 1)

    cases = []
    for reduction in ("mean", "sum", "none"):
        for prefix, (loss, options, fn) in REGRESSION.items():
            case = measured(f"{prefix}-{reduction}", regression_input,
                            lambda x: fn(x, regression_target, reduction))
            case.update(loss=loss, **options, reduction=reduction, target=values(regression_target))
            cases.append(case)

    def classification(name, reduction, **options):
        case = measured(name, logits, lambda x: F.cross_entropy(x, labels, reduction=reduction, **options))
        case.update(loss="cross_entropy", reduction=reduction, labels=LABELS, **options)
        return case

    cases += [classification(f"cross-entropy-{r}", r) for r in ("mean", "sum", "none")]
    cases.append(classification("cross-entropy-label-smoothing-0.1", "mean", label_smoothing=0.1))

    for reduction in ("mean", "sum"):
        case = measured(f"bce-with-logits-{reduction}", binary_logits,
                        lambda x: F.binary_cross_entropy_with_logits(x, binary_target, reduction=reduction))
        case.update(loss="bce_with_logits", reduction=reduction, target=values(binary_target))
        cases.append(case)

        case = measured(f"bce-{reduction}", binary_logits,
                        lambda x: F.binary_cross_entropy(torch.sigmoid(x), binary_target, reduction=reduction))
        case.update(loss="bce_after_sigmoid", reduction=reduction, target=values(binary_target),
                    note="input is logits; loss is binary_cross_entropy(sigmoid(input), target)")
        cases.append(case)

        case = measured(f"nll-{reduction}", logits,
                        lambda x: F.nll_loss(torch.log_softmax(x, dim=1), labels, reduction=reduction))
        case.update(loss="nll_after_log_softmax", reduction=reduction, labels=LABELS,
                    note="input is logits; loss is nll_loss(log_softmax(input, dim=1), labels)")
        cases.append(case)
    return cases


def activations():
    x = uniform("activation/input", (5, 4), -3.0, 3.0)
    # an exact zero: where relu and its relatives have their kink, torch's gradient convention shows
    x[0, 0] = 0.0
    cases = []
    for name, fn in ACTIVATIONS.items():
        case = measured(name, x, fn)
        case["activation"] = name
        cases.append(case)
    return cases


def write(out):
    start = time.monotonic()
    doc = {"source": source("", SCRIPT), "format": "see README.md beside this file",
           "losses": losses(), "activations": activations()}
    path = write_json(out, "torch-ops.json", doc)
    print(f"{path}: {len(doc['losses'])} losses, {len(doc['activations'])} activations "
          f"in {time.monotonic() - start:.1f} s")


if __name__ == "__main__":
    setup_torch()
    write(parse_out(__doc__))
