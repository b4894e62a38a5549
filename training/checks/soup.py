"""Self-check of soup.py's weight arithmetic (no dataset, no model): the uniform average of state dicts.
Run by test/unit/training/soup.test.ts."""
from __future__ import annotations

import torch

from training.checks.report import report
from training.soup import merged_trained_on, weight_average


def main() -> None:
    a = {"w": torch.tensor([1.0, 2.0]), "steps": torch.tensor(4)}
    b = {"w": torch.tensor([3.0, 6.0]), "steps": torch.tensor(8)}
    c = {"w": torch.tensor([-1.0, 0.0]), "steps": torch.tensor(0)}
    checks = {
        "mean of two": (weight_average([a, b])["w"], torch.tensor([2.0, 4.0])),
        "integer buffers averaged": (weight_average([a, b])["steps"], torch.tensor(6.0)),
        "... as floats": (weight_average([a, b])["steps"].is_floating_point(), True),
        "mean of three": (weight_average([a, b, c])["w"], torch.tensor([1.0, 8.0 / 3])),
        "one is itself": (weight_average([c])["w"], c["w"]),
    }
    # What the averaged weights were trained on: the union, HAM10000 first; older checkpoints by their data sources.
    multi = {"trained_on": ["ham10000", "isic2017", "isic_archive_extra"]}
    old_multi = {"sources": ["isic2017"]}
    ham_only = {"sources": ["training/runs/a/epoch3.pt"]}  # a soup's sources are checkpoint paths
    for name, states, want in (
        ("union with a HAM10000-only start", [multi, ham_only], multi["trained_on"]),
        ("an older run's data sources", [ham_only, old_multi], ["ham10000", "isic2017"]),
        ("HAM10000 alone", [ham_only, {}], ["ham10000"]),
    ):
        checks[f"trained on: {name}"] = (merged_trained_on(states) == want, True)
    report("soup", checks)


if __name__ == "__main__":
    main()
