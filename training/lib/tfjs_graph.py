"""Run a tfjs LayersModel (the subset MobileNetV2 uses) as a PyTorch module, and write one back.

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


def read_weights(model_dir: Path, manifest: list[dict]) -> dict[str, np.ndarray]:
    """Decode every weight in a tfjs weights manifest into float32 arrays (uint8 affine codes expanded)."""
    out: dict[str, np.ndarray] = {}
    for group in manifest:
        buf = b"".join((model_dir / p).read_bytes() for p in group["paths"])
        off = 0
        for w in group["weights"]:
            n = int(np.prod(w["shape"])) if w["shape"] else 1
            q = w.get("quantization")
            if q:
                dt = {"uint8": np.uint8, "uint16": np.uint16, "float16": np.float16}[q["dtype"]]
                raw = np.frombuffer(buf, dtype=dt, count=n, offset=off)
                off += n * np.dtype(dt).itemsize
                arr = raw.astype(np.float32) if q["dtype"] == "float16" else q["min"] + q["scale"] * raw.astype(np.float32)
            else:
                raw = np.frombuffer(buf, dtype=np.float32, count=n, offset=off)
                off += n * 4
                arr = raw.astype(np.float32)
            out[w["name"]] = arr.reshape(w["shape"]).astype(np.float32)
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
    weights = read_weights(model_dir, spec["weightsManifest"])
    return TfjsGraph(spec["modelTopology"]["config"]["layers"], weights), spec
