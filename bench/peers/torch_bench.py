#!/usr/bin/python3
"""The PyTorch peer: the bench workloads of bench/README.md written the way a PyTorch user writes them.

    OMP_NUM_THREADS=2 /usr/bin/python3 bench/peers/torch_bench.py [--workloads W0,W1,...] [--quick]
    /usr/bin/python3 bench/peers/torch_bench.py --w5

Needs Debian's python3-torch (1.13, CPU), hence /usr/bin/python3 rather than whatever python3 is on
PATH. bench/run_peers.sh runs it with ND4J's OpenBLAS first on LD_LIBRARY_PATH; the line
{"workload": "INFO", "metric": "openblas_loaded"} says whether that worked, and without it the results
are reported as impl "torch-netlib" (Debian's reference BLAS) so they never pass for the fair peer.

stdout: one JSON line per (workload, metric), {"impl", "workload", "metric", "value", "unit"};
stderr: everything else.
"""
import time

# W5 counts from here: the nearest a Python program has to the JVM's main().
PROCESS_START = time.perf_counter()

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import traceback  # noqa: E402

THREADS = int(os.environ.get("BENCH_THREADS", "2"))
# OpenMP and OpenBLAS read these when they load, so they must be set before torch is imported.
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_var, str(THREADS))

IMPORT_START = time.perf_counter()
try:
    import torch  # noqa: E402
    import torch.nn.functional as F  # noqa: E402
except ImportError as _e:
    sys.exit("torch_bench.py: cannot import torch with %s (%s).\n"
             "Install Debian's PyTorch once: apt-get update && apt-get install -y python3-torch,\n"
             "and run this file with /usr/bin/python3." % (sys.executable, _e))
IMPORT_END = time.perf_counter()

torch.set_num_threads(THREADS)
torch.set_num_interop_threads(1)


def loaded_blas_libraries():
    """The BLAS libraries mapped into this process. Debian builds torch with BLAS_INFO=generic: it calls
    whatever libblas.so.3 the loader finds, which is netlib's reference BLAS unless something better
    comes first on the library path."""
    found = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                fields = line.split()
                if len(fields) >= 6 and "blas" in os.path.basename(fields[-1]).lower():
                    found.add(os.path.realpath(fields[-1]))
    except OSError:
        pass
    return sorted(found)


BLAS = loaded_blas_libraries()
ON_OPENBLAS = any("openblas" in os.path.basename(p).lower() for p in BLAS)
IMPL = "torch" if ON_OPENBLAS else "torch-netlib"


class Options:
    quick = False
    w3_samples = None


def emit(workload, metric, value, unit, impl=None):
    """One result line; 6 significant digits, and null for a missing or non-finite value."""
    if value is None or not math.isfinite(value):
        value = None
    else:
        value = float("%.6g" % value)
    print(json.dumps({"impl": impl or IMPL, "workload": workload, "metric": metric,
                      "value": value, "unit": unit}), flush=True)


def proc_status_mb(field):
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def rss_mb():
    return proc_status_mb("VmRSS:")


def peak_rss_mb():
    return proc_status_mb("VmHWM:")


def median(values):
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else 0.5 * (s[mid - 1] + s[mid])


def sgd_steps(batches, opt, loss_fn):
    """One optimizer step per (x, y) batch: zero_grad, loss, backward, step."""
    for x, y in batches:
        opt.zero_grad()
        loss_fn(x, y).backward()
        opt.step()


# ---------------------------------------------------------------- W0: the seed steps

def w0_one_step(x, y):
    w = torch.tensor([[100.0]], requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.001)
    opt.zero_grad()
    # x * w (a broadcast multiply), not x @ w: the SameDiff peer cannot back-propagate a [1,1] matmul
    F.mse_loss(x * w, y).backward()
    opt.step()
    return w.item()


def w0():
    single = w0_one_step(torch.ones(1, 1), torch.ones(1, 1))
    xs = torch.linspace(1, 10, 10).reshape(10, 1)
    batch = w0_one_step(xs, xs.clone())
    emit("W0", "w_after_step_1x1", single, "expect 99.8020")
    emit("W0", "w_after_step_batch10", batch, "expect 92.3770")
    passed = abs(single - 99.8020) < 1e-4 and abs(batch - 92.3770) < 1e-4
    emit("W0", "ok", 1 if passed else 0, "bool")


# ---------------------------------------------------------------- W1: step overhead

