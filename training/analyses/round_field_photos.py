"""Writes validation photos as they are and as seen through a dermatoscope's round field of view (black outside a
centred circle; shifts.round_field), as PNG files for checking the CLI or the page by hand:

  python3 -m training.analyses.round_field_photos --out /tmp/round-field [--every 30] [--limit 50] [--diameters 1.0,0.9]
  for d in /tmp/round-field/*; do npm run --silent predict -- "$d" | tail -n +2 | awk -F, -v d="$d" '{s += $9} END {print d, "in scope", s "/" NR}'; done
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from PIL import Image

from training.lib.data import load_rgb, read_rows, split_by_lesion
from training.lib.paths import HAM
from training.lib.shifts import round_field


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--every", type=int, default=30, help="every n-th validation photo")
    ap.add_argument("--limit", type=int, default=50)
    ap.add_argument("--diameters", type=lambda v: [float(x) for x in v.split(",")], default=[1.0, 0.9], help="circle diameters as fractions of the short side")
    args = ap.parse_args()
    rows = split_by_lesion(read_rows())["val"][:: args.every][: args.limit]
    dirs = {"clean": None} | {f"field{int(round(d * 100)):03d}": d for d in args.diameters}
    for name in dirs:
        (args.out / name).mkdir(parents=True, exist_ok=True)
    for r in rows:
        img = load_rgb(HAM / r.file).astype(np.float32)
        stem = Path(r.file).stem
        for name, d in dirs.items():
            out = img if d is None else round_field(img, d)
            Image.fromarray(out.astype(np.uint8)).save(args.out / name / f"{stem}.png")
    print(f"{len(rows)} validation photos x {len(dirs)} versions -> {args.out}")


if __name__ == "__main__":
    main()
