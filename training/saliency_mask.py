"""Does the saliency map look at the lesion? The app's map (L1 norm over RGB of d loss / d input, loss = -log p of
the top diagnosis at the shipped temperature; src/model/classifier.ts) measured against HAM10000's lesion masks
on validation photos, in the app's default view (data.field_square, resized to the input). Photos whose lesion
covers under 2% or over 90% of the view tell nothing and are left out.

Per photo: the share of the map's mass that falls on the lesion, the lesion's share of the view (what a map
spread evenly would score), and whether the map's peak (after a 9x9 box blur) lies on the lesion (the "pointing
game", Zhang et al. 2016). With --vs, the paired differences with 95% intervals from a bootstrap over lesions.

Usage: /usr/bin/python3 training/saliency_mask.py --ckpt training/runs/shipped/1.3.0.pt [--vs B.pt] [--n 400]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).parent))
from data import HAM, field_square, load_mask, load_rgb, read_rows, split_by_lesion, to_input  # noqa: E402
from metrics import cluster_bootstrap  # noqa: E402
from model import load_checkpoint  # noqa: E402

METADATA = Path(__file__).resolve().parents[1] / "public" / "model" / "metadata.json"


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
    """metrics.json's "saliency" block (evaluate.py)."""
    x, masks, groups, area = lesion_views(rows, size, fraction)
    s = scores(model, x, masks, temperature)
    return {"what": "share of the saliency map (L1 over RGB of d(-log p of the top diagnosis)/d input) on the lesion "
                    "(HAM10000 masks), in the default view; 'even' is the lesion's share of the view, what an even map "
                    "would score; 'peakOnLesion': the blurred map's maximum lies on the lesion",
            "photos": len(groups), "onLesion": {"value": float(s["share"].mean()), "ci": cluster_bootstrap(groups, lambda i: s["share"][i].mean())},
            "even": float(area.mean()), "peakOnLesion": float(s["hit"].mean())}


def main() -> None:
    meta = json.loads(METADATA.read_text())
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", type=Path, required=True)
    ap.add_argument("--vs", type=Path, help="a second checkpoint, compared photo by photo")
    ap.add_argument("--n", type=int, default=400, help="about this many validation photos, evenly spaced through the split (which is ordered by diagnosis)")
    ap.add_argument("--fraction", type=float, default=meta["input"]["cropFraction"])
    ap.add_argument("--temperature", type=float, default=meta["temperature"])
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    val = split_by_lesion(read_rows())["val"]
    rows = val[:: max(1, len(val) // args.n)]
    size = meta["input"]["size"]
    x, masks, groups, area = lesion_views(rows, size, args.fraction)
    print(f"{len(rows)} validation photos, {len(groups)} with the lesion covering 2-90% of the view "
          f"(mean {area.mean():.3f}); crop {args.fraction}, temperature {args.temperature:.3f}")
    results = {}
    for path in [args.ckpt] + ([args.vs] if args.vs else []):
        model, _ = load_checkpoint(path)
        s = scores(model, x, masks, args.temperature)
        results[path] = s
        print(f"{path}: saliency on the lesion {s['share'].mean():.3f} (even spread: {area.mean():.3f}; "
              f"lift {np.mean(s['share'] / area):.2f}x), peak on the lesion {s['hit'].mean():.3f}")
    if args.vs:
        a, b = results[args.ckpt], results[args.vs]
        for k, name in (("share", "saliency on the lesion"), ("hit", "peak on the lesion")):
            d = a[k] - b[k]
            lo, hi = cluster_bootstrap(groups, lambda i: d[i].mean())
            print(f"{name}: {args.ckpt.name} - {args.vs.name} = {d.mean():+.3f} (95% interval {lo:+.3f} to {hi:+.3f})")


if __name__ == "__main__":
    main()
