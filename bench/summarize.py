#!/usr/bin/python3
"""The median table of bench results (the JSON lines bench/run_peers.sh writes), as Markdown on stdout.

    /usr/bin/python3 bench/summarize.py RESULTS.jsonl [MORE.jsonl ...] > RESULTS.md

A cell is the median over runs with [min..max]. A ratio "X/torch" is taken per run, between the two
numbers measured in that run (seconds apart), and the table shows the median of those per-run ratios:
on a shared machine only numbers taken close together compare. Lines with different thread counts or
OpenMP wait policies are summarised in separate sections. Standard library only.
"""
import json
import re
import statistics
import sys
from collections import defaultdict

MAIN_IMPLS = ["torch", "samediff-fit", "samediff-handloop", "ours"]
WORKLOAD_ORDER = ["W0", "W1", "W2", "W3", "W4", "W4A", "W5", "W6", "W7", "BW", "ALL"]
FAILURES = ("error", "exit_code")


def direction(metric):
    """'higher' or 'lower' when the metric has a better direction, else ''."""
    m = metric.lower()
    if re.search(r"(_per_s$|gbps)", m):
        return "higher"
    if (m.startswith(("ms_", "us_", "epoch_s")) or m.endswith(("_ms", "wall_s", "cpu_s")) or "rss" in m
            or "bytes_growth" in m):
        return "lower"
    return ""


def number(v):
    """About three significant digits, without switching to exponents for everyday magnitudes."""
    if v is None:
        return "-"
    if v == 0:
        return "0"
    a = abs(v)
    if a >= 100:
        return "%.0f" % v
    if a >= 10:
        return "%.1f" % v
    if a >= 1:
        return "%.2f" % v
    return "%.3g" % v


def spread(values):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    if len(values) == 1:
        return number(values[0]) + " (n=1)"
    return "%s [%s..%s]" % (number(statistics.median(values)), number(min(values)), number(max(values)))


def median_ratio(runs, torch_runs):
    """Median over the runs both sides have of value / torch's value; '-' when there is none."""
    ratios = [v / torch_runs[r] for r, v in runs.items()
              if v is not None and torch_runs.get(r) not in (None, 0)]
    return "%.3g" % statistics.median(ratios) if ratios else "-"


def read_lines(paths):
    rows = []
    for path in paths:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if not line.startswith("{"):
                    continue
                try:
                    rows.append(json.loads(line))
                except ValueError:
                    pass   # a line cut short (a killed process): nothing to count
    return rows


def section(title, rows):
    values = defaultdict(lambda: defaultdict(dict))   # (workload, metric) -> impl -> run -> value
    units = {}                                        # (workload, metric, impl) -> unit
    failures = []
    loads = [float(r["load1"]) for r in rows if r.get("load1") is not None]
    for r in rows:
        if r["metric"] in FAILURES:
            failures.append(r)
        elif r["workload"] != "INFO":
            key = (r["workload"], r["metric"])
            values[key][r["impl"]][r.get("run", 1)] = r["value"]
            units[key + (r["impl"],)] = r.get("unit", "")
    runs = {r.get("run", 1) for r in rows}
    out = ["## threads = %s" % title, ""]
    load_median, load_min, load_max = ((statistics.median(loads), min(loads), max(loads)) if loads
                                       else (None, None, None))
    out.append("runs: %d; 1-min load average when the processes started: median %s, range %s..%s "
               "(2-core shared machine)" % (len(runs), number(load_median), number(load_min), number(load_max)))
    out.append("")
    out.append("| workload | metric | unit | better | %s | %s |" % (
        " | ".join(MAIN_IMPLS), " | ".join("%s/torch" % i.replace("samediff-", "") for i in MAIN_IMPLS[1:])))
    out.append("|" + "---|" * (3 + 2 * len(MAIN_IMPLS)))

    def order(key):
        return (WORKLOAD_ORDER.index(key[0]) if key[0] in WORKLOAD_ORDER else len(WORKLOAD_ORDER), key[0])

    keys = sorted(values, key=order)   # stable: metrics keep the order they were first printed in
    others = []
    for key in keys:
        by_impl = values[key]
        others += [(key, impl) for impl in by_impl if impl not in MAIN_IMPLS]
        if not any(i in by_impl for i in MAIN_IMPLS):
            continue
        unit = next((units[key + (i,)] for i in MAIN_IMPLS if key + (i,) in units), "")
        cells = [spread(list(by_impl.get(i, {}).values())) for i in MAIN_IMPLS]
        ratios = [median_ratio(by_impl.get(i, {}), by_impl.get("torch", {})) for i in MAIN_IMPLS[1:]]
        out.append("| %s | %s | %s | %s | %s | %s |" % (key[0], key[1], (unit or "").split(" ")[0],
                                                         direction(key[1]), " | ".join(cells), " | ".join(ratios)))
    if others:
        out += ["", "Other implementations and references (BW = memory bandwidth, the physical limit for W2/W4; "
                    "torch-netlib = Debian's torch on the reference BLAS it gets without libopenblas0):", "",
                "| workload | impl | metric | unit | median [min..max] | /torch (same run) |",
                "|---|---|---|---|---|---|"]
        for key, impl in others:
            by_run = values[key][impl]
            out.append("| %s | %s | %s | %s | %s | %s |" % (key[0], impl, key[1], units.get(key + (impl,), ""),
                                                           spread(list(by_run.values())),
                                                           median_ratio(by_run, values[key].get("torch", {}))))
        out += bandwidth_fractions(values)
    if failures:
        out += ["", "Errors:", ""]
        out += ["- run %s %s %s: %s %s" % (f.get("run"), f["impl"], f["workload"], f["metric"], f.get("unit", ""))
                for f in failures]
    out.append("")
    return out


def bandwidth_fractions(values):
    """The optimizer updates' streaming rate as a share of the best measured copy bandwidth."""
    copies = {}
    for impl, by_run in values.get(("BW", "copy_GBps"), {}).items():
        measured = [v for v in by_run.values() if v is not None]
        if measured:
            copies[impl] = statistics.median(measured)
    if not copies:
        return []
    best = max(copies, key=copies.get)
    lines = []
    for w in ("W4", "W4A"):
        shares = []
        for impl in MAIN_IMPLS:
            vs = [v for v in values.get((w, "update_GBps"), {}).get(impl, {}).values() if v is not None]
            if vs:
                shares.append("%s %.0f%%" % (impl, 100 * statistics.median(vs) / copies[best]))
        if shares:
            lines += ["", "%s update_GBps as a fraction of the best median copy bandwidth (%s, %.2f GB/s): %s"
                      % (w, best, copies[best], ", ".join(shares))]
    return lines


def main(paths):
    if not paths:
        sys.exit("usage: summarize.py RESULTS.jsonl [MORE.jsonl ...]")
    rows = read_lines(paths)
    out = ["# Peer baseline results: %s" % ", ".join("`%s`" % p for p in paths), "",
           "Cells: median over runs [min..max]. Ratios: median over runs of (value / torch value of the same run); "
           "'better' says whether a higher or lower value is better. Units: see bench/README.md.", ""]
    by_setting = defaultdict(list)
    for r in rows:
        by_setting[(r.get("threads"), r.get("omp_wait_policy", "default"))].append(r)
    for setting in sorted(by_setting, key=str):
        out += section("%s, OMP_WAIT_POLICY = %s" % setting, by_setting[setting])
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1:])
