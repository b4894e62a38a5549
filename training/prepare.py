"""The recipe's data step: check that ../shared (or $SKINLENS_SHARED) holds what the later steps read, before hours
of training do: each collection's rows through lib/data.py's readers, every image file they name, every diagnosis
among the taxonomy's labels, and the ImageNet backbone. Prints the lesion-grouped split of HAM10000 per diagnosis.
Nothing is written: the data are used as they are.

Usage: python3 -m training.prepare
"""

from __future__ import annotations

import sys
from collections import Counter

from training.lib.data import Row, read_external, read_rows, split_by_lesion
from training.lib.paths import BACKBONE, SOURCES
from training.lib.taxonomy import LABELS


def missing_files(rows: list[Row]) -> list[str]:
    return [str(r.path) for r in rows if not r.path.exists()]


def main() -> None:
    problems = []
    ham = read_rows()
    collections = {"ham10000": ham} | {s: read_external(s) for s in SOURCES if s != "ham10000"}
    for name, rows in collections.items():
        lost = missing_files(rows)
        if lost:
            problems.append(f"{name}: {len(lost)} of {len(rows)} images missing, e.g. {lost[0]}")
        # isic2024_tiles knows only benign / malignant (label -1); elsewhere a code outside the taxonomy is an error.
        unknown = sum(r.label < 0 and r.malignant < 0 for r in rows)
        if unknown:
            problems.append(f"{name}: {unknown} rows with a diagnosis that is not one of {LABELS}")
        counts = Counter(LABELS[r.label] if r.label >= 0 else ("malignant" if r.is_malignant else "benign") for r in rows)
        print(f"{name}: {len(rows)} images, " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if not (BACKBONE / "model.json").exists():
        problems.append(f"no backbone at {BACKBONE}")
    parts = split_by_lesion(ham)
    print(f"{'HAM10000 split':<16}" + "".join(f"{c:>7}" for c in LABELS) + "  images lesions")
    for part, rows in parts.items():
        per = Counter(r.label for r in rows)
        print(f"{part:<16}" + "".join(f"{per[c]:>7}" for c in range(len(LABELS))) + f"  {len(rows):>6} {len({r.lesion_id for r in rows}):>7}")
    if problems:
        sys.exit("data check FAILED:\n  " + "\n  ".join(problems))
    print("data check passed")


if __name__ == "__main__":
    main()
