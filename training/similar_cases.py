"""Build the similar-cases pack and the teaching set the app shows beside every result, into public/cases/.

From the internal test split only (data.split_by_lesion(read_rows())["test"], the order of public/model/embedding.json's
points), it writes:
  thumbs.webp     one sprite of every test image's default crop (the square the model reads), THUMB px a side
  index.json      per image: id, diagnosis, biopsy-proven (labels.csv dx_type == histo), lesion group, and the model's
                  probabilities; the sprite's layout; the distance bands "very similar / similar / loosely similar"
  teach.jpg       the teaching cases at the model's input size, one sprite
  teach.json      which test image each teaching case is
  retrieval.json  how often the majority diagnosis of an image's eight nearest other test images is its true one,
                  next to the classifier's accuracy on the same images (read by the app's model card)
The bands are fitted on the VALIDATION split: each validation image's eight nearest other-lesion validation images,
in the model's ood_proj space (the 64 numbers the app computes for a photo and the map uses), give the distances
whose quartiles bound the bands. The test split is only measured. Needs the checkpoint of the model in public/model
(its validation features) and that model's export (the ood_proj projection, the prior correction, the temperature).

Usage: python3 -m training.similar_cases --ckpt training/runs/shipped/1.3.0.pt [--threads 2] [--model-dir D --out D]
"""
from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from training.lib.tfjs_graph import read_weights
from training.lib.data import load_rgb, read_rows, split_by_lesion
from training.lib.geometry import field_square
from training.lib.paths import HAM
from training.lib.preprocess import eval_tensor
from training.lib.taxonomy import LABELS
from training.lib.metrics import balanced_accuracy, cluster_bootstrap, softmax
from training.lib.model import load_checkpoint

ROOT = Path(__file__).resolve().parents[1]
K = 8  # neighbours shown beside a result
THUMB = 120  # thumbnail side: the default crop of the 200x150 frames is 120 px, so this keeps every pixel (1.25 MB of WebP)
THUMB_QUALITY = 72
TEACH_PER_CLASS = 16  # 16 x 7 = 112 cases where every class has 16 lesions in the test split
TEACH_QUALITY = 85
# Band edges: the quartiles of the validation neighbour distances (below the first: very similar; up to the third:
# similar; beyond: loosely similar).
BAND_QUANTILES = (0.25, 0.75)


