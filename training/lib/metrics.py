"""Evaluation metrics used by training and the model card (numpy only)."""
from __future__ import annotations

import numpy as np

from training.lib.taxonomy import MALIGNANT

# numpy 2 renamed trapz (gone in 2.4, which a GPU machine's image has); Debian's numpy 1.x has only trapz.
_trapezoid = getattr(np, "trapezoid", None) or np.trapz

SEED = 20170125  # the evaluation's seed: lesion bootstraps here, augmented validation views in lib/fit.py


def softmax(z: np.ndarray, t: float = 1.0) -> np.ndarray:
    """Row-wise softmax of logits / t."""
    z = z / t
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def confusion(y: np.ndarray, p: np.ndarray, k: int) -> np.ndarray:
    m = np.zeros((k, k), dtype=np.int64)
    np.add.at(m, (y, p), 1)
    return m


def balanced_accuracy(y: np.ndarray, p: np.ndarray, k: int) -> float:
    """Mean per-class recall over the classes present in y (the ISIC 2018 metric)."""
    m = confusion(y, p, k)
    support = m.sum(1)
    rec = np.diag(m)[support > 0] / support[support > 0]
    return float(rec.mean())


def roc_curve(y: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """ROC points (fpr, tpr) over all thresholds and the trapezoidal AUC; y in {0,1}, higher s = positive."""
    order = np.argsort(-s, kind="mergesort")
    s, y = s[order], y[order]
    distinct = np.where(np.diff(s))[0]
    idx = np.r_[distinct, len(y) - 1]
    tps = np.cumsum(y)[idx]
    fps = (idx + 1) - tps
    tpr = np.r_[0.0, tps / max(1, y.sum())]
    fpr = np.r_[0.0, fps / max(1, (1 - y).sum())]
    return fpr, tpr, float(_trapezoid(tpr, fpr))


def melanoma_vs_nevus_auc(y: np.ndarray, p: np.ndarray, melanoma: int, nevus: int, alone: bool = False) -> float:
    """ROC AUC of melanoma against nevus (label indices, taxonomy.MEL and NV) over the images labelled either: scored by
    p(melanoma) / (p(melanoma) + p(nevus)) (the model card's ROC; any prior correction or temperature leaves it
    unchanged), or by p(melanoma) alone. ValueError when fewer than both classes are present."""
    keep = np.isin(y, [melanoma, nevus])
    yy = (y[keep] == melanoma).astype(int)
    if len(yy) == 0 or yy.min() == yy.max():
        raise ValueError("one class")
    pm = p[keep, melanoma]
    return roc_curve(yy, pm if alone else pm / np.maximum(1e-12, pm + p[keep, nevus]))[2]


def malignant_vs_benign_auc(malignant: np.ndarray, p: np.ndarray) -> float:
    """ROC AUC of malignant against benign images, scored by the summed probability of the malignant classes (the
    taxonomy's malignant node, taxonomy.MALIGNANT). ValueError when only one side is present."""
    yy = np.asarray(malignant).astype(int)
    if len(yy) == 0 or yy.min() == yy.max():
        raise ValueError("one class")
    return roc_curve(yy, p[:, MALIGNANT].sum(1))[2]


def ece(probs: np.ndarray, y: np.ndarray, bins: int = 10) -> tuple[float, list[dict]]:
    """Expected calibration error of the top-1 confidence, with the reliability bins."""
    conf = probs.max(1)
    correct = (probs.argmax(1) == y).astype(np.float64)
    edges = np.linspace(0, 1, bins + 1)
    total, out = 0.0, []
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi)
        n = int(m.sum())
        if n:
            total += n * abs(conf[m].mean() - correct[m].mean())
        out.append(
            {
                "lo": float(lo),
                "hi": float(hi),
                "count": n,
                "confidence": float(conf[m].mean()) if n else None,
                "accuracy": float(correct[m].mean()) if n else None,
            }
        )
    return total / len(y), out


def cluster_bootstrap(groups: np.ndarray, stat, n: int = 1000, seed: int = SEED) -> list[float]:
    """95% interval of stat(idx) resampling lesions (clusters), not images."""
    rng = np.random.default_rng(seed)
    uniq, inv = np.unique(groups, return_inverse=True)
    members = [np.where(inv == g)[0] for g in range(len(uniq))]
    vals = []
    for _ in range(n):
        pick = rng.integers(0, len(uniq), len(uniq))
        idx = np.concatenate([members[g] for g in pick])
        try:
            v = stat(idx)
        except ValueError:
            continue
        if np.isfinite(v):
            vals.append(v)
    return [float(np.percentile(vals, 2.5)), float(np.percentile(vals, 97.5))]
