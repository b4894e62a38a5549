"""Write a trained SkinNet as a tfjs LayersModel (model.json + weight shard) with uint8 / float16 weights."""
from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import numpy as np
import torch

from training.lib.model import MID_LAYER, SkinNet
from training.lib.quantize import Grid, channel_grid, to_codes
from training.lib.tfjs_graph import PER_CHANNEL, decode

# Kernels are uint8 per output channel (docs/model-contract.md "Weight encoding"): tfjs decodes per-tensor uint8 only,
# and per-tensor uint8 on the fine-tuned kernels moved 11% of top-1 decisions in a trial, because one scale must span
# every channel's range. One min and scale per output channel (the kernel's last axis) keep each channel's own range;
# the loaders (src/model/weights.ts, lib/tfjs_graph.py) expand them before tfjs sees the weights. Depthwise kernels
# (9 values per channel, so a per-channel min and scale would cost more than float16), the logits and the small
# ood_mid whitening stay float16; biases float32. The choice was measured against the float weights on validation:
# docs/results/weight-encoding-rule.md.
SHARD = "weights.bin"
# Kernels besides the depthwise ones that stay float16: the 3x3 stem (864 values), the logits and ood_mid.
FLOAT16_KERNELS = ("MobilenetV2_Conv/kernel", "logits/kernel", "ood_mid/kernel")


def quant_plan(arrays: list[tuple[str, np.ndarray]], float16: tuple[str, ...] = FLOAT16_KERNELS) -> dict[str, str]:
    """name -> 'float32' | 'float16' | 'uint8-per-channel' for every weight; `float16`: the kernels besides the
    depthwise ones kept float16."""
    plan = {}
    for n, _ in arrays:
        if n.endswith("/bias"):
            plan[n] = "float32"
        elif n.endswith("/depthwise_kernel") or n in float16:
            plan[n] = "float16"
        else:
            plan[n] = PER_CHANNEL
    return plan


def tfjs_arrays(model: SkinNet, proj_w: np.ndarray, proj_b: np.ndarray, mid: tuple[np.ndarray, np.ndarray] | None = None) -> list[tuple[str, np.ndarray]]:
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
    if mid is not None:
        out.append(("ood_mid/kernel", mid[0].astype(np.float32)))
        out.append(("ood_mid/bias", mid[1].astype(np.float32)))
    return out


def encode(name: str, arr: np.ndarray, kind: str, grid: Grid | None = None) -> tuple[bytes, dict]:
    """One weight's bytes and manifest entry. 'uint8-per-channel' stores, for C = the last axis's length, C float32
    minima, then C float32 scales, then the uint8 codes in tfjs order; value = code * scale[c] + min[c]. The grid is
    each channel's min..max unless `grid` gives it (lib/quantize.py: GPTQ's codes lie on the float kernel's grid)."""
    entry: dict = {"name": name, "shape": list(arr.shape), "dtype": "float32"}
    arr = np.ascontiguousarray(arr, dtype=np.float32)
    if kind == "float32":
        return arr.tobytes(), entry
    if kind == "float16":
        entry["quantization"] = {"dtype": "float16"}
        return arr.astype(np.float16).tobytes(), entry
    if kind != PER_CHANNEL:
        raise ValueError(f"{name}: unknown encoding {kind}")
    if arr.ndim < 2 or arr.shape[-1] < 2:
        raise ValueError(f"{name}: per-channel encoding needs channels on the last axis, shape {arr.shape}")
    flat = arr.reshape(-1, arr.shape[-1])
    lo, scale = grid if grid is not None else channel_grid(flat)
    entry["quantization"] = {"dtype": PER_CHANNEL}
    return lo.tobytes() + scale.tobytes() + to_codes(flat, (lo, scale)).tobytes(), entry


def dequantized(
    model: SkinNet,
    proj_w: np.ndarray,
    proj_b: np.ndarray,
    mid: tuple[np.ndarray, np.ndarray] | None = None,
    grids: dict[str, Grid] | None = None,
    float16: tuple[str, ...] = FLOAT16_KERNELS,
) -> SkinNet:
    """A copy of the model whose weights went through the same encoding as write_tfjs(..., quantize=True)."""
    m = copy.deepcopy(model)
    arrays = tfjs_arrays(m, proj_w, proj_b, mid)
    plan = quant_plan(arrays, float16)
    grids = grids or {}
    with torch.no_grad():
        for cls, key, _ in m.backbone.order:
            if cls not in ("Conv2D", "DepthwiseConv2D"):
                continue
            mod = m.backbone.mods[key]
            name = f"{key}/kernel" if cls == "Conv2D" else f"{key}/depthwise_kernel"
            w = dict(arrays)[name]
            v = decode(*encode(name, w, plan[name], grids.get(name)))
            back = v.transpose(3, 2, 0, 1) if cls == "Conv2D" else v.transpose(2, 3, 0, 1)
            mod.weight.copy_(torch.from_numpy(np.ascontiguousarray(back)))
        w = dict(arrays)["logits/kernel"]
        v = decode(*encode("logits/kernel", w, plan["logits/kernel"]))
        m.head.weight.copy_(torch.from_numpy(np.ascontiguousarray(v.T)))
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


