"""Self-check of soup.py's weight arithmetic (no dataset, no model): the uniform average of state dicts and its
blend with the starting checkpoint (--blend). Run by test/unit/model/soup.test.ts."""
from __future__ import annotations

import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).parent))
from checks import report  # noqa: E402
from soup import weight_average  # noqa: E402


def main() -> None:
    a = {"w": torch.tensor([1.0, 2.0]), "steps": torch.tensor(4)}
    b = {"w": torch.tensor([3.0, 6.0]), "steps": torch.tensor(8)}
    start = {"w": torch.tensor([-1.0, 0.0]), "steps": torch.tensor(0)}
    checks = {
        "mean of two": (weight_average([a, b])["w"], torch.tensor([2.0, 4.0])),
        "integer buffers averaged": (weight_average([a, b])["steps"], torch.tensor(6.0)),
        "... as floats": (weight_average([a, b])["steps"].is_floating_point(), True),
        "blend weight 0 is the mean": (weight_average([a, b], (0.0, start))["w"], torch.tensor([2.0, 4.0])),
        "blend weight 1 is the start": (weight_average([a, b], (1.0, start))["w"], start["w"]),
        "half and half": (weight_average([a, b], (0.5, start))["w"], torch.tensor([0.5, 2.0])),
        "a quarter of the start": (weight_average([a], (0.25, start))["w"], torch.tensor([0.5, 1.5])),
    }
    report("soup", checks)


if __name__ == "__main__":
    main()
