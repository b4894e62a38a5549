"""Self-check of the batched training augmentation (data.Augmenter), on synthetic images (no dataset needed):
a batch's views equal the same views made one at a time (the batched geometry, per-view filters and per-view
colour parameters do not mix images up), the same seed gives the same batch, and the values stay in the model's
input range. Every branch (crop source, antialiasing pre-blur, blur, sharpen, down-up, noise, round field of view) is
exercised, and a round field of view leaves the corner farthest from its centre at its dark level. The mask views
(Augmenter.masks, train.py --mask-aux) show the same place as the image views, for views of the frame and of its
sharper centre crop alike.
Run by test/unit/model/augment.test.ts. Exits non-zero on failure.

Usage: /usr/bin/python3 training/check_augment.py
"""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).parent))
from data import Augmenter  # noqa: E402


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
        aug = Augmenter(size, seed=5, field_p=0.3)
        views = aug.sample(frames, crops)
        batch = aug.apply(frames, crops, views)
        alone = torch.cat([aug.apply([f], [c], [v]) for f, c, v in zip(frames, crops, views)])
        again = Augmenter(size, seed=5, field_p=0.3)(frames, crops)
        used = {"crop source": sum(v.use_crop for v in views), "pre-blur": sum(v.pre_blur > 0 for v in views),
                "blur": sum(v.blur > 0 for v in views), "sharpen": sum(v.sharpen is not None for v in views),
                "down-up": sum(v.down > 0 for v in views), "noise": sum(v.noise is not None for v in views),
                "round field": sum(v.field is not None for v in views)}
        diff, rep = (batch - alone).abs().max().item(), (batch - again).abs().max().item()
        print(f"size {size}: batch vs one at a time max |diff| {diff:.2e}, same seed {rep:.2e}, "
              f"range [{batch.min().item():.3f}, {batch.max().item():.3f}], views using each branch {used}")
        if batch.shape != (n, 3, size, size):
            failures.append(f"size {size}: shape {tuple(batch.shape)}")
        if diff > 1e-5:
            failures.append(f"size {size}: batched views differ from single views by {diff}")
        if rep != 0:
            failures.append(f"size {size}: the same seed gave a different batch")
        if batch.min() < -1 - 1e-6 or batch.max() > (255 - 128) / 128 + 1e-6:
            failures.append(f"size {size}: values outside the input range")
        for i, v in enumerate(views):
            if v.field is not None:  # the centre is within 0.15 of the middle and the radius at most 1.35 < sqrt(2) - 0.15
                r, c = (0 if v.field[1] > 0 else size - 1), (0 if v.field[0] > 0 else size - 1)
                corner = batch[i, :, r, c]
                if (corner - (v.field[4] * 255 - 128) / 128).abs().max() > 1e-5:
                    failures.append(f"size {size}: view {i}'s round field left its far corner at {corner.tolist()}")
        missing = [k for k, c in used.items() if c == 0 and (k != "pre-blur" or size == 128)]
        if missing:
            failures.append(f"size {size}: branches never drawn: {missing}")
    failures += mask_check()
    if failures:
        sys.exit("FAILED: " + "; ".join(failures))
    print("augmentation check passed")


def mask_check() -> list[str]:
    """A frame's grey levels taken as its "mask" must come out of Augmenter.masks as the grey of the image view
    (colour and filter draws neutralised), whether the view reads the frame or its centre crop (made here exactly as
    the shared 224 crops are: the frame's central square, resized)."""
    n, size, out = 32, 224, 14
    g = torch.Generator().manual_seed(3)  # blocks of 10x10 pixels: a misplaced view shows
    frames = [torch.randint(0, 256, (15, 20, 3), generator=g, dtype=torch.uint8).repeat_interleave(10, 0).repeat_interleave(10, 1)
              for _ in range(n)]
    crops = [F.interpolate(f[:, 25:175].permute(2, 0, 1)[None].float(), size=(224, 224), mode="bilinear",
                           align_corners=False)[0].permute(1, 2, 0).round().to(torch.uint8) for f in frames]
    aug = Augmenter(size, seed=9)
    views = [dataclasses.replace(v, blur=0.0, sharpen=None, down=0.0, gamma=1.0, gains=(1.0, 1.0, 1.0), brightness=1.0,
                                 saturation=1.0, contrast=1.0, noise=None) for v in aug.sample(frames, crops)]
    grey_views = (aug.apply(frames, crops, views) * 128 + 128).mean(1, keepdim=True) / 255
    want = F.avg_pool2d(grey_views, size // out)
    got = aug.masks([f.float().mean(2).round().to(torch.uint8) for f in frames], frames, views, out)
    failures = []
    for kind in (True, False):
        idx = [i for i, v in enumerate(views) if v.use_crop == kind]
        err = (got[idx] - want[idx]).abs().mean().item() if idx else float("nan")
        print(f"mask views of the {'crop' if kind else 'frame'} ({len(idx)} views): mean |mask view - image view| {err:.4f}")
        if not idx or not err < 0.01:
            failures.append(f"mask views of the {'crop' if kind else 'frame'} do not follow the image views ({err})")
    return failures


if __name__ == "__main__":
    main()
