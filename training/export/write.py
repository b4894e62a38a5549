"""The content of the files the export writes into public/model/ (docs/model-contract.md) beside the tfjs model
(model.json, weights.bin: lib/tfjs_export.py): metadata.json (what the app needs to run it) and embedding.json (the
t-SNE map of the internal test features); and the folder written, each file once."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from training.lib.fit import Gate
from training.lib.model import MID_LAYER
from training.lib.provenance import DATA, ISIC_LICENCE
from training.lib.taxonomy import LABELS, TAXONOMY


def metadata(
    gate: Gate,
    weights: list[dict],
    *,
    version: str,
    created: str,
    size: int,
    fraction: float,
    sog: float,
    temperature: float,
    quantization: str,
    trained_on: list[str],
) -> dict:
    """metadata.json without its photoKind block. `weights`: tfjs_export.weight_files; `trained_on`: the collections
    the weights learned from (data.trained_on)."""
    ood, mid = gate.ood, gate.mid
    return {
        "name": "skinlens-mobilenetv2-ham10000",
        "version": version,
        "created": created,
        "labels": LABELS,
        "input": {
            "size": size,
            "mean": 128,
            "scale": 128,
            "layout": "NHWC",
            "colour": "RGB",
            "cropFraction": fraction,
            "crop": (
                f"a square around the lesion (default: the centred square of {fraction:.0%} of the short side, chosen on validation), antialiased "
                "triangle-filter resize"
            ),
        }
        | ({"colourConstancy": {"method": "shades-of-grey", "p": sog}} if sog else {}),
        "outputs": ["logits", "features", "ood_proj"],
        "temperature": temperature,
        "weights": weights,
        "quantization": quantization,
        "ood": {
            "mean": [round(float(v), 6) for v in ood.mean],
            "eigenvalues": [float(v) for v in ood.evals],
            "classMeans": [[round(float(v), 6) for v in row] for row in ood.class_means],
            "mahalanobisThreshold": gate.t_maha,
            "residualThreshold": gate.t_res,
            "borderlineFraction": 0.8,
            "mid": {"layer": MID_LAYER, "dims": int(mid.w.shape[1]), "threshold": gate.t_mid},
            "photo": gate.ranges,
        },
        "provenance": {
            "data": "; ".join(DATA[d] for d in trained_on),
            "backbone": "MobileNetV2 1.0/224 ImageNet, quantization-aware trained TFLite model from google-coral/test_data (TensorFlow Lite hosted models)",
            "training": (
                "training/train.py: fine-tuned all but the stem and first three blocks, rotation/flip/crop/colour/blur/sharpen augmentation, "
                "class-balanced objective; see training/README.md"
            ),
        },
        "license": {
            "data": "CC BY-NC 4.0 (HAM10000): non-commercial use, attribution required" + (f"; {ISIC_LICENCE}" if len(trained_on) > 1 else ""),
            "backbone": "Apache-2.0",
            "code": "Apache-2.0",
        },
        "intendedUse": "Screening and teaching aid for dermoscopic photos of single skin lesions. Not a diagnosis.",
    }


def embedding(feats: np.ndarray, y: np.ndarray, gate: Gate) -> dict:
    """embedding.json: a t-SNE map of the internal test features, each point with its out-of-scope projection, so
    the app can place a new photo among its nearest neighbours."""
    from sklearn.manifold import TSNE

    xy = TSNE(n_components=2, init="pca", random_state=0, perplexity=30).fit_transform(feats / np.linalg.norm(feats, axis=1, keepdims=True))
    xy = (xy - xy.min(0)) / (xy.max(0) - xy.min(0))
    z = gate.ood.project(feats)
    emb = {
        "method": "t-SNE (perplexity 30) of L2-normalised 1280-d features of the internal test images",
        "pointFeatures": "ood_proj",
        "points": [
            {"x": round(float(a), 4), "y": round(float(b), 4), "label": LABELS[c], "z": [round(float(v), 3) for v in zz]} for (a, b), c, zz in zip(xy, y, z)
        ],
    }
    return emb


def write_folder(out: Path, spec: dict, weights: bytes, meta: dict, metrics: dict, emb: dict) -> None:
    """Every file of the model folder, each written once; taxonomy.json is copied from public/model (its one source)
    where the folder is another, so that the folder is whole for the app and the CLI."""
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "model.json": json.dumps(spec).encode(),
        "weights.bin": weights,
        "metadata.json": json.dumps(meta, indent=1).encode(),
        "metrics.json": json.dumps(metrics, indent=1).encode(),
        "embedding.json": json.dumps(emb, separators=(",", ":")).encode(),
    }
    if (out / TAXONOMY.name).resolve() != TAXONOMY.resolve():
        files[TAXONOMY.name] = TAXONOMY.read_bytes()
    for name, data in files.items():
        (out / name).write_bytes(data)
