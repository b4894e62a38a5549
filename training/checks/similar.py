"""Self-check of similar_cases.py's arithmetic on toy data (no dataset): the nearest neighbours, nearest first with
ties to the lower index and excluded candidates skipped, as src/core/embedding.ts nearestPoints orders them; the
majority vote with ties to the nearest, as countLabels; and the teaching set's choice (one image per lesion,
biopsy-proven first, at most TEACH_PER_CLASS per diagnosis). Run by test/unit/training/similar.test.ts."""
from __future__ import annotations

import numpy as np

from training.checks.report import report
from training.lib.data import Row
from training.lib.taxonomy import LABELS
from training.similar_cases import TEACH_PER_CLASS, knn, majority, teaching_cases


def main() -> None:
    pts = np.array([[0.0], [1.0], [-1.0], [3.0], [0.5]])
    idx, dist = knn(np.array([[0.0]]), pts, 3)
    eidx, _ = knn(pts[:1], pts, 3, exclude=np.eye(5, dtype=bool)[:1])
    votes = majority(np.array([[2, 1, 1, 2, 0], [3, 4, 5, 6, 7], [1, 1, 2, 2, 2]]))
    rows = []
    for c in range(len(LABELS)):  # per diagnosis: 20 lesions of 2 images, the first 5 lesions biopsy-proven
        for les in range(20):
            rows += [Row(f"{c}-{les}-{k}", c, f"L{c}-{les}", les < 5, "f.jpg", "") for k in range(2)]
    chosen = teaching_cases(rows)
    per_class = np.bincount([rows[i].label for i in chosen], minlength=len(LABELS))
    checks = {
        "knn: nearest first, ties to the lower index": (np.concatenate([idx[0], dist[0]]), np.array([0, 4, 1, 0, 0.5, 1])),
        "knn: an excluded candidate is skipped": (eidx[0], np.array([4, 1, 2])),
        "majority: ties go to the nearest": (votes, np.array([2, 3, 2])),
        "teaching: TEACH_PER_CLASS per diagnosis": (per_class, np.full(len(LABELS), TEACH_PER_CLASS)),
        "teaching: one image per lesion": (len({rows[i].lesion_id for i in chosen}), len(chosen)),
        "teaching: every biopsy-proven lesion first": (sum(rows[i].biopsy for i in chosen), 5 * len(LABELS)),
    }
    report("similar cases", checks)


if __name__ == "__main__":
    main()
