"""Self-check of data.sampling_weights, the training sampler's per-image probabilities (no dataset): class shares
~ n_c^(1/2) whatever --biopsied is, and within a class biopsy-proven images drawn W times as often. Run by
test/unit/model/sampling.test.ts."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from checks import report  # noqa: E402
from data import sampling_weights  # noqa: E402


def main() -> None:
    # class 0: 4 images (1 biopsied), class 1: 1 image (biopsied), class 2: 9 images (none biopsied)
    labels = np.array([0, 0, 0, 0, 1] + [2] * 9)
    biopsy = np.array([True, False, False, False, True] + [False] * 9)
    share = np.sqrt([4.0, 1.0, 9.0]) / np.sqrt([4.0, 1.0, 9.0]).sum()
    plain, w3 = sampling_weights(labels, biopsy, 3), sampling_weights(labels, biopsy, 3, biopsied=3.0)
    checks = {
        "sums to 1": (np.array([plain.sum(), w3.sum()]), np.array([1.0, 1.0])),
        "W=1: each image ~ n_c^(-1/2)": (plain, np.array([0.5 / 6] * 4 + [1 / 6] + [1 / 18] * 9)),
        "W=3: class shares unchanged": (np.bincount(labels, weights=w3), share),
        "W=3: biopsied image 3x its class-mates": (w3[0] / w3[1:4], np.array([3.0, 3.0, 3.0])),
        "W=3: class with no biopsies unchanged": (w3[5:], plain[5:]),
    }
    report("sampling", checks)


if __name__ == "__main__":
    main()
