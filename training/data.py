"""HAM10000 loading, the lesion-grouped split, and the training augmentation (batched in torch)."""
from __future__ import annotations

import csv
import math
import os
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

LABELS = ["akiec", "bcc", "bkl", "df", "mel", "nv", "vasc"]
# The malignant branch of public/model/taxonomy.json (akiec: in situ / premalignant, grouped with the carcinomas).
MALIGNANT = [LABELS.index(c) for c in ("akiec", "bcc", "mel")]
SHARED = Path(os.environ.get("SKINLENS_SHARED") or os.environ.get("SHARED_DIR") or Path(__file__).resolve().parents[1] / ".." / "shared").resolve()
HAM = SHARED / "data" / "ham10000"
BACKBONE = SHARED / "weights" / "mobilenet_v2_100_224_qat_uint8_notop"


@dataclass
class Row:
    image_id: str
    label: int
    lesion_id: str
    biopsy: bool
    file: str
    crop: str


def read_rows() -> list[Row]:
    with open(HAM / "labels.csv", newline="") as f:
        return [
            Row(r["image_id"], LABELS.index(r["label"]), r["lesion_id"], r["biopsy_proven"] == "True", r["file"], r["file_224crop"])
            for r in csv.DictReader(f)
        ]


def split_by_lesion(rows: list[Row], seed: int = 20170125, val: float = 0.15, test: float = 0.15) -> dict[str, list[Row]]:
    """Stratified split of lesion ids (never images) into train / val / test."""
    by_lesion: dict[str, list[Row]] = {}
    for r in rows:
        by_lesion.setdefault(r.lesion_id, []).append(r)
    rng = random.Random(seed)
    parts: dict[str, list[Row]] = {"train": [], "val": [], "test": []}
    for c in range(len(LABELS)):
        ids = sorted(k for k, v in by_lesion.items() if v[0].label == c)
        rng.shuffle(ids)
        n_val, n_test = round(len(ids) * val), round(len(ids) * test)
        for i, k in enumerate(ids):
            part = "test" if i < n_test else "val" if i < n_test + n_val else "train"
            parts[part].extend(by_lesion[k])
    return parts


def load_rgb(path: Path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"), dtype=np.uint8)


def centre_square(img: np.ndarray, fraction: float = 1.0) -> np.ndarray:
    """The centred square whose side is `fraction` of the short side (as src/core/preprocess centredSquare)."""
    h, w = img.shape[:2]
    s = max(1, int(round(min(h, w) * fraction)))
    y, x = (h - s) // 2, (w - s) // 2
    return img[y : y + s, x : x + s]


def shades_of_grey(x: torch.Tensor, p: float) -> torch.Tensor:
    """Shades-of-grey colour constancy (Finlayson & Trezzi 2004), as src/core/preprocess shadesOfGrey: each
    image's channels (NCHW, values in [0, 255]) are scaled by 1 / (sqrt(3) * e_c / |e|), e_c = mean(x_c^p)^(1/p),
    so a grey illuminant estimate keeps the image as it is; then clipped to [0, 255]. p = 0 leaves x unchanged."""
    if not p:
        return x
    e = (x.double().clamp(min=0) / 255.0).pow(p).mean(dim=(2, 3)).pow(1.0 / p)  # N x 3
    e = e / e.norm(dim=1, keepdim=True).clamp(min=1e-12)
    gain = (1.0 / (e * math.sqrt(3.0)).clamp(min=1e-6)).float()
    return (x * gain[:, :, None, None]).clamp(0, 255)


def to_input(batch_uint8: torch.Tensor, size: int, sog_p: float = 0) -> torch.Tensor:
    """uint8 NHWC squares -> model input NCHW: antialiased resize to size, shades of grey (sog_p > 0), then
    (pixel - 128) / 128."""
    x = batch_uint8.permute(0, 3, 1, 2).float()
    if x.shape[-1] != size:
        x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False, antialias=True)
    return (shades_of_grey(x, sog_p) - 128.0) / 128.0


def eval_tensor(rows: list[Row], size: int, sharp: bool = False, fraction: float = 1.0, sog_p: float = 0,
                shift: Callable[[np.ndarray], np.ndarray] | None = None) -> torch.Tensor:
    """The evaluation view: the centre square (side = fraction of the short side) of the 200x150 frame, or of the
    224 crop when sharp; `shift` (shifts.py) changes the stored photo first, as another camera would."""
    ims = []
    for r in rows:
        img = load_rgb(HAM / (r.crop if sharp else r.file))
        if shift is not None:
            img = np.clip(np.rint(shift(img.astype(np.float32))), 0, 255).astype(np.uint8)
        sq = torch.from_numpy(centre_square(img, fraction).copy()).unsqueeze(0)
        ims.append(to_input(sq, size, sog_p))
    return torch.cat(ims)


