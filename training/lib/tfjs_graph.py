"""Read a tfjs LayersModel (the subset MobileNetV2 uses): its weights, decoded as tfjs decodes them, and its graph as a
PyTorch module (lib/tfjs_export.py writes one back).

Why: the backbone in ../shared is stored only in tfjs format, and the app ships tfjs. Reading and writing
that format directly keeps one graph description (model.json) for training, export and the browser.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


PER_CHANNEL = "uint8-per-channel"
WIDTH_DTYPE = {"float32": np.float32, "float16": np.float16, "uint16": np.uint16, "uint8": np.uint8, PER_CHANNEL: np.uint8}


def entry_bytes(entry: dict) -> int:
    """How many bytes of the shard one manifest entry takes (a per-channel entry: its minima, scales and codes)."""
    q = entry.get("quantization")
    dtype = q["dtype"] if q else "float32"
    n = int(np.prod(entry["shape"]))
    return n + 8 * int(entry["shape"][-1]) if dtype == PER_CHANNEL else np.dtype(WIDTH_DTYPE[dtype]).itemsize * n


def from_codes(codes: np.ndarray, lo: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """uint8 codes [n, C] on per-channel grids (min, scale per column) -> float32, computed as the app computes it:
    code * scale + min in double precision, then rounded to float32."""
    return (codes.astype(np.float64) * scale.astype(np.float64) + lo.astype(np.float64)).astype(np.float32)


def decode(raw: bytes, entry: dict) -> np.ndarray:
    """One weight of a tfjs manifest as float32 in tfjs layout, decoded as the app decodes it: tfjs's own encodings
    (uint8 / uint16 affine codes expanded as min + scale * code, float16) and uint8 per output channel
    (lib/tfjs_export.py encode; src/model/weights.ts), code * scale[c] + min[c] in double precision as JavaScript does."""
    q = entry.get("quantization")
    if not q:
        v = np.frombuffer(raw, dtype=np.float32)
    elif q["dtype"] == "float16":
        v = np.frombuffer(raw, dtype=np.float16).astype(np.float32)
    elif q["dtype"] == PER_CHANNEL:
        c = int(entry["shape"][-1])
        lo, scale = np.frombuffer(raw[: 4 * c], dtype="<f4"), np.frombuffer(raw[4 * c : 8 * c], dtype="<f4")
        v = from_codes(np.frombuffer(raw[8 * c :], dtype=np.uint8).reshape(-1, c), lo, scale)
    else:
        v = q["min"] + q["scale"] * np.frombuffer(raw, dtype=WIDTH_DTYPE[q["dtype"]]).astype(np.float32)
    return v.reshape(entry["shape"]).astype(np.float32)


def decode_group(raw: bytes, entries: list[dict]) -> dict[str, np.ndarray]:
    """name -> array of one manifest group's weights, stored one after another in `raw`."""
    out: dict[str, np.ndarray] = {}
    at = 0
    for entry in entries:
        n = entry_bytes(entry)
        out[entry["name"]] = decode(raw[at : at + n], entry)
        at += n
    if at != len(raw):
        raise ValueError(f"the manifest covers {at} of {len(raw)} weight bytes")
    return out


def read_weights(model_dir: Path) -> dict[str, np.ndarray]:
    """name -> array in tfjs layout of every weight of the tfjs model in `model_dir` (model.json and its shards)."""
    spec = json.loads((model_dir / "model.json").read_text())
    out: dict[str, np.ndarray] = {}
    for group in spec["weightsManifest"]:
        out |= decode_group(b"".join((model_dir / p).read_bytes() for p in group["paths"]), group["weights"])
    return out


def same_pad(size: int, k: int, s: int) -> tuple[int, int]:
    """TensorFlow 'same' padding (before, after) for one spatial dimension."""
    out = math.ceil(size / s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


class TfjsConv(nn.Module):
    """Conv2D or DepthwiseConv2D with TF 'same' padding, bias and an optional relu6."""

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor, stride: int, groups: int, act: str):
        super().__init__()
        self.weight = nn.Parameter(weight)
        self.bias = nn.Parameter(bias)
        self.stride, self.groups, self.act = stride, groups, act
        self.k = weight.shape[-1]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.k > 1:
            if self.stride == 1:
                p = (self.k - 1) // 2
                x = F.pad(x, (p, p, p, p))
            else:
                ph = same_pad(x.shape[2], self.k, self.stride)
                pw = same_pad(x.shape[3], self.k, self.stride)
                x = F.pad(x, (pw[0], pw[1], ph[0], ph[1]))
        y = F.conv2d(x, self.weight, self.bias, self.stride, 0, 1, self.groups)
        if self.act == "relu6":
            y = F.relu6(y)
        elif self.act != "linear":
            raise ValueError(f"unsupported activation {self.act}")
        return y


class TfjsGraph(nn.Module):
    """Executes the layer list of a tfjs functional model. Input NCHW float, returns named outputs."""

    def __init__(self, layers: list[dict], weights: dict[str, np.ndarray]):
        super().__init__()
        self.order: list[tuple[str, str, list[str]]] = []
        self.mods = nn.ModuleDict()
        for layer in layers:
            cls, name, cfg = layer["class_name"], layer["name"], layer["config"]
            inbound = [n[0] for n in layer["inbound_nodes"][0]] if layer["inbound_nodes"] else []
            key = name.replace("/", "_")
            if cls == "Conv2D":
                w = torch.from_numpy(weights[f"{name}/kernel"]).permute(3, 2, 0, 1).contiguous()
                b = torch.from_numpy(weights[f"{name}/bias"])
                self.mods[key] = TfjsConv(w, b, cfg["strides"][0], 1, cfg["activation"])
            elif cls == "DepthwiseConv2D":
                dw = weights[f"{name}/depthwise_kernel"]  # [H, W, C, 1]
                w = torch.from_numpy(dw).permute(2, 3, 0, 1).contiguous()
                b = torch.from_numpy(weights[f"{name}/bias"])
                self.mods[key] = TfjsConv(w, b, cfg["strides"][0], w.shape[0], cfg["activation"])
            elif cls not in ("InputLayer", "Add", "GlobalAveragePooling2D"):
                raise ValueError(f"unsupported layer {cls} ({name})")
            self.order.append((cls, key, [i.replace("/", "_") for i in inbound]))

    def forward(self, x: torch.Tensor, keep: tuple[str, ...] = ()) -> dict[str, torch.Tensor]:
        vals: dict[str, torch.Tensor] = {}
        last = ""
        for cls, key, inb in self.order:
            if cls == "InputLayer":
                vals[key] = x
            elif cls == "Add":
                vals[key] = vals[inb[0]] + vals[inb[1]]
            elif cls == "GlobalAveragePooling2D":
                vals[key] = vals[inb[0]].mean(dim=(2, 3))
            else:
                vals[key] = self.mods[key](vals[inb[0]])
            last = key
        out = {"output": vals[last]}
        for k in keep:
            out[k] = vals[k]
        return out


def load_backbone(model_dir: Path) -> tuple[TfjsGraph, dict]:
    """Load the shared tfjs backbone as a trainable torch graph; returns the graph and the parsed model.json."""
    spec = json.loads((model_dir / "model.json").read_text())
    weights = read_weights(model_dir)
    return TfjsGraph(spec["modelTopology"]["config"]["layers"], weights), spec
