"""The data readers and the split: HAM10000's and the other collections' rows (labelled with the taxonomy's codes),
the lesion-grouped split, and images as arrays. No torch here."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from training.lib.paths import HAM, SOURCES
from training.lib.taxonomy import LABELS, MALIGNANT, MEL

# Each collection's split that training may use (the others are for selection or measuring); unnamed: all of it.
TRAINING_SPLIT = {"isic2017": "train", "pad_ufes20": "train", "isic2024_tiles": "train"}


@dataclass
class Row:
    image_id: str
    label: int
    lesion_id: str
    biopsy: bool
    file: str
    crop: str
    mask: str = ""  # lesion segmentation at the original 600x450 (lib/saliency.py measures the saliency map on it)
    source: str = "ham10000"  # a key of SOURCES: every report can be split by where the photo came from
    malignant: int = -1  # 1 / 0 where only benign or malignant is known (label is then -1); -1: follows the label

    @property
    def is_malignant(self) -> bool:
        return bool(self.malignant) if self.malignant >= 0 else self.label in MALIGNANT

    @property
    def path(self) -> Path:
        return SOURCES[self.source] / self.file


def read_rows() -> list[Row]:
    with open(HAM / "labels.csv", newline="") as f:
        return [
            Row(r["image_id"], LABELS.index(r["label"]), r["lesion_id"], r["biopsy_proven"] == "True", r["file"], r["file_224crop"], r.get("mask_file", ""))
            for r in csv.DictReader(f)
        ]


def read_external(source: str, splits: tuple[str, ...] = ()) -> list[Row]:
    """Rows of another collection, labelled with HAM10000's codes (label_ham7 where the collection has its own: PH2's
    three labels map to two of the taxonomy's codes, PAD-UFES-20's six to five, its SCC to the in-situ carcinoma's). isic2024_tiles has no diagnosis: label
    -1 and `malignant` 0 / 1. Where no lesion ids are published, one image counts as one lesion; none has a 224 crop
    or a mask. `splits` keeps only those splits (train, val, test) of collections that have them."""
    with open(SOURCES[source] / "labels.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    if splits:
        rows = [r for r in rows if r["split"] in splits]
    out = []
    for r in rows:
        image_id = r.get("image_id") or r.get("isic_id") or Path(r["file"]).stem
        code = r.get("label_ham7") or r["label"]
        label = LABELS.index(code) if code in LABELS else -1
        lesion = f"{source}:{r['lesion_id']}" if r.get("lesion_id") else f"{source}:{image_id}"
        biopsy = source == "ph2" or label == MEL or r.get("biopsed") == "True"
        out.append(Row(image_id, label, lesion, biopsy, r["file"], "", "", source, int(r["malignant"]) if label < 0 else -1))
    return out


def trained_on(state: dict) -> list[str]:
    """The collections a checkpoint's weights were trained on, HAM10000 first: its `trained_on` (train.py, soup.py,
    from_export.py write it), else the data names in an older train.py checkpoint's `sources`, else HAM10000 alone."""
    if state.get("trained_on"):
        return list(state["trained_on"])
    return ["ham10000", *(s for s in state.get("sources", []) if s in SOURCES and s != "ham10000")]


def training_rows(sources: tuple[str, ...] = ("isic2017", "isic_archive_extra")) -> list[Row]:
    """The training split: HAM10000's lesion-grouped train part plus the named collections' training images
    (TRAINING_SPLIT: isic2017's challenge train split, pad_ufes20's and isic2024_tiles' train splits; their val
    splits are kept for model selection, the test splits for measuring)."""
    rows = split_by_lesion(read_rows())["train"]
    for s in sources:
        rows += read_external(s, (TRAINING_SPLIT[s],) if s in TRAINING_SPLIT else ())
    return rows


def split_by_lesion(rows: list[Row], seed: int = 20170125, val: float = 0.15, test: float = 0.15) -> dict[str, list[Row]]:
    """Stratified split of lesion ids (never images) into train / val / test."""
    by_lesion: dict[str, list[Row]] = {}
    for r in rows:
        by_lesion.setdefault(r.lesion_id, []).append(r)
    rng = random.Random(seed)
    parts: dict[str, list[Row]] = {"train": [], "val": [], "test": []}
    for c in range(len(LABELS)):
        ids = sorted(k for k, v in by_lesion.items() if v[0].label == c)
        rng.shuffle(ids)
        n_val, n_test = round(len(ids) * val), round(len(ids) * test)
        for i, k in enumerate(ids):
            part = "test" if i < n_test else "val" if i < n_test + n_val else "train"
            parts[part].extend(by_lesion[k])
    return parts


def load_rgb(path: Path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"), dtype=np.uint8)


# Other collections' photos are squared to this side for training (isic2017's already are): a batch's views are then
# made from a few shapes, not one per phone photo or tile (gpu/pack.py stores them so).
OTHER_SIDE = 256


def training_frame(r: Row) -> np.ndarray:
    """A training image as HWC uint8: HAM10000's frame as stored, another collection's squared to OTHER_SIDE."""
    img = load_rgb(r.path)
    if r.source == "ham10000" or img.shape[:2] == (OTHER_SIDE, OTHER_SIDE):
        return img
    return np.asarray(Image.fromarray(img).resize((OTHER_SIDE, OTHER_SIDE), Image.BICUBIC))


def load_mask(path: Path, size: tuple[int, int] = (200, 150)) -> np.ndarray:
    """A lesion mask scaled (area average) to the 200x150 frame it belongs to: HxW uint8, 255 = lesion."""
    with Image.open(path) as im:
        return np.asarray(im.convert("L").resize(size, Image.BOX), dtype=np.uint8)
