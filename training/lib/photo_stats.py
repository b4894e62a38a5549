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
