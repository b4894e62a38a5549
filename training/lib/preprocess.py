"""Pixels to model input, as src/core/preprocess: shades-of-grey colour constancy, the antialiased resize and the
scaling, and the evaluation view of a list of rows."""

from __future__ import annotations

import math
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F

from training.lib.data import Row, load_rgb
from training.lib.geometry import centre_box, field_square
from training.lib.paths import HAM


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


def eval_tensor(
    rows: list[Row],
    size: int,
    sharp: bool = False,
    fraction: float = 1.0,
    sog_p: float = 0,
    shift: Callable[[np.ndarray], np.ndarray] | None = None,
    fit_field: bool = True,
) -> torch.Tensor:
    """The evaluation view: the centre square (side = fraction of the short side) of the 200x150 frame, or of the
    224 crop when sharp, fitted inside a round field of view as the app and the CLI do (field_square; fit_field=False:
    the plain centre square); `shift` (lib/shifts.py) changes the stored photo first, as another camera would."""
    ims = []
    for r in rows:
        img = load_rgb(HAM / r.crop if sharp else r.path)
        if shift is not None:
            img = np.clip(np.rint(shift(img.astype(np.float32))), 0, 255).astype(np.uint8)
        y, x, side = field_square(img, fraction) if fit_field else centre_box(img.shape[0], img.shape[1], fraction)
        sq = torch.from_numpy(img[y : y + side, x : x + side].copy()).unsqueeze(0)
        ims.append(to_input(sq, size, sog_p))
    return torch.cat(ims)
