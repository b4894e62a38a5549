"""Camera and light shifts for a robustness check: what another clinic's camera or lamp might do to the same
lesion. Each shift is applied to the stored photo before preprocessing, as a different camera would.

The export reports them for the model it writes (metrics.json "shifted"); training.analyses.shifts measures a
checkpoint on its own.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import torch
from PIL import Image, ImageFilter

from training.lib.data import Row
from training.lib.preprocess import eval_tensor
from training.lib.taxonomy import LABELS, MALIGNANT
from training.lib.metrics import balanced_accuracy, softmax


def _gains(img: np.ndarray, g: tuple[float, float, float]) -> np.ndarray:
    return np.clip(img * np.array(g, np.float32), 0, 255)


def _blur(img: np.ndarray, sigma: float) -> np.ndarray:
    return np.asarray(Image.fromarray(img.astype(np.uint8)).filter(ImageFilter.GaussianBlur(sigma)), np.float32)


def round_field(img: np.ndarray, diameter: float) -> np.ndarray:
    """Black outside a centred circle whose diameter is `diameter` times the short side: a dermatoscope's round
    field of view, which most HAM10000 frames do not show (the default crop then has black corners)."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[:h, :w]
    r = diameter * min(h, w) / 2
    inside = (yy - (h - 1) / 2) ** 2 + (xx - (w - 1) / 2) ** 2 <= r * r
    return img * inside[..., None]


SHIFTS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "warm light (red x1.15, blue x0.85)": lambda im: _gains(im, (1.15, 1.0, 0.85)),
    "cool light (red x0.85, blue x1.15)": lambda im: _gains(im, (0.85, 1.0, 1.15)),
    "green cast (green x1.15)": lambda im: _gains(im, (0.95, 1.15, 0.95)),
    "dim, contrasty (gamma 1.4, x0.9)": lambda im: 255 * (im / 255) ** 1.4 * 0.9,
    "soft focus (Gaussian blur, sigma 1.2 px)": lambda im: _blur(im, 1.2),
    "round field of view (black outside a centred circle as wide as the short side)": lambda im: round_field(im, 1.0),
}


def scores(logits: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Balanced accuracy (argmax) and benign-vs-malignant accuracy (summed probability >= 0.5)."""
    p = softmax(logits)
    return {
        "balancedAccuracy": balanced_accuracy(y, p.argmax(1), len(LABELS)),
        "topLevelAccuracy": float(((p[:, MALIGNANT].sum(1) >= 0.5) == np.isin(y, MALIGNANT)).mean()),
    }


def shift_report(
    logits_of: Callable[[torch.Tensor], np.ndarray],
    rows: list[Row],
    size: int,
    fraction: float,
    sog_p: float,
    clean: dict[str, float],
    say=print,
    split: str = "internal test",
) -> dict:
    y = np.array([r.label for r in rows])
    out = {}
    for name, f in SHIFTS.items():
        out[name] = scores(logits_of(eval_tensor(rows, size, fraction=fraction, sog_p=sog_p, shift=f)), y)
        say(f"shift {name}: {out[name]}")
    worst = min(v["balancedAccuracy"] for v in out.values())
    return {
        "what": f"{split} photos changed before preprocessing as another camera or lamp might; same decision rule",
        "clean": clean,
        "conditions": out,
        "worstBalancedAccuracy": worst,
        "meanBalancedAccuracy": float(np.mean([v["balancedAccuracy"] for v in out.values()])),
    }
