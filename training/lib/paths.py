"""Where things are: the repository, ../shared (or $SKINLENS_SHARED) with each collection's folder, and the ImageNet
backbone. Standard library only."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository
MODEL = ROOT / "public" / "model"  # the shipped model folder (docs/model-contract.md)
SHARED = Path(os.environ.get("SKINLENS_SHARED") or os.environ.get("SHARED_DIR") or ROOT / ".." / "shared").resolve()
HAM = SHARED / "data" / "ham10000"
# Dermoscopic collections beside HAM10000 (../shared/README.md): other ISIC contributors and another hospital.
# Photos taken without a dermatoscope: smartphone close-ups (pad_ufes20) and total-body-photo tiles (isic2024_tiles,
# labelled benign / malignant only).
SOURCES = {
    "ham10000": HAM,
    "isic2017": SHARED / "data" / "isic2017",
    "isic_archive_extra": SHARED / "data" / "isic_archive_extra",
    "ph2": SHARED / "data" / "ph2",
    "pad_ufes20": SHARED / "data" / "pad_ufes20",
    "isic2024_tiles": SHARED / "data" / "isic2024_tiles",
}
BACKBONE = SHARED / "weights" / "mobilenet_v2_100_224_qat_uint8_notop"
