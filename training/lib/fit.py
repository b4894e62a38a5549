"""What the export fits, on training and validation data only (never the test split): the default crop, the prior
correction, the temperature and the out-of-scope gate (feature distances and photo statistics). The photo-kind gate,
fitted on the signals these make, is in lib/photo_kind.py. A new fitted part of public/model belongs in lib/ too, called
from training/export/__main__.py, which writes its numbers.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from training.lib.augment import Augmenter
from training.lib.data import Row, load_rgb
from training.lib.geometry import centre_square
from training.lib.paths import HAM
from training.lib.preprocess import eval_tensor, to_input
from training.lib.taxonomy import LABELS, MALIGNANT
from training.lib.metrics import balanced_accuracy, softmax
from training.lib.model import SkinNet, run
from training.lib.photo_stats import NAMES as STAT_NAMES

K_PCA = 64
CROP_FRACTIONS = (1.0, 0.9, 0.8, 0.7)
TARGET_KEEP = 0.985  # each of the two last-layer distances keeps 98.5% of validation views


def fit_crop(model: SkinNet, rows: list[Row], y: np.ndarray, size: int, sog: float) -> tuple[float, dict[float, float]]:
    """The default crop: training views are rotated squares inscribed in 55-100% of the frame (data.Augmenter), so
    lesions look larger in training than in the full centre square. Which centred square (as a fraction of the short
    side) the model reads best is chosen on the validation split; the app and the CLI use it as their default crop
    (metadata.input.cropFraction), and everything after it is measured with it. Returns it and every score."""
    crop_scores = {}
    for fraction in CROP_FRACTIONS:
        lv, _, _ = run(model, eval_tensor(rows, size, fraction=fraction, sog_p=sog))
        crop_scores[fraction] = balanced_accuracy(y, lv.argmax(1), len(LABELS))
    return max(CROP_FRACTIONS, key=lambda f: crop_scores[f]), crop_scores


def fit_prior(logits_val: np.ndarray, y_val: np.ndarray, y_train: np.ndarray) -> tuple[float, dict[float, tuple[float, float]], np.ndarray]:
    """Prior correction (logit adjustment, Menon et al. 2021): the class-balanced objective pushes probability
    towards rare classes, so benign nevi often come out "malignant-leaning". Adding alpha * log(class prior) to the
    logits moves back towards HAM10000's frequencies; alpha is chosen on validation to maximise balanced accuracy +
    benign-vs-malignant accuracy. Returns alpha, the validation scores of every alpha tried, and the logit offset."""
    prior = np.bincount(y_train, minlength=len(LABELS)) / len(y_train)
    mal_v = np.isin(y_val, MALIGNANT)

    def val_scores(alpha: float) -> tuple[float, float]:
        pv = softmax(logits_val + alpha * np.log(prior))
        return balanced_accuracy(y_val, pv.argmax(1), len(LABELS)), float(((pv[:, MALIGNANT].sum(1) >= 0.5) == mal_v).mean())

    grid = [round(a, 2) for a in np.linspace(0, 1, 21)]
    scored = {a: val_scores(a) for a in grid}
    alpha = max(grid, key=lambda a: sum(scored[a]))
    return alpha, scored, alpha * np.log(prior)


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    grid = np.exp(np.linspace(np.log(0.3), np.log(5.0), 400))
    nll = [-np.log(softmax(logits, t)[np.arange(len(y)), y] + 1e-12).mean() for t in grid]
    return float(grid[int(np.argmin(nll))])


class OodFit:
    """Class-conditional Mahalanobis in the top-k PCA subspace of the features, plus the residual outside it."""

    def __init__(self, feats: np.ndarray, y: np.ndarray, k: int = K_PCA):
        self.mean = feats.mean(0)
        c = np.cov((feats - self.mean).T)
        evals, evecs = np.linalg.eigh(c)
        order = np.argsort(evals)[::-1][:k]
        self.evals, self.evecs = evals[order], evecs[:, order]
        self.w = self.evecs / np.sqrt(self.evals)  # 1280 x k: z = (f - mean) @ w
        self.b = -self.mean @ self.w
        z = self.project(feats)
        self.class_means = np.stack([z[y == c].mean(0) for c in range(len(LABELS))])

    def project(self, feats: np.ndarray) -> np.ndarray:
        return feats @ self.w + self.b

    def scores(self, feats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        z = self.project(feats)
        d = ((z[:, None, :] - self.class_means[None]) ** 2).mean(2).min(1)
        total = ((feats - self.mean) ** 2).sum(1)
        inside = (z**2 * self.evals).sum(1)
        resid = np.maximum(0, total - inside) / feats.shape[1]
        return d, resid


class MidFit:
    """One Gaussian over the pooled MID_LAYER output of the training images (shrunk towards a multiple of the
    identity by 1e-3 of the mean variance): distance = mean square of the whitened coordinates z = (m - mean) W."""

    def __init__(self, mids: np.ndarray, shrink: float = 1e-3):
        mean = mids.mean(0)
        c = np.cov((mids - mean).T)
        c += shrink * np.trace(c) / len(c) * np.eye(len(c))
        evals, evecs = np.linalg.eigh(c)
        self.w = evecs / np.sqrt(evals)
        self.b = -mean @ self.w

    def scores(self, mids: np.ndarray) -> np.ndarray:
        return ((mids @ self.w + self.b) ** 2).mean(1)


@dataclass
class Gate:
    """The out-of-scope gate: two distances on the last layer's features (fitted on training features), one on
    MID_LAYER's, and ranges of the photo statistics, with thresholds from validation views only."""

    ood: OodFit
    mid: MidFit
    t_maha: float
    t_res: float
    t_mid: float
    ranges: dict[str, list[float]]

    def declined(self, feats: np.ndarray, mids: np.ndarray, stats: np.ndarray, feats_only: bool = False, with_mid: bool = True) -> np.ndarray:
        d, r = self.ood.scores(feats)
        out = (d > self.t_maha) | (r > self.t_res)
        if with_mid:
            out |= self.mid.scores(mids) > self.t_mid
        if not feats_only:
            lo = np.array([self.ranges[n][0] for n in STAT_NAMES])
            hi = np.array([self.ranges[n][1] for n in STAT_NAMES])
            out |= ((stats < lo) | (stats > hi)).any(1)
        return out


