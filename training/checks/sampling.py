"""Self-check of data.sampling_weights, the training sampler's per-image probabilities (no dataset): class shares
~ n_c^(1/2), each image ~ n_c^(-1/2), and with sources, each source's share of a class ~ its count there ^(1/2)
while the class shares stay n_c^(1/2). Run by test/unit/training/sampling.test.ts."""
from __future__ import annotations

import numpy as np

from training.checks.report import report
from training.lib.data import sampling_weights


def main() -> None:
    # class 0: 4 images, class 1: 1 image, class 2: 9 images
    labels = np.array([0, 0, 0, 0, 1] + [2] * 9)
    share = np.sqrt([4.0, 1.0, 9.0]) / np.sqrt([4.0, 1.0, 9.0]).sum()
    plain = sampling_weights(labels, 3)
    # class 0: one image from "b", three from "a"; class 2: four from "b", five from "a"
    sources = np.array(["b", "a", "a", "a", "a"] + ["b"] * 4 + ["a"] * 5)
    mixed = sampling_weights(labels, 3, sources)

    def source_share(c: int, s: str) -> float:
        return mixed[(labels == c) & (sources == s)].sum() / mixed[labels == c].sum()

    checks = {
        "sums to 1": (np.array([plain.sum(), mixed.sum()]), np.array([1.0, 1.0])),
        "each image ~ n_c^(-1/2)": (plain, np.array([0.5 / 6] * 4 + [1 / 6] + [1 / 18] * 9)),
        "sources: class shares unchanged": (np.bincount(labels, weights=mixed), share),
        "sources: each source's share of a class ~ its count^(1/2)": (
            np.array([source_share(0, "b"), source_share(2, "b")]), np.array([1 / (1 + 3**0.5), 2 / (2 + 5**0.5)])),
        "sources: images of one source and class drawn alike": (mixed[1:4], np.full(3, mixed[1])),
    }
    report("sampling", checks)


if __name__ == "__main__":
    main()
