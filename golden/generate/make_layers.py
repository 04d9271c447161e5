"""Writes torch-layers.json: single torch.nn layers (output and gradients) and small
nn.Sequential models trained with SGD (format: golden/README.md)."""

import time

import torch
from torch import nn
import torch.nn.functional as F

from common import generator, parse_out, randint, setup_torch, shuffled_batches, source, uniform, values, write_json

SCRIPT = "make_layers.py"


class MeanDim1(nn.Module):
    """The mean over dimension 1, e.g. over a sequence's embedded tokens."""

    def forward(self, x):
        return x.mean(dim=1)


MODULES = {
    "linear": nn.Linear, "conv1d": nn.Conv1d, "conv2d": nn.Conv2d,
    "maxpool1d": nn.MaxPool1d, "maxpool2d": nn.MaxPool2d, "avgpool2d": nn.AvgPool2d,
    "batchnorm1d": nn.BatchNorm1d, "batchnorm2d": nn.BatchNorm2d, "layernorm": nn.LayerNorm,
    "embedding": nn.Embedding, "relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid,
    "gelu": nn.GELU, "flatten": nn.Flatten, "mean_dim1": MeanDim1,
}

LOSSES = {"cross_entropy": F.cross_entropy, "mse_mean": F.mse_loss}


def build(specs, key):
    """An nn.Sequential of the specs, its parameters drawn anew: weights in +-0.4 and biases in
    +-0.1, including the norms' scale and shift, which torch would start at exactly 1 and 0 and
    so hide a swapped or ignored parameter."""
    model = nn.Sequential(*[MODULES[s["type"]](**{k: v for k, v in s.items() if k != "type"}) for s in specs])
    with torch.no_grad():
        for name, p in model.named_parameters():
            bound = 0.1 if name.endswith("bias") else 0.4
            p.copy_(uniform(f"{key}/{name}", p.shape, -bound, bound))
    return model


def float_state(model):
    """The state_dict without its integer buffers (num_batches_tracked), which go to `counters`."""
    return {k: values(v) for k, v in model.state_dict().items() if v.is_floating_point()}


def integer_state(model):
    return {k: v.item() for k, v in model.state_dict().items() if not v.is_floating_point()}


def draw_input(key, shape, dtype, spec):
    if dtype == "int64":
        return randint(key, shape, spec["num_embeddings"])
    return uniform(key, shape, -1.0, 1.0)


def layer_case(name, spec, input_shape, mode="train", dtype="float32"):
    model = build([spec], name)
    if mode == "eval":
        # running statistics away from 0 and 1, so evaluation mode visibly uses them
        bn = model[0]
        bn.running_mean.copy_(uniform(f"{name}/running_mean", bn.running_mean.shape, -0.5, 0.5))
        bn.running_var.copy_(uniform(f"{name}/running_var", bn.running_var.shape, 0.5, 2.0))
    model.train(mode == "train")
    x = draw_input(f"{name}/input", input_shape, dtype, spec)
    init = float_state(model)
    if x.is_floating_point():
        x.requires_grad_(True)
    out = model(x)
    upstream = uniform(f"{name}/upstream", out.shape, -1.0, 1.0)
    (out * upstream).sum().backward()

    case = {"name": name, "layer": spec, "mode": mode, "input": values(x), "input_dtype": dtype, "init": init,
            "output": values(out), "upstream": values(upstream),
            "grad_params": {k: values(p.grad) for k, p in model.named_parameters()}}
    if x.is_floating_point():
        case["grad_input"] = values(x.grad)
    if spec["type"].startswith("batchnorm"):
        case["buffers_after"] = {k: v for k, v in float_state(model).items() if ".running_" in k}
    return case


def labels(key, n, classes):
    """n class labels, each class equally often, in a drawn order."""
    return (torch.arange(n) % classes)[torch.randperm(n, generator=generator(key))]


def sequential_case(name, specs, input_shape, loss, optimizer, batch_size, n, steps, outputs, dtype="float32"):
    model = build(specs, name)
    x = draw_input(f"{name}/x", [n] + input_shape, dtype, specs[0])
    y = labels(f"{name}/y", n, outputs) if loss == "cross_entropy" else uniform(f"{name}/y", (n, outputs), -1, 1)
    batches = shuffled_batches(name, n, batch_size, steps)
    init = float_state(model)
    opt = torch.optim.SGD(model.parameters(), **optimizer)
    model.train()
    trajectory = []
    for rows in batches:
        opt.zero_grad()
        value = LOSSES[loss](model(x[rows]), y[rows])
        value.backward()
        opt.step()
        trajectory.append({"loss": value.item()})
    rows = [0, 1, 2, 3]
    model.eval()
    with torch.no_grad():
        evaluated = model(x[rows])

    case = {"name": name, "kind": "sequential", "layers": specs, "input_shape": input_shape, "input_dtype": dtype,
            "loss": loss, "optimizer": optimizer, "batch_size": batch_size, "init": init,
            "data": {"x": values(x), "y": values(y)}, "batches": batches, "trajectory": trajectory,
            "final": float_state(model), "eval": {"rows": rows, "output": values(evaluated)}}
    counters = integer_state(model)
    if counters:
        case["counters"] = counters
    return case