def fit_projections(feats_train: np.ndarray, y_train: np.ndarray, mids_train: np.ndarray) -> tuple[OodFit, MidFit]:
    """The gate's projections, fitted on training features (the export needs them before the thresholds)."""
    return OodFit(feats_train, y_train), MidFit(mids_train)


def fit_gate(ood: OodFit, mid: MidFit, feats_val: np.ndarray, mids_val: np.ndarray, stats_val: np.ndarray) -> Gate:
    """Thresholds from validation views (plain + augmented) only."""
    dv, rv = ood.scores(feats_val)
    # The mid-layer distance keeps 99% of validation views: in a comparison of six layers it was the one that
    # separated photos of objects and animals from lesions (docs/model-contract.md), and lesions from other
    # clinics must stay in scope.
    t_mid = float(np.quantile(mid.scores(mids_val), 0.99))
    # Photo statistics: accept the central 99.8% of validation views on each side of each statistic.
    ranges = {n: [float(np.quantile(stats_val[:, j], 0.001)), float(np.quantile(stats_val[:, j], 0.999))] for j, n in enumerate(STAT_NAMES)}
    return Gate(ood, mid, float(np.quantile(dv, TARGET_KEEP)), float(np.quantile(rv, TARGET_KEEP)), t_mid, ranges)


def heldout_natural(size: int, fraction: float = 1.0, sog_p: float = 0) -> tuple[list[str], torch.Tensor]:
    """Photos that played no part in choosing the out-of-scope method: scikit-learn's two sample images (Debian's
    python3-sklearn), each as the centre square and its four corner quarters. Empty when sklearn is missing."""
    try:
        from sklearn.datasets import load_sample_images
    except ImportError:
        return [], torch.zeros(0, 3, size, size)
    data = load_sample_images()
    names, views = [], []
    for fname, img in zip(data.filenames, data.images):
        h, w = img.shape[:2]
        s = min(h, w) // 2
        crops = {"centre": centre_square(img)} | {
            f"quarter{i}": img[y : y + s, x : x + s] for i, (y, x) in enumerate([(0, 0), (0, w - s), (h - s, 0), (h - s, w - s)])
        }
        for k, v in crops.items():
            names.append(f"{Path(fname).name}:{k}")
            views.append(to_input(torch.from_numpy(np.ascontiguousarray(centre_square(v, fraction))).unsqueeze(0), size, sog_p))
    return names, torch.cat(views)


def augmented_views(rows: list[Row], size: int, seed: int, sog_p: float = 0) -> torch.Tensor:
    """Validation images as other clinics might photograph them: rotated, sharper or blurred, colour cast. (No round
    fields of view: the app and the CLI crop inside one, so the model sees little of its black; views with black
    corners here loosened the thresholds until a photo of a cat passed, in a trial of 1.3.1.)"""
    aug = Augmenter(size, seed, sog_p=sog_p)
    out = []
    for i in range(0, len(rows), 64):
        part = rows[i : i + 64]
        frames = [torch.from_numpy(load_rgb(HAM / r.file).copy()) for r in part]
        crops = [torch.from_numpy(load_rgb(HAM / r.crop).copy()) if r.crop else None for r in part]
        out.append(aug(frames, crops))
    return torch.cat(out)
