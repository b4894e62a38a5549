"""The training augmentation, batched in torch: random draws (one seeded stream) apart from the image work."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from training.lib.preprocess import shades_of_grey


def _blur(x: torch.Tensor, sigma: float) -> torch.Tensor:
    r = max(1, int(math.ceil(2.5 * sigma)))
    t = torch.arange(-r, r + 1, dtype=torch.float32, device=x.device)
    k = torch.exp(-(t**2) / (2 * sigma**2))
    k = k / k.sum()
    c = x.shape[1]
    x = F.pad(x, (r, r, r, r), mode="reflect")
    x = F.conv2d(x, k.view(1, 1, 1, -1).repeat(c, 1, 1, 1), groups=c)
    return F.conv2d(x, k.view(1, 1, -1, 1).repeat(c, 1, 1, 1), groups=c)


@dataclass
class View:
    """One training view's random draws (Augmenter.sample), applied by Augmenter.apply."""

    use_crop: bool
    affine: list[list[float]]  # output (u, v) in [-1, 1] -> normalised source coordinates (affine_grid's theta)
    pre_blur: float  # antialiasing sigma for a big downscale (0 = none)
    blur: float = 0.0
    sharpen: tuple[float, float] | None = None  # (amount, sigma)
    down: float = 0.0  # down-up resolution factor (0 = none)
    gamma: float = 1.0
    gains: tuple[float, float, float] = (1.0, 1.0, 1.0)
    brightness: float = 1.0
    saturation: float = 1.0
    contrast: float = 1.0
    noise: torch.Tensor | None = None  # 1x3xSxS, already scaled
    vignette: tuple[float, float, float] | None = None  # (radius, softness, darkness): a dark round field of view


# The smallest random crop side, as a fraction of the short side, before the rotation's inscribed square (a milder
# 0.7 learned faster but ended lower: docs/experiments.md, stage 7).
MIN_SCALE = 0.55