def w1_data(n):
    """x_i = ((i*7919) mod 20000)/10000 - 1, y_i = 3 x_i + 2 + 0.1 sin(1.7 i), as [n, 1] float columns.
    y is computed from the float32 x, as the SameDiff peer does."""
    x = torch.tensor([((i * 7919) % 20000) / 10000.0 - 1.0 for i in range(n)], dtype=torch.float32)
    y = torch.tensor([3.0 * float(x[i]) + 2.0 + 0.1 * math.sin(1.7 * i) for i in range(n)], dtype=torch.float32)
    return x.reshape(n, 1), y.reshape(n, 1)


def w1_fresh_model():
    w = torch.zeros(1, 1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    return w, b, torch.optim.SGD([w, b], lr=0.01)


def w1_train(pairs, w, b, opt):
    sgd_steps(pairs, opt, lambda x, y: F.mse_loss(x * w + b, y))


def w1():
    n = 2000 if Options.quick else 20000
    x, y = w1_data(n)
    pairs = list(zip(x.split(1), y.split(1)))         # batches of one row, as views made up front
    w1_train(pairs[:500], *w1_fresh_model())          # warm-up on a model thrown away
    w, b, opt = w1_fresh_model()
    gc.collect()
    rss_before = rss_mb()
    start = time.perf_counter()
    w1_train(pairs, w, b, opt)
    elapsed = time.perf_counter() - start
    emit("W1", "us_per_step", elapsed / n * 1e6, "us")
    emit("W1", "final_w", w.item(), "expect ~3")
    emit("W1", "final_b", b.item(), "expect ~2")
    emit("W1", "rss_growth_mb", rss_mb() - rss_before, "MB")


# ---------------------------------------------------------------- W2: full-batch gradient descent

def w2():
    n, features, steps = (100_000 if Options.quick else 1_000_000), 16, 50
    gen = torch.Generator().manual_seed(2)
    x = torch.randn(n, features, generator=gen)
    w_star = torch.linspace(-1, 1, features).reshape(features, 1)
    y = x @ w_star + 0.5 + 0.1 * torch.randn(n, 1, generator=gen)

    def fresh():
        w = torch.zeros(features, 1, requires_grad=True)
        b = torch.zeros(1, requires_grad=True)
        return w, b, torch.optim.SGD([w, b], lr=0.1)

    def train(w, b, opt, count):
        sgd_steps([(x, y)] * count, opt, lambda xb, yb: F.mse_loss(xb @ w + b, yb))

    train(*fresh(), 3)                                # warm-up
    w, b, opt = fresh()
    rss_before = rss_mb()
    start = time.perf_counter()
    train(w, b, opt, steps)
    per_step = (time.perf_counter() - start) / steps
    with torch.no_grad():
        final = F.mse_loss(x @ w + b, y).item()
    emit("W2", "ms_per_step", per_step * 1e3, "ms")
    emit("W2", "data_GBps", (x.numel() + y.numel()) * 4 / per_step / 1e9, "GB/s (X+y bytes, one pass, per step)")
    emit("W2", "final_loss", final, "mse")
    emit("W2", "rss_growth_mb", rss_mb() - rss_before, "MB")


# ---------------------------------------------------------------- W3 and W6: mini-batch classifiers

def prototype_data(seed, n, shape, scale, mix):
    """10-class synthetic data: x = scale * (N(0,1) + mix * P[label]), prototypes P ~ N(0,1)."""
    gen = torch.Generator().manual_seed(seed)
    prototypes = torch.randn(10, *shape, generator=gen)
    labels = torch.randint(0, 10, (n,), generator=gen)
    x = (torch.randn(n, *shape, generator=gen) + mix * prototypes[labels]) * scale
    return x, labels


def full_set_loss(model, x, labels, chunk):
    """Mean cross-entropy over the whole set, `chunk` rows at a time (size-weighted mean of chunk means)."""
    with torch.no_grad():
        total = sum(F.cross_entropy(model(x[s:s + chunk]), labels[s:s + chunk]).item() * len(labels[s:s + chunk])
                    for s in range(0, len(labels), chunk))
    return total / len(labels)


def classifier_epoch(workload, make, x, labels, batch_size, warmup_batches, loss_chunk, report_initial):
    """Warm-up batches on one model, then one timed epoch on a fresh one; reports the epoch's numbers
    and the full-set loss after it."""
    batches = [(x[s:s + batch_size], labels[s:s + batch_size]) for s in range(0, len(labels), batch_size)]

    def train(model, opt, subset):
        sgd_steps(subset, opt, lambda xb, yb: F.cross_entropy(model(xb), yb))

    model, opt = make()
    if report_initial:
        emit(workload, "initial_loss", full_set_loss(model, x, labels, loss_chunk), "xent (expect ~2.30)")
    train(model, opt, batches[:warmup_batches])
    model, opt = make()
    gc.collect()
    rss_before = rss_mb()
    start = time.perf_counter()
    train(model, opt, batches)
    elapsed = time.perf_counter() - start
    final = full_set_loss(model, x, labels, loss_chunk)
    emit(workload, "samples_per_s", len(labels) / elapsed, "samples/s")
    emit(workload, "epoch_s", elapsed, "s")
    emit(workload, "final_loss", final, "xent, full train set after 1 epoch")
    emit(workload, "rss_growth_mb", rss_mb() - rss_before, "MB")


def w3():
    n = 6000 if Options.quick else 60_000
    if Options.w3_samples:
        n = min(n, Options.w3_samples)
    x, labels = prototype_data(3, n, (784,), 0.3, 0.15)

    def make():
        torch.manual_seed(0)                          # nn.Linear's default init, the same every time
        model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(),
                                    torch.nn.Linear(256, 128), torch.nn.ReLU(),
                                    torch.nn.Linear(128, 10))
        return model, torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True)

    classifier_epoch("W3", make, x, labels, 128, 20, n, True)


