"""Pack what train.py, soup.py and select.py read (train and validation images, the backbone) into a folder laid
out like ../shared, small enough to travel to a rented GPU machine (64 MiB with the repo). The internal-test
images, isic2017's test split and PH2 stay behind, so nothing run there can touch them.

HAM10000: the validation frames (200x150) are copied as they are; the training frames and the sharper 224 crops are
re-encoded as WebP (quality --quality; 80 gives about 4 KB a crop, 38.5 dB PSNR against the original JPEG), the
only lossy step. labels.csv keeps every row (the lesion split is computed over all of them) but only the columns
data.read_rows uses. The split computed from the pack is checked against the one from ../shared.

With --sources isic2017,isic_archive_extra (train.py's multi-source option): isic2017's train split re-encoded the
same way and its val split (selection) copied as is, with labels.csv cut to those two splits; isic_archive_extra
copied whole. Each folder's PROVENANCE.md travels with it.

The images travel as one uncompressed zip per collection (data/<name>/images.zip): unpack them there first, as
training/gpu/run.sh does (`python3 -m zipfile -e .pack/data/ham10000/images.zip .pack/data/ham10000`).

Usage: python3 -m training.gpu.pack --out .pack [--quality 80] [--init CKPT] [--sources isic2017,isic_archive_extra]
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

from training.lib.data import OTHER_SIDE, trained_on
from training.lib.paths import BACKBONE, HAM, ROOT, SOURCES

COLUMNS = ["image_id", "label", "lesion_id", "biopsy_proven", "file", "file_224crop"]


def webp(src: Path, dst: Path, rel: str, quality: int, side: int = 0) -> str:
    """Re-encode collection `src`'s image `rel` as WebP under `dst` (squared to side x side first where it is larger,
    as train.training_frame squares it); returns the new path relative to `dst`."""
    out = Path(rel).with_suffix(".webp")
    (dst / out).parent.mkdir(parents=True, exist_ok=True)
    with Image.open(src / rel) as im:
        im = im.convert("RGB")
        if side and max(im.size) > side:
            im = im.resize((side, side), Image.BICUBIC)
        im.save(dst / out, "WEBP", quality=quality, method=6)
    return str(out)


def copy(src: Path, dst: Path, rel: str) -> str:
    """Copy collection `src`'s image `rel` as it is to the same place under `dst`; returns `rel`."""
    (dst / rel).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src / rel, dst / rel)
    return rel


def read_back(pack: Path, rows: str) -> str:
    """The image ids of the Python expression `rows` (a list of data.Row), as training.lib.data reads them from the
    pack, in a fresh interpreter with SKINLENS_SHARED pointing at it."""
    code = f"from training.lib.data import *; print(' '.join(r.image_id for r in {rows}))"
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"SKINLENS_SHARED": str(pack.resolve()), "PATH": "/usr/bin:/bin"},
    ).stdout.strip()


def zip_images(folder: Path) -> None:
    """Every image folder under `folder` into one uncompressed images.zip (JPEG and WebP do not compress further):
    the transfer limit counts each small file's blocks, and tar's per-file headers would add about 1.8 KB to each
    4 KB image."""
    dirs = sorted(d for d in folder.iterdir() if d.is_dir())
    with zipfile.ZipFile(folder / "images.zip", "w", zipfile.ZIP_STORED) as z:
        for d in dirs:
            for f in sorted(d.iterdir()):
                z.write(f, f"{d.name}/{f.name}")
            shutil.rmtree(d)


