"""Shared ending of the arithmetic self-checks (checks/soup.py, checks/sampling.py): prints each named check as ok
or FAILED with what it got and wanted, exits 1 if any failed, else prints '<what> check passed'."""
from __future__ import annotations

import sys

import numpy as np


def report(what: str, checks: dict[str, tuple[object, object]]) -> None:
    """checks: name -> (got, want), arrays or tensors compared with np.allclose (default tolerances)."""
    failed = False
    for name, (got, want) in checks.items():
        g, w = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
        ok = g.shape == w.shape and np.allclose(g, w)
        failed |= not ok
        print(f"{'ok' if ok else 'FAILED'}: {name}: {np.round(g, 4).tolist()} (want {np.round(w, 4).tolist()})")
    if failed:
        sys.exit(1)
    print(f"{what} check passed")
