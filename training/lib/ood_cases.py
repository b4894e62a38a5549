"""Images that are not skin lesions: ../shared/data/ood_natural plus generated cases (flat colours, noise, text,
gradients, stripes, very dark and washed-out frames, and screenshots of the app).

The screenshots are a frozen copy (training/fixtures/app_screenshots: docs/screenshots as of commit 136bf14, which the
shipped model's out-of-scope figures and photo-kind fit used), not docs/screenshots itself: the page's look changes
often, and an export must not change with it."""
from __future__ import annotations

import numpy as np
import torch
from PIL import Image, ImageDraw

from training.lib.data import load_rgb
from training.lib.geometry import centre_square
from training.lib.paths import ROOT, SHARED
from training.lib.preprocess import to_input

SCREENSHOTS = ROOT / "training" / "fixtures" / "app_screenshots"


def _tensor(img: np.ndarray, size: int, fraction: float = 1.0, sog_p: float = 0) -> torch.Tensor:
    """The view the app would classify: its default crop (centred square, `fraction` of the short side)."""
    return to_input(torch.from_numpy(centre_square(img, fraction).copy()).unsqueeze(0), size, sog_p)


def natural_photos(size: int, fraction: float = 1.0, sog_p: float = 0) -> tuple[list[str], torch.Tensor]:
    files = sorted((SHARED / "data" / "ood_natural").glob("*.jpg"))
    return [f.name for f in files], torch.cat([_tensor(load_rgb(f), size, fraction, sog_p) for f in files])


def generated_images(seed: int = 7) -> list[tuple[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    out: list[tuple[str, np.ndarray]] = []
    for name, rgb in [
        ("black", (0, 0, 0)),
        ("white", (255, 255, 255)),
        ("grey", (128, 128, 128)),
        ("red", (220, 30, 30)),
        ("green", (30, 180, 60)),
        ("blue", (30, 60, 200)),
        ("skin-flat", (224, 172, 140)),
        ("brown-flat", (120, 80, 50)),
    ]:
        out.append((f"flat-{name}", np.full((240, 240, 3), rgb, np.uint8)))
    out.append(("noise-uniform", rng.integers(0, 256, (240, 240, 3), dtype=np.uint8)))
    out.append(("noise-gaussian", np.clip(128 + 40 * rng.standard_normal((240, 240, 3)), 0, 255).astype(np.uint8)))
    out.append(("noise-grey", np.repeat(rng.integers(0, 256, (240, 240, 1), dtype=np.uint8), 3, 2)))
    g = np.linspace(0, 255, 240, dtype=np.float32)
    out.append(("gradient-h", np.stack([np.tile(g, (240, 1))] * 3, 2).astype(np.uint8)))
    out.append(("gradient-colour", np.stack([np.tile(g, (240, 1)), np.tile(g[:, None], (1, 240)), np.full((240, 240), 90.0)], 2).astype(np.uint8)))
    stripes = ((np.arange(240)[None, :] // 12) % 2 * 255).astype(np.uint8)
    out.append(("stripes", np.stack([np.tile(stripes, (240, 1))] * 3, 2)))
    checker = (((np.arange(240)[:, None] // 20) + (np.arange(240)[None, :] // 20)) % 2 * 255).astype(np.uint8)
    out.append(("checkerboard", np.stack([checker] * 3, 2)))
    for i, (bg, fg) in enumerate([((255, 255, 255), (0, 0, 0)), ((250, 245, 230), (40, 40, 120)), ((20, 20, 20), (240, 240, 240))]):
        im = Image.new("RGB", (240, 240), bg)
        d = ImageDraw.Draw(im)
        for line in range(12):
            d.text((8, 8 + line * 19), "The quick brown fox jumps over 123 lazy dogs"[line % 7 :], fill=fg)
        out.append((f"text-{i}", np.asarray(im)))
    nat = sorted((SHARED / "data" / "ood_natural").glob("*.jpg"))
    for f in nat[:6]:
        img = load_rgb(f).astype(np.float32)
        out.append((f"dark-{f.stem}", (img * 0.12).astype(np.uint8)))
        out.append((f"washed-{f.stem}", (255 - (255 - img) * 0.15).astype(np.uint8)))
    for f in sorted(SCREENSHOTS.glob("*.png")):
        out.append((f"screenshot-{f.stem}", load_rgb(f)))
    return out


def generated_cases(size: int, fraction: float = 1.0, sog_p: float = 0) -> tuple[list[str], torch.Tensor]:
    items = generated_images()
    return [n for n, _ in items], torch.cat([_tensor(a, size, fraction, sog_p) for _, a in items])