def knn(q: np.ndarray, pts: np.ndarray, k: int, exclude: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Indices and Euclidean distances of the k nearest rows of pts to each row of q, nearest first (ties by index,
    as src/core/embedding.ts); exclude[i, j] True removes pts[j] from query i's candidates."""
    d = np.sqrt(np.maximum(0, (q**2).sum(1)[:, None] + (pts**2).sum(1)[None] - 2 * q @ pts.T))
    if exclude is not None:
        d = np.where(exclude, np.inf, d)
    idx = np.stack([np.lexsort((np.arange(len(pts)), row))[:k] for row in d])
    return idx, np.take_along_axis(d, idx, 1)


def majority(labels: np.ndarray) -> np.ndarray:
    """Most common label of each row, ties to the one met first (the nearest), as core/embedding countLabels."""
    out = []
    for row in labels:
        counts: dict[int, int] = {}
        for v in row:
            counts[int(v)] = counts.get(int(v), 0) + 1
        best = max(counts.values())
        out.append(next(int(v) for v in row if counts[int(v)] == best))
    return np.array(out)


def default_square(img: np.ndarray, fraction: float) -> np.ndarray:
    y, x, s = field_square(img, fraction)
    return img[y : y + s, x : x + s]


def sprite(tiles: list[np.ndarray], side: int, columns: int) -> Image.Image:
    rows = (len(tiles) + columns - 1) // columns
    out = Image.new("RGB", (columns * side, rows * side), (0, 0, 0))
    for i, t in enumerate(tiles):
        im = Image.fromarray(t).resize((side, side), Image.LANCZOS)
        out.paste(im, ((i % columns) * side, (i // columns) * side))
    return out


def encoded(im: Image.Image, fmt: str, quality: int) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, quality=quality, **({"method": 6} if fmt == "WEBP" else {"optimize": True, "progressive": False}))
    return buf.getvalue()


def teaching_cases(test) -> list[int]:
    """Test-image indices of the teaching set: per diagnosis up to TEACH_PER_CLASS lesions (one image each),
    biopsy-proven first, then those with a sharper 224 crop, then a fixed shuffle; the set is ordered by a fixed
    shuffle too, so that no round shows one diagnosis in a row. The model's answer plays no part in the choice."""
    rng = np.random.default_rng(20250125)
    chosen = []
    for c in range(len(LABELS)):
        idx = [i for i, r in enumerate(test) if r.label == c]
        order = rng.permutation(len(idx))
        ranked = sorted((idx[j] for j in order), key=lambda i: (not test[i].biopsy, not test[i].crop))
        seen: set[str] = set()
        for i in ranked:
            if test[i].lesion_id in seen:
                continue
            seen.add(test[i].lesion_id)
            chosen.append(i)
            if len(seen) == TEACH_PER_CLASS:
                break
    return [chosen[j] for j in rng.permutation(len(chosen))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", type=Path, required=True, help="the checkpoint of the model exported in --model-dir (validation features)")
    ap.add_argument("--model-dir", type=Path, default=ROOT / "public" / "model")
    ap.add_argument("--out", type=Path, default=ROOT / "public" / "cases")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    t0 = time.time()
    say = lambda m: print(f"[{time.time() - t0:6.0f}s] {m}", flush=True)  # noqa: E731

    meta = json.loads((args.model_dir / "metadata.json").read_text())
    metrics = json.loads((args.model_dir / "metrics.json").read_text())
    points = json.loads((args.model_dir / "embedding.json").read_text())["points"]
    parts = split_by_lesion(read_rows())
    test, val, train = parts["test"], parts["val"], parts["train"]
    if [p["label"] for p in points] != [LABELS[r.label] for r in test]:
        raise SystemExit("embedding.json's points are not the internal test split in order: export it again first (python3 -m training.export)")
    fraction = float(meta["input"]["cropFraction"])
    size = int(meta["input"]["size"])
    T = float(meta["temperature"])
    w = read_weights(args.model_dir)
    kz = len(points[0]["z"])
    proj_w, proj_b = w["ood_proj/kernel"][:, :kz].astype(np.float64), w["ood_proj/bias"][:kz].astype(np.float64)
    prior = np.bincount([r.label for r in train], minlength=len(LABELS)) / len(train)
    adjust = float(metrics["prior_correction"]["alpha"]) * np.log(prior)

    model, state = load_checkpoint(args.ckpt)
    sog = state.get("sog_p", 0)

    def features(rows) -> tuple[np.ndarray, np.ndarray]:
        """(probabilities as the app gives them, ood_proj z) of the app's default view of each row."""
        logits, feats = [], []
        with torch.no_grad():
            for i in range(0, len(rows), 128):
                lg, f, _ = model(eval_tensor(rows[i : i + 128], size, fraction=fraction, sog_p=sog), with_features=True)
                logits.append(lg.numpy().astype(np.float64))
                feats.append(f.numpy().astype(np.float64))
        return softmax(np.concatenate(logits) + adjust, T), np.concatenate(feats) @ proj_w + proj_b

    _, z_val = features(val)
    say(f"validation features: {len(val)} images")
    p_test, z_test_here = features(test)
    say(f"test features: {len(test)} images")
    z_test = np.array([p["z"] for p in points], dtype=np.float64)  # what the app searches
    z_gap = float(np.abs(z_test_here - z_test).max())
    say(f"test z recomputed here vs embedding.json: max |difference| {z_gap:.3f} (embedding.json rounds to 0.001)")
    if z_gap > 0.5:
        raise SystemExit(f"--ckpt does not match the model in {args.model_dir} (test z differ by up to {z_gap:.2f})")

    # Bands on validation: each image's K nearest validation images of other lesions.
    lv = np.array([r.lesion_id for r in val])
    yv = np.array([r.label for r in val])
    iv, dv = knn(z_val, z_val, K, exclude=lv[:, None] == lv[None])
    edges = [float(np.quantile(dv, q)) for q in BAND_QUANTILES]
    band_of = np.digitize(dv, edges, right=True)
    same = yv[iv] == yv[:, None]
    names = ["very similar", "similar", "loosely similar"]
    bands = {
        "edges": [round(e, 4) for e in edges],
        "names": names,
        "fitted_on": (
            f"validation split ({len(val)} images): distances from each image to its {K} nearest validation images of other lesions in ood_proj "
            f"space; edges at their {BAND_QUANTILES[0]:.0%} and {BAND_QUANTILES[1]:.0%} quantiles"
        ),
        "validation_same_diagnosis": [round(float(same[band_of == b].mean()), 4) for b in range(3)],
    }
    say(f"bands {bands}")

    # Retrieval on the internal test, as the app does it (embedding.json's z), leaving the image (or its lesion) out.
    y = np.array([r.label for r in test])
    groups = np.array([r.lesion_id for r in test])
    n = len(test)
    self_mask = np.eye(n, dtype=bool)
    it, _ = knn(z_test, z_test, K, exclude=self_mask)
    il, _ = knn(z_test, z_test, K, exclude=groups[:, None] == groups[None])
    pred_img, pred_les, pred_clf = majority(y[it]), majority(y[il]), p_test.argmax(1)

    def scored(pred: np.ndarray) -> dict:
        return {
            "accuracy": {"value": float((pred == y).mean()), "ci": cluster_bootstrap(groups, lambda i: float((pred[i] == y[i]).mean()))},
            "balancedAccuracy": {
                "value": balanced_accuracy(y, pred, len(LABELS)),
                "ci": cluster_bootstrap(groups, lambda i: balanced_accuracy(y[i], pred[i], len(LABELS))),
            },
        }

    retrieval = {
        "created": time.strftime("%Y-%m-%d"),
        "model": meta["version"],
        "command": " ".join(["python3 -m training.similar_cases", *sys.argv[1:]]),
        "k": K,
        "images": n,
        "about": (
            f"internal test ({n} images): the majority diagnosis of each image's {K} nearest other test images in ood_proj space (ties to the "
            "nearest), against its true diagnosis"
        ),
        "imageLeftOut": scored(pred_img),
        "lesionLeftOut": scored(pred_les),
        "classifier": scored(pred_clf),
    }
    say(
        (
            f"retrieval: image left out {retrieval['imageLeftOut']['accuracy']['value']:.3f} / lesion left out "
            f"{retrieval['lesionLeftOut']['accuracy']['value']:.3f} / classifier {retrieval['classifier']['accuracy']['value']:.3f} accuracy"
        )
    )

    # Thumbnails: the square the app's default crop takes, THUMB px.
    args.out.mkdir(parents=True, exist_ok=True)
    columns = int(np.ceil(np.sqrt(n)))
    thumbs = encoded(sprite([default_square(load_rgb(r.path), fraction) for r in test], THUMB, columns), "WEBP", THUMB_QUALITY)
    (args.out / "thumbs.webp").write_bytes(thumbs)
    say(f"thumbs.webp: {len(thumbs)} bytes")

    teach = teaching_cases(test)
    teach_cols = 12
    tiles = [default_square(load_rgb(HAM / test[i].crop) if test[i].crop else load_rgb(test[i].path), fraction) for i in teach]
    teach_jpg = encoded(sprite(tiles, size, teach_cols), "JPEG", TEACH_QUALITY)
    (args.out / "teach.jpg").write_bytes(teach_jpg)
    say(
        (
            f"teach.jpg: {len(teach)} cases, {len(teach_jpg)} bytes; per diagnosis {np.bincount(y[teach], minlength=len(LABELS)).tolist()}, "
            f"biopsy-proven {sum(test[i].biopsy for i in teach)}"
        )
    )

    attribution = "Images: HAM10000 (Tschandl, Rosendahl & Kittler, Sci Data 5:180161, 2018), CC BY-NC 4.0"
    lesion_index = {g: i for i, g in enumerate(dict.fromkeys(groups))}
    index = {
        "model": meta["version"],
        "attribution": attribution,
        "source": "HAM10000 internal test split (lesion-grouped, never used in training or model selection), in the order of model/embedding.json",
        "sprite": {"file": "thumbs.webp", "side": THUMB, "columns": columns, "bytes": len(thumbs)},
        "bands": bands,
        "cases": [
            {"id": r.image_id, "label": LABELS[r.label], "biopsy": bool(r.biopsy), "lesion": lesion_index[r.lesion_id], "p": [round(float(v), 4) for v in p]}
            for r, p in zip(test, p_test)
        ],
    }
    (args.out / "index.json").write_text(json.dumps(index, separators=(",", ":")))
    (args.out / "teach.json").write_text(
        json.dumps(
            {
                "attribution": attribution,
                "about": (
                    f"{len(teach)} cases from the HAM10000 internal test split, up to {TEACH_PER_CLASS} lesions per diagnosis (one image each), "
                    "biopsy-proven first; each at the model's input size"
                ),
                "sprite": {"file": "teach.jpg", "side": size, "columns": teach_cols, "bytes": len(teach_jpg)},
                "cases": [int(i) for i in teach],
            },
            indent=1,
        )
    )
    (args.out / "retrieval.json").write_text(json.dumps(retrieval, indent=1))
    say(f"wrote {args.out}")


if __name__ == "__main__":
    main()
