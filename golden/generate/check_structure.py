"""Compares the structure of two golden files: the same top-level keys, the same cases (by name,
in order), within each case the same keys in the same order, the same settings (strings,
booleans, hyper-parameters, sizes, step counts: every scalar outside the measured and drawn
values) and arrays of the same shapes. The drawn inputs and torch's results may differ in value
(the generators draw random inputs of their own); their layout must match.

    /usr/bin/python3 golden/generate/check_structure.py OLD.json NEW.json

Exit status 0 when the structures match, 1 with one line per difference otherwise.
"""

import json
import sys

# Values under these keys are inputs drawn at random or results computed by torch: compared by
# shape only. Every other scalar is part of a case's definition and must be equal.
DRAWN_OR_MEASURED = {"trajectory", "final", "init", "data", "input", "target", "upstream", "output",
                     "grad_input", "grad_params", "buffers_after", "eval", "batches"}
# Arrays that define a case (sizes, shapes, pairs of hyper-parameters): compared by value.
DEFINING_ARRAYS = {"dims", "input_shape", "rows", "betas", "labels", "kernel_size", "stride", "padding"}


def shape(value):
    """The shape of a nested list of numbers, or None if it is not a rectangular numeric array."""
    if not isinstance(value, list):
        return () if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if not value:
        return (0,)
    inner = [shape(v) for v in value]
    if inner[0] is None or any(s != inner[0] for s in inner):
        return None
    return (len(value),) + inner[0]


def compare(old, new, path, out, defining=True):
    if isinstance(old, dict) and isinstance(new, dict):
        if list(old) != list(new):
            out.append(f"{path}: keys {list(old)} != {list(new)}")
        for key in old:
            if key in new:
                compare(old[key], new[key], f"{path}.{key}", out, defining and key not in DRAWN_OR_MEASURED)
        return
    old_shape, new_shape = shape(old), shape(new)
    last_key = path.rsplit(".", 1)[-1]
    if old_shape is not None and new_shape is not None:
        if defining and (old_shape == () or last_key in DEFINING_ARRAYS):
            if old != new or type(old) is not type(new):
                out.append(f"{path}: {old!r} != {new!r}")
        elif old_shape != new_shape:
            out.append(f"{path}: shape {list(old_shape)} != {list(new_shape)}")
        elif old_shape == () and isinstance(old, int) != isinstance(new, int):
            out.append(f"{path}: {type(old).__name__} != {type(new).__name__}")
        return
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            out.append(f"{path}: {len(old)} entries != {len(new)}")
        for i, (o, n) in enumerate(zip(old, new)):
            name = o.get("name") if isinstance(o, dict) else None
            if name is not None and name != n.get("name"):
                out.append(f"{path}[{i}]: case {name!r} != {n.get('name')!r}")
            compare(o, n, f"{path}[{name or i}]", out, defining)
        return
    if path.endswith(".source"):
        return  # names the script and torch version that made the file
    if old != new:
        out.append(f"{path}: {old!r} != {new!r}")


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    with open(argv[1], encoding="utf-8") as f:
        old = json.load(f)
    with open(argv[2], encoding="utf-8") as f:
        new = json.load(f)
    differences = []
    compare(old, new, "$", differences)
    for line in differences:
        print(line)
    print(f"{argv[1]} vs {argv[2]}: " + ("same structure" if not differences else f"{len(differences)} differences"))
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
