"""Mirror of src/core/photo-stats.ts (keep the two identical; test/unit/core/photo-stats-parity checks it)."""
from __future__ import annotations

import numpy as np
import torch


def photo_stats(x: torch.Tensor, mean: float = 128.0, scale: float = 128.0, chunk: int = 256) -> np.ndarray:
    """x: N x 3 x S x S model input -> N x 4 array of (brightness, contrast, detail, skin).
    Per image, in chunks: in float64 the whole training split at 224 px would need several 8 GiB temporaries."""
    if len(x) > chunk:
        return np.concatenate([photo_stats(x[i : i + chunk], mean, scale, chunk) for i in range(0, len(x), chunk)])
    px = x.double() * scale + mean
    r, g, b = px[:, 0], px[:, 1], px[:, 2]
    grey = 0.299 * r + 0.587 * g + 0.114 * b
    brightness = grey.mean(dim=(1, 2))
    contrast = ((grey - brightness[:, None, None]) ** 2).mean(dim=(1, 2)).sqrt()
    c = grey[:, 1:-1, 1:-1]
    lap = (4 * c - grey[:, 1:-1, :-2] - grey[:, 1:-1, 2:] - grey[:, :-2, 1:-1] - grey[:, 2:, 1:-1]).abs().mean(dim=(1, 2))
    skin = ((r >= g) & (r >= b) & (r - torch.minimum(g, b) >= 10) & (r >= 40)).double().mean(dim=(1, 2))
    return torch.stack([brightness, contrast, lap, skin], 1).numpy()


NAMES = ["brightness", "contrast", "detail", "skin"]


# How the photo was taken rather than what it shows (training/evaluate/photo_kind.py signals); mirror of
# src/core/acquisition-stats.ts (test/unit/core/acquisition-stats.test.ts checks the two agree).
ACQUISITION_NAMES = ["light unevenness", "ln border/centre brightness", "chroma", "ln red/green", "ln blue/green",
                     "ln coarse/fine detail", "highlights"]


def acquisition_stats(x: torch.Tensor, mean: float = 128.0, scale: float = 128.0, chunk: int = 256) -> np.ndarray:
    """x: N x 3 x S x S model input -> N x 7 array (ACQUISITION_NAMES): the spread of the 4x4 block mean grey levels
    over (mean grey + 1); ln((border ring + 1) / (centre + 1)) mean grey, the ring S // 8 wide, the centre the middle
    square from S // 4; the mean of (max - min channel) / 255; ln((mean r + 1) / (mean g + 1)); the same for blue;
    ln((coarse + 1e-3) / (fine + 1e-3)) of the mean absolute 4-neighbour Laplacian, coarse on the 2x2-averaged grey;
    the share of pixels whose every channel is at least 230."""
    if len(x) > chunk:
        return np.concatenate([acquisition_stats(x[i : i + chunk], mean, scale, chunk) for i in range(0, len(x), chunk)])
    px = x.double() * scale + mean
    r, g, b = px[:, 0], px[:, 1], px[:, 2]
    n, s = x.shape[0], x.shape[-1]
    grey = 0.299 * r + 0.587 * g + 0.114 * b
    mean_grey = grey.mean(dim=(1, 2))
    idx = torch.arange(s) * 4 // s
    block = torch.zeros(n, 16, dtype=torch.float64).index_add_(1, (idx[:, None] * 4 + idx[None, :]).reshape(-1), grey.reshape(n, -1))
    block = block / torch.bincount((idx[:, None] * 4 + idx[None, :]).reshape(-1), minlength=16).double()
    uneven = block.std(dim=1, unbiased=False) / (mean_grey + 1)
    yy, xx = torch.meshgrid(torch.arange(s), torch.arange(s), indexing="ij")
    ring = torch.minimum(torch.minimum(yy, xx), torch.minimum(s - 1 - yy, s - 1 - xx)) < s // 8
    q = s // 4
    centre = (yy >= q) & (yy < s - q) & (xx >= q) & (xx < s - q)
    border = torch.log((grey[:, ring].mean(1) + 1) / (grey[:, centre].mean(1) + 1))
    chroma = (torch.maximum(torch.maximum(r, g), b) - torch.minimum(torch.minimum(r, g), b)).mean(dim=(1, 2)) / 255
    mr, mg, mb = r.mean(dim=(1, 2)), g.mean(dim=(1, 2)), b.mean(dim=(1, 2))

    def lap(a: torch.Tensor) -> torch.Tensor:
        c = a[:, 1:-1, 1:-1]
        return (4 * c - a[:, 1:-1, :-2] - a[:, 1:-1, 2:] - a[:, :-2, 1:-1] - a[:, 2:, 1:-1]).abs().mean(dim=(1, 2))

    h = s // 2
    coarse = grey[:, : 2 * h, : 2 * h].reshape(n, h, 2, h, 2).mean(dim=(2, 4))
    detail = torch.log((lap(coarse) + 1e-3) / (lap(grey) + 1e-3))
    highlight = ((r >= 230) & (g >= 230) & (b >= 230)).double().mean(dim=(1, 2))
    return torch.stack([uneven, border, chroma, torch.log((mr + 1) / (mg + 1)), torch.log((mb + 1) / (mg + 1)), detail, highlight], 1).numpy()
