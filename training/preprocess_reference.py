"""Writes test/fixtures/preprocess-reference.json: the model input that data.py builds (centre square, antialiased
resize, shades of grey, normalisation) for formula-defined images, for the TS parity test of core/preprocess."""
import json
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).parent))
from data import centre_square, to_input  # noqa: E402

W, H, SIZE, FRACTION = 61, 45, 16, 0.7
y, x = np.meshgrid(np.arange(H), np.arange(W), indexing="ij")
FORMULAS = {
    "ramp": [(y * 31 + x * 17 + c * 7) % 256 for c in range(3)],
    # A dark blob on skin under a blue cast: what shades of grey is for.
    "blue-cast-lesion": [np.where((x - 30) ** 2 + (y - 22) ** 2 < 100, 60, 150 + (x * y) % 20) * k for k in (0.7, 0.9, 1.3)],
}
out = {}
for name, chans in FORMULAS.items():
    img = np.clip(np.stack([np.asarray(c, dtype=np.float64) for c in chans], 2), 0, 255).astype(np.uint8)
    sq = torch.from_numpy(np.ascontiguousarray(centre_square(img, FRACTION))).unsqueeze(0)
    out[name] = {str(p): [round(float(v), 6) for v in to_input(sq, SIZE, p)[0].permute(1, 2, 0).flatten()] for p in (0, 6)}
Path(__file__).resolve().parents[1].joinpath("test/fixtures/preprocess-reference.json").write_text(
    json.dumps({"width": W, "height": H, "size": SIZE, "cropFraction": FRACTION, "inputs": out}))