def pool_layer(name: str, inbound: str) -> dict:
    return {
        "name": name,
        "class_name": "GlobalAveragePooling2D",
        "config": {"name": name, "trainable": True, "data_format": "channels_last"},
        "inbound_nodes": [[[inbound, 0, 0, {}]]],
    }


def concat_layer(name: str, inbound: list[str]) -> dict:
    return {
        "name": name,
        "class_name": "Concatenate",
        "config": {"name": name, "trainable": True, "axis": -1},
        "inbound_nodes": [[[i, 0, 0, {}] for i in inbound]],
    }


def tfjs_model(
    model: SkinNet,
    size: int,
    proj_w: np.ndarray,
    proj_b: np.ndarray,
    quantize: bool,
    mid: tuple[np.ndarray, np.ndarray] | None = None,
    grids: dict[str, Grid] | None = None,
    float16: tuple[str, ...] = FLOAT16_KERNELS,
) -> tuple[dict, bytes]:
    """model.json's content and its one weight shard (weights.bin). The third output is ood_proj (whitened PCA of the
    pooled features); with `mid` (kernel, bias of a whitening of the pooled MID_LAYER output) it is the concatenation
    [ood_proj | ood_mid] instead. `grids`: per-channel grids of kernels whose values already lie on them
    (lib/quantize.py calibrated)."""
    spec = json.loads(json.dumps(model.spec))
    cfg = spec["modelTopology"]["config"]
    cfg["name"] = "skinlens_mobilenet_v2"
    cfg["layers"][0]["config"]["batch_input_shape"] = [None, size, size, 3]
    cfg["layers"].append(dense_layer("logits", model.head.out_features, "global_avg_pool"))
    cfg["layers"].append(dense_layer("ood_proj", proj_w.shape[1], "global_avg_pool"))
    third = "ood_proj"
    if mid is not None:
        cfg["layers"].append(pool_layer("ood_mid_pool", MID_LAYER))
        cfg["layers"].append(dense_layer("ood_mid", mid[0].shape[1], "ood_mid_pool"))
        cfg["layers"].append(concat_layer("ood_concat", ["ood_proj", "ood_mid"]))
        third = "ood_concat"
    cfg["output_layers"] = [["logits", 0, 0], ["global_avg_pool", 0, 0], [third, 0, 0]]
    blobs, entries = [], []
    arrays = tfjs_arrays(model, proj_w, proj_b, mid)
    plan = quant_plan(arrays, float16) if quantize else {n: "float32" for n, _ in arrays}
    for name, arr in arrays:
        raw, entry = encode(name, arr, plan[name], (grids or {}).get(name))
        blobs.append(raw)
        entries.append(entry)
    spec["weightsManifest"] = [{"paths": [SHARD], "weights": entries}]
    # The writer's name when the shipped model was exported, kept so that an export reproduces model.json byte for byte.
    spec["generatedBy"] = "skinlens training/export.py"
    encoding = "1x1 kernels uint8 per output channel, other kernels float16" if quantize else "float32"
    spec["convertedBy"] = f"training/export.py (PyTorch -> tfjs layers-model, {encoding})"
    return spec, b"".join(blobs)


def weight_files(data: bytes) -> list[dict]:
    """metadata.json "weights": [{file, bytes, sha256}] of the one shard."""
    return [{"file": SHARD, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}]


def write_tfjs(
    model: SkinNet,
    size: int,
    proj_w: np.ndarray,
    proj_b: np.ndarray,
    out_dir: Path,
    quantize: bool,
    mid: tuple[np.ndarray, np.ndarray] | None = None,
    grids: dict[str, Grid] | None = None,
) -> list[dict]:
    """Writes model.json and weights.bin (tfjs_model) into out_dir; returns their weight_files record."""
    spec, data = tfjs_model(model, size, proj_w, proj_b, quantize, mid, grids)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / SHARD).write_bytes(data)
    (out_dir / "model.json").write_text(json.dumps(spec))
    return weight_files(data)
