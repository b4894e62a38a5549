"""Does the saliency map look at the lesion? The app's map (L1 norm over RGB of d loss / d input, loss = -log p of
the top diagnosis at the shipped temperature; src/model/classifier.ts) measured against HAM10000's lesion masks
on validation photos, in the app's default view (centred square of the short side, resized to the input).

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
from data import HAM, centre_box, load_mask, load_rgb, read_rows, split_by_lesion, to_input  # noqa: E402
from model import load_checkpoint  # noqa: E402

METADATA = Path(__file__).resolve().parents[1] / "public" / "model" / "metadata.json"


def views(rows, size: int, fraction: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Model inputs and lesion masks (N x S x S, bool) of the same centred squares."""
    xs, ms = [], []
    for r in rows:
        img = load_rgb(HAM / r.file)
        y, x, s = centre_box(img.shape[0], img.shape[1], fraction)
        xs.append(to_input(torch.from_numpy(img[y : y + s, x : x + s].copy()).unsqueeze(0), size))
        m = torch.from_numpy(load_mask(HAM / r.mask, (img.shape[1], img.shape[0]))[y : y + s, x : x + s].copy()).float()
        ms.append(F.interpolate(m[None, None], size=(size, size), mode="bilinear", align_corners=False)[0, 0] > 127.5)
    return torch.cat(xs), torch.stack(ms)


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


def paired_ci(d: np.ndarray, groups: np.ndarray, reps: int = 2000, seed: int = 0) -> tuple[float, float]:
    ids, inv = np.unique(groups, return_inverse=True)
    sums, counts = np.bincount(inv, d), np.bincount(inv)
    rng = np.random.default_rng(seed)
    draws = [sums[k].sum() / counts[k].sum() for k in (rng.integers(0, len(ids), len(ids)) for _ in range(reps))]
    return float(np.percentile(draws, 2.5)), float(np.percentile(draws, 97.5))


def saliency_report(model, rows, size: int, fraction: float, temperature: float) -> dict:
    """metrics.json's "saliency" block (evaluate.py): the photos whose lesion covers 2-90% of the view."""
    x, masks = views(rows, size, fraction)
    area = masks.float().mean((1, 2)).numpy()
    keep = (area > 0.02) & (area < 0.9)
    s = scores(model, x[keep], masks[keep], temperature)
    groups = np.array([r.lesion_id for r in rows])[keep]
    return {"what": "share of the saliency map (L1 over RGB of d(-log p of the top diagnosis)/d input) on the lesion "
                    "(HAM10000 masks), in the default view; 'even' is the lesion's share of the view, what an even map "
                    "would score; 'peakOnLesion': the blurred map's maximum lies on the lesion",
            "photos": int(keep.sum()), "onLesion": {"value": float(s["share"].mean()), "ci": list(paired_ci(s["share"], groups))},
            "even": float(area[keep].mean()), "peakOnLesion": float(s["hit"].mean())}


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
    x, masks = views(rows, size, args.fraction)
    area = masks.float().mean((1, 2)).numpy()
    keep = (area > 0.02) & (area < 0.9)  # a lesion filling the view (or missing from it) tells nothing
    print(f"{len(rows)} validation photos, {int(keep.sum())} with the lesion covering 2-90% of the view "
          f"(mean {area[keep].mean():.3f}); crop {args.fraction}, temperature {args.temperature:.3f}")
    groups = np.array([r.lesion_id for r in rows])[keep]
    results = {}
    for path in [args.ckpt] + ([args.vs] if args.vs else []):
        model, _ = load_checkpoint(path)
        s = {k: v[keep] for k, v in scores(model, x, masks, args.temperature).items()}
        results[path] = s
        print(f"{path}: saliency on the lesion {s['share'].mean():.3f} (even spread: {area[keep].mean():.3f}; "
              f"lift {np.mean(s['share'] / area[keep]):.2f}x), peak on the lesion {s['hit'].mean():.3f}")
    if args.vs:
        a, b = results[args.ckpt], results[args.vs]
        for k, name in (("share", "saliency on the lesion"), ("hit", "peak on the lesion")):
            d = a[k] - b[k]
            lo, hi = paired_ci(d, groups)
            print(f"{name}: {args.ckpt.name} - {args.vs.name} = {d.mean():+.3f} (95% interval {lo:+.3f} to {hi:+.3f})")


if __name__ == "__main__":
    main()