def pack_source(source: str, dst: Path, quality: int) -> None:
    """Another collection's training images (WebP; larger ones squared to data.OTHER_SIDE) and its selection
    images (the val split, as is; none for isic2024_tiles, whose val split is measured), with labels.csv cut to them."""
    src = SOURCES[source]
    dst.mkdir(parents=True, exist_ok=True)
    splits = ("train",) if source == "isic2024_tiles" else ("train", "val")
    with open(src / "labels.csv", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, [r for r in reader if r.get("split", "train") in splits]
    with open(dst / "labels.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        for r in rows:
            w.writerow(r | {"file": (webp(src, dst, r["file"], quality, OTHER_SIDE) if r.get("split", "train") == "train" else copy(src, dst, r["file"]))})
    shutil.copyfile(src / "PROVENANCE.md", dst / "PROVENANCE.md")
    zip_images(dst)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--quality", type=int, default=80)
    ap.add_argument("--init", type=Path, help="also store this checkpoint's weights as float16 (init.pt) to continue from")
    ap.add_argument(
        "--sources", default="", help="also pack these collections' training and selection images (isic2017, isic_archive_extra, pad_ufes20, isic2024_tiles)"
    )
    args = ap.parse_args()
    from training.lib.data import read_rows, split_by_lesion

    rows = list(csv.DictReader(open(HAM / "labels.csv", newline="")))
    parts = split_by_lesion(read_rows())
    keep = {r.image_id for part in ("train", "val") for r in parts[part]}
    train = {r.image_id for r in parts["train"]}
    ham = args.out / "data" / "ham10000"
    ham.mkdir(parents=True, exist_ok=True)
    packed = {}  # image_id -> its frame's path in the pack
    with open(ham / "labels.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        for r in rows:
            out = {c: r[c] for c in COLUMNS}
            if r["image_id"] in keep:
                out["file"] = webp(HAM, ham, r["file"], args.quality) if r["image_id"] in train else copy(HAM, ham, r["file"])
                out["file_224crop"] = ""  # validation and soups use the frames; only training reads crops
                if r["file_224crop"] and r["image_id"] in train:
                    out["file_224crop"] = webp(HAM, ham, r["file_224crop"], args.quality)
            w.writerow(out)
            packed[r["image_id"]] = out["file"]
    shutil.copyfile(HAM / "PROVENANCE.md", ham / "PROVENANCE.md")
    zip_images(ham)
    extra = [s for s in args.sources.split(",") if s]
    for source in extra:
        pack_source(source, args.out / "data" / source, args.quality)
    shutil.copytree(BACKBONE, args.out / "weights" / BACKBONE.name, dirs_exist_ok=True)
    if args.init:
        state = torch.load(args.init, map_location="cpu", weights_only=False)
        slim = {
            "model": {k: v.half() for k, v in state["model"].items()},
            "epoch": int(state["epoch"]),
            "val_bacc": float(state["val_bacc"]),
            "size": int(state["size"]),
            "seed": state.get("seed"),
            "sog_p": float(state.get("sog_p", 0)),
            "sources": [str(args.init)],
            "trained_on": trained_on(state),
        }
        torch.save(slim, args.out / "init.pt")
    with zipfile.ZipFile(ham / "images.zip") as z:
        names = set(z.namelist())
    missing = [i for i, f in packed.items() if i in keep and f not in names]
    if missing:
        sys.exit(f"{len(missing)} frames missing from the pack")
    # The same rows, read from the pack and from ../shared: the HAM10000 split, and each extra collection's
    # training rows plus isic2017's selection rows.
    from training.lib import data

    checks = {"the split computed from the pack": "[r for p in [split_by_lesion(read_rows())] for k in ('train', 'val') for r in p[k]]"}
    if extra:
        checks["the training and selection rows"] = f"training_rows({tuple(extra)!r}) + read_external('isic2017', ('val',))" + (
            " + read_external('pad_ufes20', ('val',))" if "pad_ufes20" in extra else ""
        )
    for what, rows_expr in checks.items():
        here = " ".join(r.image_id for r in eval(rows_expr, dict(vars(data))))
        if read_back(args.out, rows_expr) != here:
            sys.exit(f"{what} differs from the one from ../shared")
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(
        f"packed {len(keep)} HAM10000 train+val images ({len(parts['test'])} test images left out)"
        + "".join(f", {source}" for source in extra)
        + f": {size / 1e6:.1f} MB in {args.out}"
    )


if __name__ == "__main__":
    main()
