"""Write a trained SkinNet as a tfjs LayersModel (model.json + weight shard) with uint8 / float16 weights."""
from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import numpy as np
import torch

from model import SkinNet

# Depthwise kernels have few weights per tensor and a wide range, so per-tensor uint8 hurts them most; they are
# about 1.5% of the parameters, so keeping them float16 costs ~60 KB.
FLOAT16_KINDS = ("depthwise_kernel",)


def tfjs_arrays(model: SkinNet, proj_w: np.ndarray, proj_b: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """(name, array in tfjs layout) for every weight, in the topology's layer order."""
    out: list[tuple[str, np.ndarray]] = []
    for cls, key, _ in model.backbone.order:
        if cls not in ("Conv2D", "DepthwiseConv2D"):
            continue
        m = model.backbone.mods[key]
        w = m.weight.detach().cpu().numpy()
        if cls == "Conv2D":
            out.append((f"{key}/kernel", w.transpose(2, 3, 1, 0)))
        else:
            out.append((f"{key}/depthwise_kernel", w.transpose(2, 3, 0, 1)))
        out.append((f"{key}/bias", m.bias.detach().cpu().numpy()))
    out.append(("logits/kernel", model.head.weight.detach().cpu().numpy().T))
    out.append(("logits/bias", model.head.bias.detach().cpu().numpy()))
    out.append(("ood_proj/kernel", proj_w.astype(np.float32)))
    out.append(("ood_proj/bias", proj_b.astype(np.float32)))
    return out


def encode(name: str, arr: np.ndarray, quantize: bool) -> tuple[bytes, dict]:
    entry: dict = {"name": name, "shape": list(arr.shape), "dtype": "float32"}
    arr = np.ascontiguousarray(arr, dtype=np.float32)
    if not quantize or name.endswith("/bias"):
        return arr.tobytes(), entry
    if name.endswith(FLOAT16_KINDS):
        entry["quantization"] = {"dtype": "float16"}
        return arr.astype(np.float16).tobytes(), entry
    lo, hi = float(arr.min()), float(arr.max())
    scale = (hi - lo) / 255.0 if hi > lo else 1.0
    q = np.clip(np.round((arr - lo) / scale), 0, 255).astype(np.uint8)
    entry["quantization"] = {"dtype": "uint8", "min": lo, "scale": scale}
    return q.tobytes(), entry


def dequantized(model: SkinNet) -> SkinNet:
    """A copy of the model whose weights went through the same encoding as the quantized export."""
    m = copy.deepcopy(model)
    with torch.no_grad():
        for cls, key, _ in m.backbone.order:
            if cls not in ("Conv2D", "DepthwiseConv2D"):
                continue
            p = m.backbone.mods[key].weight
            kind = "kernel" if cls == "Conv2D" else "depthwise_kernel"
            raw, entry = encode(f"{key}/{kind}", p.numpy(), True)
            q = entry["quantization"]
            if q["dtype"] == "float16":
                v = np.frombuffer(raw, dtype=np.float16).astype(np.float32)
            else:
                v = q["min"] + q["scale"] * np.frombuffer(raw, dtype=np.uint8).astype(np.float32)
            p.copy_(torch.from_numpy(v.reshape(p.shape)))
        for p in (m.head.weight,):
            raw, entry = encode("logits/kernel", p.numpy().T, True)
            q = entry["quantization"]
            v = q["min"] + q["scale"] * np.frombuffer(raw, dtype=np.uint8).astype(np.float32)
            p.copy_(torch.from_numpy(v.reshape(p.shape[1], p.shape[0]).T.copy()))
    return m


def dense_layer(name: str, units: int, inbound: str) -> dict:
    return {
        "name": name,
        "class_name": "Dense",
        "config": {
            "units": units,
            "activation": "linear",
            "use_bias": True,
            "kernel_initializer": {"class_name": "VarianceScaling", "config": {"scale": 1, "mode": "fan_avg", "distribution": "normal", "seed": None}},
            "bias_initializer": {"class_name": "Zeros", "config": {}},
            "kernel_regularizer": None,
            "bias_regularizer": None,
            "activity_regularizer": None,
            "kernel_constraint": None,
            "bias_constraint": None,
            "name": name,
            "trainable": True,
        },
        "inbound_nodes": [[[inbound, 0, 0, {}]]],
    }


def write_tfjs(model: SkinNet, size: int, proj_w: np.ndarray, proj_b: np.ndarray, out_dir: Path, quantize: bool) -> list[dict]:
    """Writes model.json and one weight shard; returns [{file, bytes, sha256}] of the weight files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    spec = json.loads(json.dumps(model.spec))
    cfg = spec["modelTopology"]["config"]
    cfg["name"] = "skinlens_mobilenet_v2"
    cfg["layers"][0]["config"]["batch_input_shape"] = [None, size, size, 3]
    cfg["layers"].append(dense_layer("logits", model.head.out_features, "global_avg_pool"))
    cfg["layers"].append(dense_layer("ood_proj", proj_w.shape[1], "global_avg_pool"))
    cfg["output_layers"] = [["logits", 0, 0], ["global_avg_pool", 0, 0], ["ood_proj", 0, 0]]
    blobs, entries = [], []
    for name, arr in tfjs_arrays(model, proj_w, proj_b):
        raw, entry = encode(name, arr, quantize)
        blobs.append(raw)
        entries.append(entry)
    data = b"".join(blobs)
    shard = "weights.bin"
    (out_dir / shard).write_bytes(data)
    spec["weightsManifest"] = [{"paths": [shard], "weights": entries}]
    spec["generatedBy"] = "skinlens training/export.py"
    spec["convertedBy"] = "training/export.py (PyTorch -> tfjs layers-model, " + ("uint8 affine + float16 depthwise" if quantize else "float32") + ")"
    (out_dir / "model.json").write_text(json.dumps(spec))
    return [{"file": shard, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}]
