"""Writes test/fixtures/preprocess-reference.json: the model input that data.py builds (centre square, antialiased
resize, shades of grey, normalisation) for formula-defined images, and data.field_square's crop for formula photos
with and without a round field of view, for the TS parity tests of core/preprocess."""
import json
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).parent))
from data import centre_square, field_square, to_input  # noqa: E402

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

# Round fields of view on a 200x150 skin-like photo: (centre offset x, y, diameter as a fraction of the short side).
# The last three must leave the plain square: no field, a field too small to fit the minimum side, one dark corner.
FW, FH, FIELD_FRACTION = 200, 150, 0.8
fy, fx = np.meshgrid(np.arange(FH), np.arange(FW), indexing="ij")
skin = np.stack([170 + (fx * 7 + fy * 13) % 23, 130 + (fx * 3 + fy * 5) % 17, 110 + (fx + fy) % 11], 2)
FIELDS = {"centred 1.0": (0, 0, 1.0), "centred 0.9": (0, 0, 0.9), "off-centre 0.8": (9, -6, 0.8), "wide 1.2": (0, 0, 1.2),
          "none": (0, 0, 9.0), "tiny 0.4": (0, 0, 0.4), "one dark corner": None}
fields = {}
for name, spec in FIELDS.items():
    if spec is None:
        inside = (fx - 0) ** 2 + (fy - 0) ** 2 > 40**2
    else:
        dx, dy, d = spec
        inside = (fx - (FW - 1) / 2 - dx) ** 2 + (fy - (FH - 1) / 2 - dy) ** 2 <= (d * FH / 2) ** 2
    img = np.where(inside[..., None], skin, (fx + fy)[..., None] % 9).astype(np.uint8)
    fields[name] = list(field_square(img, FIELD_FRACTION))  # [y, x, side]
Path(__file__).resolve().parents[1].joinpath("test/fixtures/preprocess-reference.json").write_text(
    json.dumps({"width": W, "height": H, "size": SIZE, "cropFraction": FRACTION, "inputs": out,
                "field": {"width": FW, "height": FH, "cropFraction": FIELD_FRACTION, "crops": fields}}))
