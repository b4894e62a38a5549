"""Does the saliency map look at the lesion? The app's map (L1 norm over RGB of d loss / d input, loss = -log p of
the top diagnosis at the shipped temperature; src/model/classifier.ts) measured against HAM10000's lesion masks
on validation photos, in the app's default view (data.field_square, resized to the input). Photos whose lesion
covers under 2% or over 90% of the view tell nothing and are left out.

Per photo: the share of the map's mass that falls on the lesion, the lesion's share of the view (what a map
spread evenly would score), and whether the map's peak (after a 9x9 box blur) lies on the lesion (the "pointing
game", Zhang et al. 2016). The export reports it for the model it writes (metrics.json "saliency");
training.analyses.saliency_mask compares checkpoints.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from training.lib.data import load_mask, load_rgb
from training.lib.geometry import field_square
from training.lib.paths import HAM
from training.lib.preprocess import to_input
from training.lib.metrics import cluster_bootstrap


def lesion_views(rows, size: int, fraction: float) -> tuple[torch.Tensor, torch.Tensor, np.ndarray, np.ndarray]:
    """Model inputs, lesion masks (N x S x S, bool), lesion ids and the lesion's share of the view, for the photos
    whose lesion covers 2-90% of their default view."""
    xs, ms, ids = [], [], []
    for r in rows:
        img = load_rgb(HAM / r.file)
        y, x, s = field_square(img, fraction)
        m = torch.from_numpy(load_mask(HAM / r.mask, (img.shape[1], img.shape[0]))[y : y + s, x : x + s].copy()).float()
        m = F.interpolate(m[None, None], size=(size, size), mode="bilinear", align_corners=False)[0, 0] > 127.5
        if 0.02 < m.float().mean().item() < 0.9:
            xs.append(to_input(torch.from_numpy(img[y : y + s, x : x + s].copy()).unsqueeze(0), size))
            ms.append(m)
            ids.append(r.lesion_id)
    masks = torch.stack(ms)
    return torch.cat(xs), masks, np.array(ids), masks.float().mean((1, 2)).numpy()


def scores(model, x: torch.Tensor, masks: torch.Tensor, temperature: float, batch: int = 16) -> dict[str, np.ndarray]:
    share, hit = [], []
    for i in range(0, len(x), batch):
        xb = x[i : i + batch].clone().requires_grad_(True)
        logp = F.log_softmax(model(xb) / temperature, dim=1)
        # Photos are independent (no batch statistics in this network): the summed loss gives each its own gradient.
        (-logp.gather(1, logp.argmax(1, keepdim=True)).sum()).backward()
        sal = xb.grad.abs().sum(1)  # N x S x S
        mb = masks[i : i + batch]
        share.append(((sal * mb).sum((1, 2)) / sal.sum((1, 2)).clamp(min=1e-12)).numpy())
        smooth = F.avg_pool2d(sal[:, None], 9, stride=1, padding=4)[:, 0].flatten(1)
        hit.append(mb.flatten(1).gather(1, smooth.argmax(1, keepdim=True))[:, 0].numpy())
    return {"share": np.concatenate(share), "hit": np.concatenate(hit).astype(float)}


def saliency_report(model, rows, size: int, fraction: float, temperature: float) -> dict:
    """metrics.json's "saliency" block (the export)."""
    x, masks, groups, area = lesion_views(rows, size, fraction)
    s = scores(model, x, masks, temperature)
    return {
        "what": "share of the saliency map (L1 over RGB of d(-log p of the top diagnosis)/d input) on the lesion "
        "(HAM10000 masks), in the default view; 'even' is the lesion's share of the view, what an even map "
        "would score; 'peakOnLesion': the blurred map's maximum lies on the lesion",
        "photos": len(groups),
        "onLesion": {"value": float(s["share"].mean()), "ci": cluster_bootstrap(groups, lambda i: s["share"][i].mean())},
        "even": float(area.mean()),
        "peakOnLesion": float(s["hit"].mean()),
    }
