"""Self-check of data.sampling_weights, the training sampler's per-image probabilities (no dataset): class shares
~ n_c^(1/2), each image ~ n_c^(-1/2), and with sources, each source's share of a class ~ its count there ^(1/2)
while the class shares stay n_c^(1/2); with HAM10000's counts, the class shares follow them; benign/malignant-only
rows get their share, split at the labelled rows' sampled malignant prior. Run by test/unit/training/sampling.test.ts."""
from __future__ import annotations

import numpy as np

from training.checks.report import report
from training.lib.data import Row
from training.lib.sampling import mixed_sampling_weights, sampling_weights
from training.lib.taxonomy import LABELS, MALIGNANT, MEL, NV


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
            np.array([source_share(0, "b"), source_share(2, "b")]),
            np.array([1 / (1 + 3**0.5), 2 / (2 + 5**0.5)]),
        ),
        "sources: images of one source and class drawn alike": (mixed[1:4], np.full(3, mixed[1])),
        "reference counts: class shares ~ their ^(1/2)": (
            np.bincount(labels, weights=sampling_weights(labels, 3, sources, np.array([1.0, 4.0, 16.0]))),
            np.array([1.0, 2.0, 4.0]) / 7,
        ),
    }
    # The taxonomy's classes; HAM10000 rows of melanoma (4) and nevus (16), a phone photo of a nevus, and four tiles (one malignant).
    melanoma, nevus = MEL, NV
    rows = [Row(f"h{i}", melanoma, f"h{i}", True, "", "", source="ham10000") for i in range(4)]
    rows += [Row(f"n{i}", nevus, f"n{i}", False, "", "", source="ham10000") for i in range(16)]
    rows += [Row("p0", nevus, "p0", False, "", "", source="pad_ufes20")]
    rows += [Row(f"t{i}", -1, f"t{i}", False, "", "", source="isic2024_tiles", malignant=int(i == 0)) for i in range(4)]
    w, prior = mixed_sampling_weights(rows, len(LABELS), tile_share=0.2)
    lab = np.array([r.label for r in rows])
    q_mal = prior[MALIGNANT].sum() / prior.sum()
    checks |= {
        "mixed: sums to 1": (np.array([w.sum()]), np.array([1.0])),
        "mixed: tiles get their share": (np.array([w[lab < 0].sum()]), np.array([0.2])),
        "mixed: class masses ~ HAM10000's counts^(1/2)": (np.array([w[lab == melanoma].sum() / w[lab >= 0].sum()]), np.array([2 / 6])),
        "mixed: tiles' malignant share = the labelled malignant prior": (np.array([w[20 + 1 + 0] / w[lab < 0].sum(), q_mal]), np.array([2 / 6, 2 / 6])),
        "mixed: the phone nevus shares nevus's mass ~ count^(1/2)": (np.array([w[20] / w[lab == nevus].sum()]), np.array([1 / 5])),
    }
    report("sampling", checks)


if __name__ == "__main__":
    main()