class Augmenter:
    """Paper augmentation (rotation 0-359 cropped to the largest inscribed upright square, flips) plus
    crop-scale, colour, blur/sharpen and resolution jitter so that sharper real photos look familiar.

    Random draws (sample, on the CPU, one seeded stream) are separate from the image work (apply, batched on
    the device the sources live on: the GPU when training has one), so a batch's views are the same on any device."""

    def __init__(self, size: int, seed: int, sog_p: float = 0, aspect: float = 0, colour: float = 1.0, vignette: float = 0):
        self.size = size
        self.vignette = vignette  # share of views darkened outside a round field (a dermatoscope's, on any photo)
        self.aspect = aspect  # views squeezed along one axis by up to this fraction (isic2017's squashed squares)
        self.colour = colour  # half-widths of the colour draws, as a multiple of the shipped recipe's
        self.sog_p = sog_p
        self.g = torch.Generator().manual_seed(seed)

    def u(self, a: float, b: float) -> float:
        return a + (b - a) * torch.rand(1, generator=self.g).item()

    def sample_one(self, h: int, w: int, crop_available: bool, crop_hw: tuple[int, int] | None) -> View:
        use_crop = crop_available and self.u(0, 1) < 0.5
        if use_crop:
            h, w = crop_hw
        # The lesion sits near the centre of HAM frames; the 224 crop already is the centre square.
        base = min(h, w)
        side = base * self.u(MIN_SCALE, 1.0)
        theta = self.u(0.0, 2 * math.pi)
        side_in = side / (abs(math.cos(theta)) + abs(math.sin(theta)))
        slack = (base - side) / 2
        cx = w / 2 + self.u(-slack, slack) * 0.8
        cy = h / 2 + self.u(-slack, slack) * 0.8
        flip = -1.0 if self.u(0, 1) < 0.5 else 1.0
        c, s = math.cos(theta), math.sin(theta)
        half = side_in / 2
        # Squeeze one axis of the view (a narrower source range along it) by up to `aspect`: isic2017's photos were
        # squashed to squares by their mirror, and real photos are not, so the model sees both. Stays inside the square.
        su, sv = 1.0, 1.0
        if self.aspect:
            squeeze = 1.0 - self.u(0.0, self.aspect)
            su, sv = (squeeze, 1.0) if self.u(0, 1) < 0.5 else (1.0, squeeze)
        # input pixel = centre + half * R @ (flip*u*su, v*sv), in affine_grid's normalised coordinates.
        affine = [
            [half * c * flip * su / (w / 2), -half * s * sv / (w / 2), (cx - w / 2) / (w / 2)],
            [half * s * flip * su / (h / 2), half * c * sv / (h / 2), (cy - h / 2) / (h / 2)],
        ]
        ratio = side_in / self.size  # grid_sample has no antialiasing: big downscales are pre-blurred
        v = View(use_crop, affine, 0.45 * ratio if ratio > 1.3 else 0.0)
        if self.u(0, 1) < 0.3:
            v.blur = self.u(0.3, 1.4)
        elif self.u(0, 1) < 0.45:
            amount = self.u(0.3, 1.5)
            v.sharpen = (amount, self.u(0.6, 1.5))
        if self.u(0, 1) < 0.2:
            v.down = self.u(0.45, 0.8)
        k = self.colour

        def around_one(half_width: float) -> float:
            return self.u(max(0.05, 1 - k * half_width), 1 + k * half_width)

        v.gamma = math.exp(self.u(-0.25 * k, 0.25 * k))
        v.gains = (around_one(0.15), around_one(0.15), around_one(0.15))
        v.brightness = around_one(0.25)
        v.saturation = around_one(0.4)
        v.contrast = around_one(0.25)
        if self.u(0, 1) < 0.2:
            noise = torch.randn((1, 3, self.size, self.size), generator=self.g)
            v.noise = noise * self.u(0.005, 0.03)
        # Drawn last so that runs without it draw every other value as before.
        if self.vignette and self.u(0, 1) < self.vignette:
            v.vignette = (self.u(0.75, 1.15), self.u(0.03, 0.2), self.u(0.6, 1.0))
        return v

    def sample(self, frames: list[torch.Tensor], crops: list[torch.Tensor | None]) -> list[View]:
        return [self.sample_one(fr.shape[0], fr.shape[1], cr is not None, None if cr is None else (cr.shape[0], cr.shape[1])) for fr, cr in zip(frames, crops)]

    def apply(self, frames: list[torch.Tensor], crops: list[torch.Tensor | None], views: list[View]) -> torch.Tensor:
        """The views of HWC uint8 sources -> Nx3xSxS model input, on the sources' device."""
        srcs = [cr if v.use_crop else fr for fr, cr, v in zip(frames, crops, views)]
        dev = srcs[0].device
        n, size = len(srcs), self.size
        x = torch.empty((n, 3, size, size), device=dev)
        groups: dict[tuple[int, int], list[int]] = {}
        for i, s in enumerate(srcs):
            groups.setdefault(tuple(s.shape[:2]), []).append(i)
        for idx in groups.values():
            src = torch.stack([srcs[i] for i in idx]).permute(0, 3, 1, 2).float() / 255.0
            for j, i in enumerate(idx):
                if views[i].pre_blur:
                    src[j : j + 1] = _blur(src[j : j + 1], views[i].pre_blur)
            theta = torch.tensor([views[i].affine for i in idx], dtype=torch.float32, device=dev)
            grid = F.affine_grid(theta, [len(idx), 3, size, size], align_corners=False)
            x[idx] = F.grid_sample(src, grid, mode="bilinear", padding_mode="reflection", align_corners=False)
        for i, v in enumerate(views):  # per view: each has its own kernel or size
            if not (v.blur or v.sharpen or v.down):
                continue
            xi = x[i : i + 1]
            if v.blur:
                xi = _blur(xi, v.blur)
            elif v.sharpen:
                xi = xi + v.sharpen[0] * (xi - _blur(xi, v.sharpen[1]))
            if v.down:
                small = max(8, int(size * v.down))
                xi = F.interpolate(xi, size=(small, small), mode="bilinear", antialias=True, align_corners=False)
                xi = F.interpolate(xi, size=(size, size), mode="bilinear", align_corners=False)
            x[i : i + 1] = xi

        def per_view(values: list, shape: tuple[int, ...] = (n, 1, 1, 1)) -> torch.Tensor:
            return torch.tensor(values, dtype=torch.float32, device=dev).view(shape)

        x = x.clamp(0, 1) ** per_view([v.gamma for v in views])
        x = x * per_view([v.gains for v in views], (n, 3, 1, 1)) * per_view([v.brightness for v in views])
        grey = x.mean(dim=1, keepdim=True)
        x = grey + (x - grey) * per_view([v.saturation for v in views])
        mean = x.mean(dim=(1, 2, 3), keepdim=True)
        x = mean + (x - mean) * per_view([v.contrast for v in views])
        dark = [i for i, v in enumerate(views) if v.vignette is not None]
        if dark:  # radius 1 = half the side; the corners are at sqrt(2)
            t = torch.linspace(-1, 1, size, device=dev)
            r = (t[None, :] ** 2 + t[:, None] ** 2).sqrt()
            field = per_view([views[i].vignette for i in dark], (len(dark), 3, 1, 1))
            mask = field[:, 2:3] * torch.sigmoid((r - field[:, 0:1]) / field[:, 1:2])
            x[dark] = x[dark] * (1 - mask)
        noisy = [i for i, v in enumerate(views) if v.noise is not None]
        if noisy:
            x[noisy] += torch.cat([views[i].noise for i in noisy]).to(dev)
        x = shades_of_grey(x.clamp(0, 1) * 255.0, self.sog_p)
        return (x - 128.0) / 128.0

    def __call__(self, frames: list[torch.Tensor], crops: list[torch.Tensor | None]) -> torch.Tensor:
        return self.apply(frames, crops, self.sample(frames, crops))
