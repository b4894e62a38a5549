"""uint8 per-output-channel kernels that keep the model's outputs (lib/tfjs_export.py writes them).

Rounding each weight to its channel's nearest code moved 5% of top-1 decisions on validation
(docs/results/weight-encoding-attempt1.txt): the errors of about 2 million rounded weights add up through the linear
bottlenecks. GPTQ (Frantar et al., 2023, "GPTQ: Accurate Post-Training Quantization for Generative Pre-trained
Transformers") rounds one input column at a time and spreads each column's rounding error over the columns not yet
rounded, weighted by the inverse of the layer's input second moments H = X^T X, so that the layer's output on real
inputs changes least. The codes stay on each output channel's min..max grid of the float kernel.

Here: every 1x1 Conv2D kernel, with H from the float model's inputs to that layer on calibration images (training
images only). The 3x3 stem and the depthwise kernels stay float16 (lib/tfjs_export.py quant_plan).
"""
from __future__ import annotations

import copy

import numpy as np
import torch

from training.lib.model import SkinNet
from training.lib.tfjs_graph import from_codes

Grid = tuple[np.ndarray, np.ndarray]
DAMP = 0.01
# HAM10000 training images whose inputs to each layer set GPTQ's H (docs/results/weight-encoding-rule.md, attempt 2).
CALIBRATION_IMAGES = 512


def channel_grid(flat: np.ndarray) -> Grid:
    """Per column of `flat` ([n, C], C output channels): float32 min and scale of a 256-code grid over its range."""
    lo, hi = flat.min(0), flat.max(0)
    scale = np.where(hi > lo, (hi - lo) / 255.0, 1.0).astype(np.float32)
    return lo.astype(np.float32), scale


def to_codes(flat: np.ndarray, grid: Grid) -> np.ndarray:
    lo, scale = grid
    return np.clip(np.round((flat - lo) / scale), 0, 255).astype(np.uint8)


def input_moments(model: SkinNet, x: torch.Tensor, keys: list[str], batch: int = 32) -> dict[str, torch.Tensor]:
    """key -> H = X^T X / rows (float64) of the inputs reaching each listed 1x1 conv, over the images x."""
    sums: dict[str, torch.Tensor] = {}
    rows: dict[str, int] = {}

    def hook(key: str):
        def fn(_mod, args, _out):
            a = args[0].permute(0, 2, 3, 1).reshape(-1, args[0].shape[1]).double()
            sums[key] = sums.get(key, 0) + a.T @ a
            rows[key] = rows.get(key, 0) + a.shape[0]

        return fn

    handles = [model.backbone.mods[k].register_forward_hook(hook(k)) for k in keys]
    try:
        with torch.no_grad():
            for i in range(0, len(x), batch):
                model(x[i : i + batch])
    finally:
        for h in handles:
            h.remove()
    return {k: sums[k] / rows[k] for k in keys}


def gptq_layer(w: np.ndarray, h: torch.Tensor) -> tuple[np.ndarray, Grid]:
    """w: [Cout, Cin] float kernel, h: [Cin, Cin] input second moments -> (uint8 codes [Cout, Cin], grid per Cout)."""
    grid = channel_grid(w.T)
    lo = torch.from_numpy(grid[0].astype(np.float64))
    scale = torch.from_numpy(grid[1].astype(np.float64))
    W = torch.from_numpy(w.astype(np.float64)).clone()
    H = h.clone()
    dead = torch.diag(H) == 0
    H[dead, dead] = 1
    W[:, dead] = 0
    # Largest input energy first (GPTQ's act-order), so the columns that matter most are rounded while the most
    # columns remain to absorb their error.
    order = torch.argsort(torch.diag(H), descending=True)
    W, H = W[:, order], H[order][:, order]
    H += DAMP * torch.mean(torch.diag(H)) * torch.eye(H.shape[0], dtype=H.dtype)
    Hinv = torch.linalg.cholesky(torch.cholesky_inverse(torch.linalg.cholesky(H)), upper=True)
    Q = torch.zeros_like(W, dtype=torch.uint8)
    for i in range(W.shape[1]):
        col = W[:, i]
        q = torch.clamp(torch.round((col - lo) / scale), 0, 255)
        Q[:, i] = q.to(torch.uint8)
        err = (col - (q * scale + lo)) / Hinv[i, i]
        W[:, i + 1 :] -= err[:, None] * Hinv[i, i + 1 :][None, :]
    codes = torch.empty_like(Q)
    codes[:, order] = Q
    return codes.numpy(), grid


def calibrated(model: SkinNet, x: torch.Tensor) -> tuple[SkinNet, dict[str, Grid]]:
    """A copy of the model whose 1x1 Conv2D kernels are their GPTQ uint8 values (decoded), and each one's grid by
    tfjs weight name ('<layer>/kernel'), for lib/tfjs_export.py to write the same codes."""
    m = copy.deepcopy(model).eval()
    keys = [key for cls, key, _ in m.backbone.order if cls == "Conv2D" and m.backbone.mods[key].weight.shape[-1] == 1]
    moments = input_moments(m, x, keys)
    grids: dict[str, Grid] = {}
    with torch.no_grad():
        for key in keys:
            mod = m.backbone.mods[key]
            w = mod.weight.detach().cpu().numpy()[:, :, 0, 0]
            codes, grid = gptq_layer(w, moments[key])
            back = from_codes(codes.T, *grid).T  # [Cout, Cin]
            mod.weight.copy_(torch.from_numpy(np.ascontiguousarray(back[:, :, None, None])))
            grids[f"{key}/kernel"] = grid
    return m, grids