def w6():
    n = 1280 if Options.quick else 12_800
    x, labels = prototype_data(6, n, (1, 28, 28), 0.5, 0.3)

    def make():
        torch.manual_seed(0)                          # nn.Conv2d's and nn.Linear's default init
        model = torch.nn.Sequential(
            torch.nn.Conv2d(1, 6, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(6, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Flatten(),
            torch.nn.Linear(16 * 4 * 4, 120), torch.nn.ReLU(),
            torch.nn.Linear(120, 84), torch.nn.ReLU(),
            torch.nn.Linear(84, 10))
        return model, torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)

    # the full-set loss in chunks of 1,280 images: at once, the convolutions' unfolded inputs alone
    # would take ~0.8 GB and set the peak RSS
    classifier_epoch("W6", make, x, labels, 64, 10, 1280, False)


# ---------------------------------------------------------------- W4 and W4A: the optimizer update alone

def per_update_seconds(update, count):
    for _ in range(3):                                # warm-up updates
        update()
    start = time.perf_counter()
    for _ in range(count):
        update()
    return (time.perf_counter() - start) / count


def w4():
    n = 1_000_000 if Options.quick else 10_000_000
    moved = 5 * 4 * n                                 # a fused update reads p, g, buf and writes p, buf
    gen = torch.Generator().manual_seed(4)
    p0 = torch.randn(n, generator=gen) * 0.01
    g = torch.randn(n, generator=gen) * 1e-3
    for nesterov in (False, True):
        suffix = "_nesterov" if nesterov else ""
        p = p0.clone().requires_grad_()
        p.grad = g.clone()                            # SGD.step reads .grad and leaves it as it is
        opt = torch.optim.SGD([p], lr=0.01, momentum=0.9, weight_decay=1e-4, nesterov=nesterov)
        seconds = per_update_seconds(opt.step, 100)
        emit("W4", "ms_per_update" + suffix, seconds * 1e3,
             "ms (torch.optim.SGD.step, momentum 0.9, wd 1e-4%s)" % (", nesterov" if nesterov else ""))
        emit("W4", "update_GBps" + suffix, moved / seconds / 1e9, "GB/s (5*4*N bytes/update)")
        del p, opt


def w4a():
    n = 1_000_000 if Options.quick else 10_000_000
    moved = 7 * 4 * n                                 # a fused Adam update reads p, g, m, v and writes p, m, v
    p = torch.zeros(n, requires_grad=True)
    p.grad = torch.linspace(-1, 1, n)
    opt = torch.optim.Adam([p], lr=1e-3)
    seconds = per_update_seconds(opt.step, 100)
    emit("W4A", "ms_per_update", seconds * 1e3, "ms (torch.optim.Adam.step, lr 1e-3)")
    emit("W4A", "update_GBps", moved / seconds / 1e9, "GB/s (7*4*N bytes/update)")
    emit("W4A", "ok", 1 if adam_sign_check(p.detach(), p.grad, 103) else 0, "bool")


def adam_sign_check(p, g, updates):
    """A constant gradient makes each bias-corrected Adam step lr * g / (|g| + eps), i.e. lr * sign(g)
    where |g| >= 1e-3, so after `updates` steps from zero p = -updates * lr * sign(g) to float rounding;
    a skipped or doubled update is off by 1e-3."""
    where = g.abs() >= 1e-3
    expected = -updates * 1e-3 * torch.sign(g[where])
    return bool((p[where] - expected).abs().max() < 1e-5)


# ---------------------------------------------------------------- BW: copy bandwidth reference

def bw():
    n = 10_000_000 if Options.quick else 100_000_000   # 400 MB of float32
    moved = 2 * 4 * n                                   # read + write
    src, dst = torch.rand(n), torch.empty(n)

    def median_copy_seconds(copy):
        times = []
        for _ in range(7):
            start = time.perf_counter()
            copy()
            times.append(time.perf_counter() - start)
        return median(times)

    emit("BW", "copy_GBps", moved / median_copy_seconds(lambda: dst.copy_(src)) / 1e9,
         "GB/s (400 MB tensor.copy_, %d threads, read+write)" % THREADS, impl="torch-copy")
    try:
        import numpy as np
        a, b = src.numpy(), dst.numpy()
        emit("BW", "copy_GBps", moved / median_copy_seconds(lambda: np.copyto(b, a)) / 1e9,
             "GB/s (400 MB np.copyto, 1 thread, read+write)", impl="numpy-copy")
    except Exception as e:  # numpy is only the single-thread reference: report it and go on
        print("numpy copy reference failed: %r" % (e,), file=sys.stderr)
        emit("BW", "error", None, "numpy: %s" % (e,), impl="numpy-copy")


# ---------------------------------------------------------------- W5: start-up

def w5():
    """In a fresh interpreter: from the top of this file to the first completed W1 step."""
    x, y = w1_data(2)
    pairs = list(zip(x.split(1), y.split(1)))
    w, b, opt = w1_fresh_model()
    built = time.perf_counter()
    w1_train(pairs[:1], w, b, opt)
    w.item()
    first = time.perf_counter()
    first_wall_ms = time.time() * 1e3
    w1_train(pairs[1:], w, b, opt)
    second = time.perf_counter()
    emit("W5", "main_to_first_step_ms", (first - PROCESS_START) * 1e3, "ms")
    emit("W5", "import_torch_ms", (IMPORT_END - IMPORT_START) * 1e3, "ms")
    emit("W5", "first_step_ms", (first - built) * 1e3, "ms")
    emit("W5", "second_step_ms", (second - first) * 1e3, "ms")
    launched = os.environ.get("BENCH_LAUNCH_MS")
    if launched:
        emit("W5", "launch_to_first_step_ms", first_wall_ms - int(launched),
             "ms (process exec -> first step, wall clock)")


WORKLOADS = {"W0": w0, "W1": w1, "W2": w2, "W3": w3, "W4": w4, "W4A": w4a, "W6": w6, "BW": bw}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workloads", default="W0,W1,W2,W3,W4,BW",
                        help="comma-separated, among " + ",".join(WORKLOADS))
    parser.add_argument("--w5", action="store_true", help="only W5 (start-up); run it in a fresh process")
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test, numbers not comparable")
    parser.add_argument("--w3-samples", type=int, default=None,
                        help="cap W3 at this many samples (samples/s stays comparable, final_loss does not)")
    args = parser.parse_args()
    Options.quick = args.quick
    Options.w3_samples = args.w3_samples
    if args.w5:
        w5()
        return
    names = args.workloads.upper().split(",")
    unknown = [w for w in names if w not in WORKLOADS]
    if unknown:
        parser.error("unknown workload(s) %s; choose among %s" % (", ".join(unknown), ", ".join(WORKLOADS)))
    print("[%s] torch %s, threads %d, interop %d, OMP_NUM_THREADS=%s, OPENBLAS_NUM_THREADS=%s, BLAS %s" % (
        IMPL, torch.__version__, torch.get_num_threads(), torch.get_num_interop_threads(),
        os.environ.get("OMP_NUM_THREADS"), os.environ.get("OPENBLAS_NUM_THREADS"), BLAS), file=sys.stderr)
    emit("INFO", "torch_num_threads", torch.get_num_threads(), "threads")
    emit("INFO", "openblas_loaded", 1 if ON_OPENBLAS else 0, "bool: " + " ".join(BLAS))
    for name in names:
        start = time.perf_counter()
        try:
            WORKLOADS[name]()
        except Exception as e:  # a failed workload is a result line; the others still run
            traceback.print_exc()
            first_line = str(e).splitlines()[0] if str(e) else ""
            emit(name, "error", None, "%s: %s" % (type(e).__name__, first_line))
        print("[%s] %s done in %.1f s, rss %.0f MB" % (IMPL, name, time.perf_counter() - start, rss_mb()),
              file=sys.stderr)
    emit(names[0] if len(names) == 1 else "ALL", "peak_rss_mb", peak_rss_mb(), "MB")


if __name__ == "__main__":
    main()
