"""Self-check of select.py's cross-fitted prior correction (no dataset, no model): lesions stay on one side, each
half is scored with the alpha fitted on the other, and a strong class bias that the prior corrects is corrected.
Run by test/unit/training/select.test.ts."""
from __future__ import annotations

import numpy as np

from training.checks.report import report
from training.lib.fit import fit_prior
from training.lib.taxonomy import LABELS
from training.select import cross_fitted_prediction, lesion_halves


def main() -> None:
    rng = np.random.default_rng(0)
    lesions = [f"L{i // 2}" for i in range(400)]  # two images per lesion
    half = lesion_halves(lesions)
    by_lesion = {les: {bool(h) for h, l2 in zip(half, lesions) if l2 == les} for les in set(lesions)}
    k = len(LABELS)
    y = rng.integers(0, k, 400)
    y_train = np.concatenate([np.full(600, 5), np.arange(k).repeat(20)])  # nevus-heavy frequencies, as HAM10000
    z = rng.normal(0, 1, (400, k))
    z[np.arange(400), y] += 2.0
    z[:, 5] -= 2.5  # the class-balanced objective's push away from the frequent class
    pred, alphas = cross_fitted_prediction(z, y, lesions, y_train)
    # Each half by hand: the alpha fitted on the other half, applied to this one.
    by_hand = np.empty(400, dtype=int)
    for fit_on in (half, ~half):
        by_hand[~fit_on] = (z[~fit_on] + fit_prior(z[fit_on], y[fit_on], y_train)[2]).argmax(1)
    checks = {
        "every lesion on one side": (all(len(v) == 1 for v in by_lesion.values()), True),
        "halves of equal lesion count": (len({les for h, les in zip(half, lesions) if h}), 100),
        "same halves every time": (bool((lesion_halves(lesions) == half).all()), True),
        "each half scored with the other half's alpha": (bool((pred == by_hand).all()), True),
        "two alphas": (len(alphas), 2),
        "the prior pulls towards nevus here": (min(alphas) > 0, True),
        "more nevi called right than raw": (bool(((pred == 5) & (y == 5)).sum() > ((z.argmax(1) == 5) & (y == 5)).sum()), True),
    }
    report("select", checks)


if __name__ == "__main__":
    main()
