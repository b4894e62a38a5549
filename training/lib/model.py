"""The classifier: the shared MobileNetV2 backbone (as a torch graph) plus a linear head over the taxonomy's labels."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

from training.lib.paths import BACKBONE
from training.lib.taxonomy import LABELS
from training.lib.tfjs_graph import load_backbone, read_weights

# Stem and the first three inverted-residual blocks stay at their ImageNet weights: they are generic edge and
# colour detectors, they run at the highest resolution (most of the backward cost), and freezing them more
# than doubled training speed on 2 CPU cores (110 vs 49 images/s at 160 px, batch 32, `python3 -m training.analyses.speed` on an idle machine).
FROZEN_LAYERS = 9
# 64-channel block output (stride 16) whose pooled mean feeds the second out-of-scope distance (lib/fit.py MidFit):
# mid-level texture and colour statistics, where photos of animals, food or rooms differ from dermoscopy more
# clearly than in the last layer, which fine-tuning made lesion-specific.
MID_LAYER = "MobilenetV2_expanded_conv_9_add"


class SkinNet(nn.Module):
    def __init__(self, backbone_dir: Path, n_classes: int = len(LABELS), dropout: float = 0.2, frozen: int = FROZEN_LAYERS):
        super().__init__()
        self.backbone, self.spec = load_backbone(backbone_dir)
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(1280, n_classes)
        nn.init.normal_(self.head.weight, std=0.01)
        nn.init.zeros_(self.head.bias)
        for i, m in enumerate(self.backbone.mods.values()):
            for p in m.parameters():
                p.requires_grad = i >= frozen

    def forward(self, x: torch.Tensor, with_features: bool = False):
        out = self.backbone(x, keep=(MID_LAYER,) if with_features else ())
        feats = out["output"]
        logits = self.head(self.drop(feats))
        if with_features:
            return logits, feats, out[MID_LAYER].mean(dim=(2, 3))
        return logits


def load_checkpoint(path: Path) -> tuple[SkinNet, dict]:
    """A checkpoint written by train.py or soup.py as an eval-mode SkinNet, and its state dict (epoch, size, ...)."""
    state = torch.load(path, map_location="cpu", weights_only=False)
    model = SkinNet(BACKBONE)
    model.load_state_dict(state["model"])
    return model.eval(), state


def run(model: SkinNet, x: torch.Tensor, batch: int = 128) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Logits, pooled final features and pooled MID_LAYER output of every image."""
    logits, feats, mids = [], [], []
    with torch.no_grad():
        for i in range(0, len(x), batch):
            lg, f, m = model(x[i : i + batch], with_features=True)
            logits.append(lg)
            feats.append(f)
            mids.append(m)
    return tuple(torch.cat(v).numpy().astype(np.float64) for v in (logits, feats, mids))  # type: ignore[return-value]


def from_export(model_dir: Path) -> tuple[SkinNet, dict[str, np.ndarray]]:
    """The SkinNet of an exported model folder, eval mode, with its weights decoded as the app decodes them (the
    float16 and uint8 kernels expanded; the head's bias holds the prior correction the export folded in), and every
    exported weight by name in tfjs layout (ood_proj and ood_mid included)."""
    w = read_weights(model_dir)
    model = SkinNet(BACKBONE).eval()
    with torch.no_grad():
        for cls, key, _ in model.backbone.order:
            if cls not in ("Conv2D", "DepthwiseConv2D"):
                continue
            mod = model.backbone.mods[key]
            if cls == "Conv2D":
                mod.weight.copy_(torch.from_numpy(np.ascontiguousarray(w[f"{key}/kernel"].transpose(3, 2, 0, 1))))
            else:
                mod.weight.copy_(torch.from_numpy(np.ascontiguousarray(w[f"{key}/depthwise_kernel"].transpose(2, 3, 0, 1))))
            mod.bias.copy_(torch.from_numpy(w[f"{key}/bias"]))
        model.head.weight.copy_(torch.from_numpy(np.ascontiguousarray(w["logits/kernel"].T)))
        model.head.bias.copy_(torch.from_numpy(w["logits/bias"]))
    return model, w