def _blur(x: torch.Tensor, sigma: float) -> torch.Tensor:
    r = max(1, int(math.ceil(2.5 * sigma)))
    t = torch.arange(-r, r + 1, dtype=torch.float32)
    k = torch.exp(-(t**2) / (2 * sigma**2))
    k = k / k.sum()
    c = x.shape[1]
    x = F.pad(x, (r, r, r, r), mode="reflect")
    x = F.conv2d(x, k.view(1, 1, 1, -1).repeat(c, 1, 1, 1), groups=c)
    return F.conv2d(x, k.view(1, 1, -1, 1).repeat(c, 1, 1, 1), groups=c)


class Augmenter:
    """Paper augmentation (rotation 0-359 cropped to the largest inscribed upright square, flips) plus
    crop-scale, colour, blur/sharpen and resolution jitter so that sharper real photos look familiar."""

    def __init__(self, size: int, seed: int, sog_p: float = 0, min_scale: float = 0.55):
        self.size = size
        self.sog_p = sog_p
        self.min_scale = min_scale
        self.g = torch.Generator().manual_seed(seed)

    def u(self, a: float, b: float) -> float:
        return a + (b - a) * torch.rand(1, generator=self.g).item()

    def geometry(self, img: torch.Tensor, is_crop: bool) -> torch.Tensor:
        """img: HWC uint8 -> 1x3xSxS float in [0,1]."""
        h, w = img.shape[:2]
        # The lesion sits near the centre of HAM frames; the 224 crop already is the centre square.
        base = min(h, w)
        side = base * self.u(self.min_scale, 1.0)
        theta = self.u(0.0, 2 * math.pi)
        side_in = side / (abs(math.cos(theta)) + abs(math.sin(theta)))
        slack = (base - side) / 2
        cx = w / 2 + self.u(-slack, slack) * 0.8
        cy = h / 2 + self.u(-slack, slack) * 0.8
        flip = -1.0 if self.u(0, 1) < 0.5 else 1.0
        c, s = math.cos(theta), math.sin(theta)
        half = side_in / 2
        # output (u, v) in [-1, 1] -> input pixel = centre + half * R @ (flip*u, v); then normalise.
        a = torch.tensor(
            [
                [half * c * flip / (w / 2), -half * s / (w / 2), (cx - w / 2) / (w / 2)],
                [half * s * flip / (h / 2), half * c / (h / 2), (cy - h / 2) / (h / 2)],
            ],
            dtype=torch.float32,
        ).unsqueeze(0)
        src = img.permute(2, 0, 1).unsqueeze(0).float() / 255.0
        # Antialias big downscales by pre-blurring (grid_sample has no antialiasing).
        ratio = side_in / self.size
        if ratio > 1.3:
            src = _blur(src, 0.45 * ratio)
        grid = F.affine_grid(a, [1, 3, self.size, self.size], align_corners=False)
        return F.grid_sample(src, grid, mode="bilinear", padding_mode="reflection", align_corners=False)

    def photometric(self, x: torch.Tensor) -> torch.Tensor:
        """x: 1x3xSxS in [0,1]."""
        if self.u(0, 1) < 0.3:
            x = _blur(x, self.u(0.3, 1.4))
        elif self.u(0, 1) < 0.45:
            x = x + self.u(0.3, 1.5) * (x - _blur(x, self.u(0.6, 1.5)))
        if self.u(0, 1) < 0.2:
            f = self.u(0.45, 0.8)
            small = max(8, int(self.size * f))
            x = F.interpolate(x, size=(small, small), mode="bilinear", antialias=True, align_corners=False)
            x = F.interpolate(x, size=(self.size, self.size), mode="bilinear", align_corners=False)
        x = x.clamp(0, 1)
        gamma = math.exp(self.u(-0.25, 0.25))
        x = x**gamma
        gains = torch.tensor([self.u(0.85, 1.15) for _ in range(3)]).view(1, 3, 1, 1)
        x = x * gains * self.u(0.75, 1.25)
        grey = x.mean(dim=1, keepdim=True)
        x = grey + (x - grey) * self.u(0.6, 1.4)
        mean = x.mean()
        x = mean + (x - mean) * self.u(0.75, 1.25)
        if self.u(0, 1) < 0.2:
            x = x + torch.randn(x.shape, generator=self.g) * self.u(0.005, 0.03)
        return x.clamp(0, 1)

    def __call__(self, frames: list[torch.Tensor], crops: list[torch.Tensor | None]) -> torch.Tensor:
        out = []
        for fr, cr in zip(frames, crops):
            use_crop = cr is not None and self.u(0, 1) < 0.5
            x = self.geometry(cr if use_crop else fr, use_crop)
            out.append(self.photometric(x))
        x = shades_of_grey(torch.cat(out) * 255.0, self.sog_p)
        return (x - 128.0) / 128.0
