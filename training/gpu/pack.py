"""Pack what train.py and soup.py read (train and validation images, the backbone) into a folder laid out like
../shared, small enough to travel to a rented GPU machine (64 MiB with the repo). The internal-test images stay
behind, so nothing run there can touch them.

The 200x150 frames are copied as they are; the sharper 224 crops are re-encoded as WebP (quality --quality;
80 gives about 4 KB each, 38.5 dB PSNR against the original JPEG), the only lossy step. labels.csv keeps every row
(the lesion split is computed over all of them) but only the columns data.read_rows uses. The split computed from
the pack is checked against the one from ../shared.

The images travel as one uncompressed zip (data/ham10000/images.zip): unpack it there first
(`python3 -m zipfile -e .pack/data/ham10000/images.zip .pack/data/ham10000`), as training/gpu/stage10.sh does.

Usage: python3 -m training.gpu.pack --out .pack [--quality 80] [--init CKPT]
Then: SKINLENS_SHARED=.pack python3 -m training.train ...
"""
from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import zipfile
import sys
from pathlib import Path

import torch
from PIL import Image

from training.lib.data import BACKBONE, HAM, ROOT

COLUMNS = ["image_id", "label", "lesion_id", "biopsy_proven", "file", "file_224crop"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--quality", type=int, default=80)
    ap.add_argument("--init", type=Path, help="also store this checkpoint's weights as float16 (init.pt) to continue from")
    args = ap.parse_args()
    from training.lib.data import read_rows, split_by_lesion

    rows = list(csv.DictReader(open(HAM / "labels.csv", newline="")))
    parts = split_by_lesion(read_rows())
    keep = {r.image_id for part in ("train", "val") for r in parts[part]}
    train = {r.image_id for r in parts["train"]}
    ham = args.out / "data" / "ham10000"
    ham.mkdir(parents=True, exist_ok=True)
    with open(ham / "labels.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        for r in rows:
            out = {c: r[c] for c in COLUMNS}
            if r["image_id"] in keep:
                (ham / r["file"]).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(HAM / r["file"], ham / r["file"])
                out["file_224crop"] = ""  # validation and soups use the frames; only training reads crops
                if r["file_224crop"] and r["image_id"] in train:
                    out["file_224crop"] = str(Path(r["file_224crop"]).with_suffix(".webp"))
                    (ham / out["file_224crop"]).parent.mkdir(parents=True, exist_ok=True)
                    with Image.open(HAM / r["file_224crop"]) as im:
                        im.convert("RGB").save(ham / out["file_224crop"], "WEBP", quality=args.quality, method=6)
            w.writerow(out)
    folders = sorted({Path(r["file"]).parts[0] for r in rows} | {Path(r["file_224crop"]).parts[0] for r in rows if r["file_224crop"]})
    # One uncompressed zip (JPEG and WebP do not compress further): the transfer limit counts each small file's
    # blocks, and tar's per-file headers would add about 1.8 KB to each 4 KB image.
    with zipfile.ZipFile(ham / "images.zip", "w", zipfile.ZIP_STORED) as z:
        for d in folders:
            for f in sorted((ham / d).iterdir()):
                z.write(f, f"{d}/{f.name}")
            shutil.rmtree(ham / d)
    shutil.copytree(BACKBONE, args.out / "weights" / BACKBONE.name, dirs_exist_ok=True)
    if args.init:
        state = torch.load(args.init, map_location="cpu", weights_only=False)
        slim = {"model": {k: v.half() for k, v in state["model"].items()}, "epoch": int(state["epoch"]),
                "val_bacc": float(state["val_bacc"]), "size": int(state["size"]), "seed": state.get("seed"),
                "sog_p": float(state.get("sog_p", 0)), "sources": [str(args.init)]}
        torch.save(slim, args.out / "init.pt")
    with zipfile.ZipFile(ham / "images.zip") as z:
        names = set(z.namelist())
    missing = [r["image_id"] for r in rows if r["image_id"] in keep and r["file"] not in names]
    if missing:
        sys.exit(f"{len(missing)} frames missing from the pack")
    check = subprocess.run([sys.executable, "-c", (
        "from training.lib.data import read_rows, split_by_lesion; "
        "p = split_by_lesion(read_rows()); print(' '.join(r.image_id for k in ('train', 'val') for r in p[k]))")],
        capture_output=True, text=True, check=True, env={"SKINLENS_SHARED": str(args.out.resolve()), "PATH": "/usr/bin:/bin"},
        cwd=ROOT)
    ref = " ".join(r.image_id for k in ("train", "val") for r in parts[k])
    if check.stdout.strip() != ref:
        sys.exit("the split computed from the pack differs from the one from ../shared")
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(f"packed {len(keep)} train+val images ({len(parts['test'])} test images left out), {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
