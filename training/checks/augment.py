"""Self-check of the batched training augmentation (data.Augmenter), on synthetic images (no dataset needed):
a batch's views equal the same views made one at a time (the batched geometry, per-view filters and per-view
colour parameters do not mix images up), the same seed gives the same batch, and the values stay in the model's
input range. Every branch (crop source, antialiasing pre-blur, blur, sharpen, down-up, noise) is exercised, at 128 px with
the squeeze, wider colour draws and the dark round field (aspect, colour, vignette) as well.
Run by test/unit/training/augment.test.ts. Exits non-zero on failure.

Usage: python3 -m training.checks.augment
"""
from __future__ import annotations

import sys

import torch

from training.lib.augment import Augmenter


def images(n: int, h: int, w: int, seed: int) -> list[torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    yy, xx = torch.meshgrid(torch.linspace(0, 1, h), torch.linspace(0, 1, w), indexing="ij")
    out = []
    for _ in range(n):
        c = torch.rand(3, generator=g)
        base = torch.stack([yy * c[0], xx * c[1], (1 - yy * xx) * c[2]], dim=-1) * 200
        out.append((base + torch.rand(h, w, 3, generator=g) * 55).to(torch.uint8))
    return out


def main() -> None:
    n = 64
    frames = images(n, 150, 200, 1)
    crops = [c if i % 3 else None for i, c in enumerate(images(n, 224, 224, 2))]
    failures = []
    for size in (224, 128):  # at 128 the 224 crops often need the antialiasing pre-blur
        lead = {"aspect": 0.25, "colour": 1.6, "vignette": 0.3} if size == 128 else {}  # the squeeze, wider colour draws, dark field
        aug = Augmenter(size, seed=5, **lead)
        views = aug.sample(frames, crops)
        batch = aug.apply(frames, crops, views)
        alone = torch.cat([aug.apply([f], [c], [v]) for f, c, v in zip(frames, crops, views)])
        again = Augmenter(size, seed=5, **lead)(frames, crops)
        used = {
            "crop source": sum(v.use_crop for v in views),
            "pre-blur": sum(v.pre_blur > 0 for v in views),
            "blur": sum(v.blur > 0 for v in views),
            "sharpen": sum(v.sharpen is not None for v in views),
            "down-up": sum(v.down > 0 for v in views),
            "noise": sum(v.noise is not None for v in views),
            "vignette": sum(v.vignette is not None for v in views),
        }
        diff, rep = (batch - alone).abs().max().item(), (batch - again).abs().max().item()
        print(
            f"size {size}: batch vs one at a time max |diff| {diff:.2e}, same seed {rep:.2e}, "
            f"range [{batch.min().item():.3f}, {batch.max().item():.3f}], views using each branch {used}"
        )
        if batch.shape != (n, 3, size, size):
            failures.append(f"size {size}: shape {tuple(batch.shape)}")
        if diff > 1e-5:
            failures.append(f"size {size}: batched views differ from single views by {diff}")
        if rep != 0:
            failures.append(f"size {size}: the same seed gave a different batch")
        if batch.min() < -1 - 1e-6 or batch.max() > (255 - 128) / 128 + 1e-6:
            failures.append(f"size {size}: values outside the input range")
        missing = [k for k, c in used.items() if c == 0 and (k not in ("pre-blur", "vignette") or size == 128)]
        if missing:
            failures.append(f"size {size}: branches never drawn: {missing}")
    if failures:
        sys.exit("FAILED: " + "; ".join(failures))
    print("augmentation check passed")


if __name__ == "__main__":
    main()
