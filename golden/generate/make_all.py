"""Regenerates all four golden files (torch-sgd, torch-optim, torch-ops, torch-layers):

    /usr/bin/python3 golden/generate/make_all.py --out golden/
"""

import time

from common import parse_out, setup_torch
import make_layers
import make_ops
import make_optim
import make_sgd

if __name__ == "__main__":
    out = parse_out(__doc__)
    setup_torch()
    start = time.monotonic()
    for script in (make_sgd, make_optim, make_ops, make_layers):
        script.write(out)
    print(f"all golden files in {time.monotonic() - start:.1f} s")
