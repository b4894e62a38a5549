"""How often each training image is drawn: class masses ~ count^(1/2), shared between collections."""

from __future__ import annotations

import numpy as np

from training.lib.data import Row
from training.lib.taxonomy import MALIGNANT


def sampling_weights(labels: np.ndarray, n_classes: int, sources: np.ndarray | None = None, class_counts: np.ndarray | None = None) -> np.ndarray:
    """Per-image sampling probabilities: each class gets mass ~ n_c^(1/2) (so an image ~ n_c^(-1/2)).

    With `sources` (one name per image), each source's share of a class is ~ its count there ^(1/2) instead of its
    count, so HAM10000's 4,700 training nevi do not drown isic2017's 1,400. With `class_counts` the class masses
    are ~ class_counts^(1/2) (HAM10000's own counts: other collections then move no class's mass, only share it)."""
    counts = np.bincount(labels, minlength=n_classes).astype(np.float64)
    ref = counts if class_counts is None else np.asarray(class_counts, dtype=np.float64)
    within = np.ones(len(labels))
    if sources is not None:
        for c in range(n_classes):
            for s in np.unique(sources[labels == c]):
                sel = (labels == c) & (sources == s)
                within[sel] *= sel.sum() ** 0.5 / within[sel].sum()
    mass = np.bincount(labels, weights=within, minlength=n_classes)
    w = within / mass[labels] * ref[labels] ** 0.5
    return w / w.sum()


def mixed_sampling_weights(rows: list[Row], n_classes: int, tile_share: float) -> tuple[np.ndarray, np.ndarray]:
    """Sampling probabilities over labelled rows and benign/malignant-only rows (label -1), and the sampled prior of
    the labelled classes. Labelled rows: class masses ~ HAM10000's training count^(1/2), sources within a class ~
    count^(1/2) (sampling_weights), together 1 - tile_share. Benign/malignant-only rows get tile_share, split so that
    their malignant share equals the labelled rows' sampled malignant prior: the binary loss on the summed malignant
    node then asks for the same prior as the logit-adjusted loss on the labels."""
    labels = np.array([r.label for r in rows])
    labelled = labels >= 0
    ham = np.array([r.source == "ham10000" for r in rows])
    ham_counts = np.bincount(labels[labelled & ham], minlength=n_classes)
    w = np.zeros(len(rows))
    w[labelled] = sampling_weights(labels[labelled], n_classes, np.array([r.source for r in rows])[labelled], ham_counts)
    prior = np.bincount(labels[labelled], weights=w[labelled], minlength=n_classes)
    if labelled.all():
        return w, prior
    q_mal = prior[MALIGNANT].sum()
    mal = np.array([r.is_malignant for r in rows])
    for sel, share in ((~labelled & mal, q_mal), (~labelled & ~mal, 1 - q_mal)):
        w[sel] = tile_share * share / max(1, sel.sum())
    w[labelled] *= 1 - tile_share
    return w / w.sum(), prior