def sequential():
    return [
        sequential_case("cnn-conv-relu-maxpool-linear",
                        [{"type": "conv2d", "in_channels": 1, "out_channels": 4, "kernel_size": 3, "padding": 1},
                         {"type": "relu"}, {"type": "maxpool2d", "kernel_size": 2}, {"type": "flatten"},
                         {"type": "linear", "in_features": 64, "out_features": 5}],
                        [1, 8, 8], "cross_entropy", {"lr": 0.02, "momentum": 0.9}, batch_size=8, n=40, steps=25,
                        outputs=5),
        sequential_case("mlp-batchnorm1d",
                        [{"type": "linear", "in_features": 6, "out_features": 12},
                         {"type": "batchnorm1d", "num_features": 12}, {"type": "relu"},
                         {"type": "linear", "in_features": 12, "out_features": 3}],
                        [6], "cross_entropy", {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.001}, batch_size=12,
                        n=48, steps=30, outputs=3),
        sequential_case("mlp-layernorm-gelu-mse",
                        [{"type": "linear", "in_features": 5, "out_features": 10},
                         {"type": "layernorm", "normalized_shape": 10}, {"type": "gelu"},
                         {"type": "linear", "in_features": 10, "out_features": 2}],
                        [5], "mse_mean", {"lr": 0.05}, batch_size=10, n=30, steps=30, outputs=2),
        sequential_case("embedding-mean-linear",
                        [{"type": "embedding", "num_embeddings": 20, "embedding_dim": 6}, {"type": "mean_dim1"},
                         {"type": "linear", "in_features": 6, "out_features": 4}],
                        [5], "cross_entropy", {"lr": 0.2, "momentum": 0.5}, batch_size=6, n=36, steps=30,
                        outputs=4, dtype="int64"),
        sequential_case("cnn-batchnorm2d-avgpool",
                        [{"type": "conv2d", "in_channels": 2, "out_channels": 3, "kernel_size": 3},
                         {"type": "batchnorm2d", "num_features": 3}, {"type": "tanh"},
                         {"type": "avgpool2d", "kernel_size": 2}, {"type": "flatten"},
                         {"type": "linear", "in_features": 12, "out_features": 3}],
                        [2, 6, 6], "cross_entropy", {"lr": 0.05, "momentum": 0.9, "nesterov": True}, batch_size=10,
                        n=30, steps=20, outputs=3),
        sequential_case("conv1d-maxpool1d",
                        [{"type": "conv1d", "in_channels": 2, "out_channels": 4, "kernel_size": 3, "padding": 1},
                         {"type": "relu"}, {"type": "maxpool1d", "kernel_size": 2}, {"type": "flatten"},
                         {"type": "linear", "in_features": 20, "out_features": 2}],
                        [2, 10], "mse_mean", {"lr": 0.02}, batch_size=8, n=24, steps=24, outputs=2),
    ]


def layers():
    return [
        layer_case("conv2d-3x3-pad1",
                   {"type": "conv2d", "in_channels": 2, "out_channels": 3, "kernel_size": 3, "padding": 1}, [2, 2, 5, 5]),
        layer_case("conv2d-stride2",
                   {"type": "conv2d", "in_channels": 1, "out_channels": 2, "kernel_size": 3, "stride": 2}, [2, 1, 7, 7]),
        layer_case("conv2d-nobias-dilation2",
                   {"type": "conv2d", "in_channels": 2, "out_channels": 2, "kernel_size": 2, "dilation": 2,
                    "bias": False}, [1, 2, 6, 6]),
        layer_case("conv1d-k3", {"type": "conv1d", "in_channels": 3, "out_channels": 2, "kernel_size": 3}, [2, 3, 8]),
        layer_case("maxpool2d-2", {"type": "maxpool2d", "kernel_size": 2}, [2, 2, 6, 6]),
        layer_case("maxpool2d-3-stride2-pad1", {"type": "maxpool2d", "kernel_size": 3, "stride": 2, "padding": 1},
                   [1, 2, 7, 7]),
        layer_case("avgpool2d-2", {"type": "avgpool2d", "kernel_size": 2}, [2, 2, 6, 6]),
        layer_case("batchnorm1d-train", {"type": "batchnorm1d", "num_features": 4}, [6, 4]),
        layer_case("batchnorm1d-eval", {"type": "batchnorm1d", "num_features": 4}, [6, 4], mode="eval"),
        layer_case("batchnorm2d-train", {"type": "batchnorm2d", "num_features": 3}, [2, 3, 4, 4]),
        layer_case("layernorm", {"type": "layernorm", "normalized_shape": 5}, [4, 5]),
        layer_case("embedding", {"type": "embedding", "num_embeddings": 10, "embedding_dim": 3}, [4, 5],
                   dtype="int64"),
        layer_case("linear", {"type": "linear", "in_features": 4, "out_features": 3}, [5, 4]),
    ]


def write(out):
    start = time.monotonic()
    # no indentation: the nested NCHW arrays would take tens of thousands of lines
    doc = {"source": source("", SCRIPT), "sequential": sequential(), "layers": layers()}
    path = write_json(out, "torch-layers.json", doc, indent=None)
    print(f"{path}: {len(doc['sequential'])} sequential models, {len(doc['layers'])} layers "
          f"in {time.monotonic() - start:.1f} s")


if __name__ == "__main__":
    setup_torch()
    write(parse_out(__doc__))
