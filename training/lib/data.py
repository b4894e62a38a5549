"""HAM10000 loading, the lesion-grouped split, and the training augmentation (batched in torch)."""
from __future__ import annotations

import csv
import math
import os
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

LABELS = ["akiec", "bcc", "bkl", "df", "mel", "nv", "vasc"]
# The malignant branch of public/model/taxonomy.json (akiec: in situ / premalignant, grouped with the carcinomas).
MALIGNANT = [LABELS.index(c) for c in ("akiec", "bcc", "mel")]
ROOT = Path(__file__).resolve().parents[2]  # the repository
SHARED = Path(os.environ.get("SKINLENS_SHARED") or os.environ.get("SHARED_DIR") or ROOT / ".." / "shared").resolve()
HAM = SHARED / "data" / "ham10000"
# Dermoscopic collections beside HAM10000 (../shared/README.md): other ISIC contributors and another hospital.
# Photos taken without a dermatoscope: smartphone close-ups (pad_ufes20) and total-body-photo tiles (isic2024_tiles,
# labelled benign / malignant only).
SOURCES = {"ham10000": HAM, "isic2017": SHARED / "data" / "isic2017", "isic_archive_extra": SHARED / "data" / "isic_archive_extra",
           "ph2": SHARED / "data" / "ph2", "pad_ufes20": SHARED / "data" / "pad_ufes20", "isic2024_tiles": SHARED / "data" / "isic2024_tiles"}
# Each collection's split that training may use (the others are for selection or measuring); unnamed: all of it.
TRAINING_SPLIT = {"isic2017": "train", "pad_ufes20": "train", "isic2024_tiles": "train"}
BACKBONE = SHARED / "weights" / "mobilenet_v2_100_224_qat_uint8_notop"


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
            Row(r["image_id"], LABELS.index(r["label"]), r["lesion_id"], r["biopsy_proven"] == "True", r["file"], r["file_224crop"],
                r.get("mask_file", ""))
            for r in csv.DictReader(f)
        ]


def read_external(source: str, splits: tuple[str, ...] = ()) -> list[Row]:
    """Rows of another collection, labelled with HAM10000's codes (label_ham7 where the collection has its own: PH2's
    three labels map to nv / mel, PAD-UFES-20's six to five, its SCC to akiec). isic2024_tiles has no diagnosis: label
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
        biopsy = source == "ph2" or code == "mel" or r.get("biopsed") == "True"
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


def sampling_weights(labels: np.ndarray, n_classes: int, sources: np.ndarray | None = None,
                     class_counts: np.ndarray | None = None) -> np.ndarray:
    """Per-image sampling probabilities: each class gets mass ~ n_c^(1/2) (so an image ~ n_c^(-1/2)).

    With `sources` (one name per image), each source's share of a class is ~ its count there ^(1/2) instead of its
    count, so HAM10000's 4,700 training nevi do not drown isic2017's 1,400. With `class_counts` the class masses
    are ~ class_counts^(1/2) (HAM10000's own counts: other collections then move no class's mass, only share it)."""
    counts = np.bincount(labels, minlength=n_classes).astype(np.float64)
    ref = counts if class_counts is None else np.asarray(class_counts, dtype=np.float64)
    within = np.ones(len(labels))
    if sources is not None:
        for c in range(n_classes):
            for s in np.unique(sources[labels == c]):
                sel = (labels == c) & (sources == s)
                within[sel] *= sel.sum() ** 0.5 / within[sel].sum()
    mass = np.bincount(labels, weights=within, minlength=n_classes)
    w = within / mass[labels] * ref[labels] ** 0.5
    return w / w.sum()


def mixed_sampling_weights(rows: list[Row], n_classes: int, tile_share: float) -> tuple[np.ndarray, np.ndarray]:
    """Sampling probabilities over labelled rows and benign/malignant-only rows (label -1), and the sampled prior of
    the labelled classes. Labelled rows: class masses ~ HAM10000's training count^(1/2), sources within a class ~
    count^(1/2) (sampling_weights), together 1 - tile_share. Benign/malignant-only rows get tile_share, split so that
    their malignant share equals the labelled rows' sampled malignant prior: the binary loss on the summed malignant
    node then asks for the same prior as the logit-adjusted loss on the labels."""
    labels = np.array([r.label for r in rows])
    labelled = labels >= 0
    ham = np.array([r.source == "ham10000" for r in rows])
    ham_counts = np.bincount(labels[labelled & ham], minlength=n_classes)
    w = np.zeros(len(rows))
    w[labelled] = sampling_weights(labels[labelled], n_classes, np.array([r.source for r in rows])[labelled], ham_counts)
    prior = np.bincount(labels[labelled], weights=w[labelled], minlength=n_classes)
    if labelled.all():
        return w, prior
    q_mal = prior[MALIGNANT].sum()
    mal = np.array([r.is_malignant for r in rows])
    for sel, share in ((~labelled & mal, q_mal), (~labelled & ~mal, 1 - q_mal)):
        w[sel] = tile_share * share / max(1, sel.sum())
    w[labelled] *= 1 - tile_share
    return w / w.sum(), prior


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


def centre_square(img: np.ndarray, fraction: float = 1.0) -> np.ndarray:
    """The centred square whose side is `fraction` of the short side (as src/core/preprocess centredSquare)."""
    y, x, s = centre_box(img.shape[0], img.shape[1], fraction)
    return img[y : y + s, x : x + s]


def centre_box(h: int, w: int, fraction: float = 1.0, side: int | None = None) -> tuple[int, int, int]:
    """(y, x, side) of the centred square whose side is `fraction` of the short side (or `side` pixels)."""
    s = side if side is not None else max(1, int(round(min(h, w) * fraction)))
    return (h - s) // 2, (w - s) // 2, s


# A dermatoscope's round field of view: pixels darker than FIELD_DARK in every channel, in an unbroken run from the
# image's border towards its centre covering at least FIELD_MIN_RUN of the ray, on at least three of the four
# corner rays. As src/core/preprocess fieldSquare.
FIELD_DARK, FIELD_MIN_RUN, FIELD_MIN_SIDE = 40, 0.03, 0.4


def field_square(img: np.ndarray, fraction: float = 1.0) -> tuple[int, int, int]:
    """The default crop as (y, x, side): centre_square's square, shrunk (still centred) to fit inside a dark round
    field of view when the photo shows one, so the model does not read black corners it never saw in training. The
    field's extent is read along the rays from the four corners and four edge midpoints to the centre; the square is
    not shrunk below FIELD_MIN_SIDE of the short side (then the default stays)."""
    h, w = img.shape[:2]
    short = min(h, w)
    side = centre_box(h, w, fraction)[2]
    dark = img[..., :3].max(axis=2) < FIELD_DARK
    cx, cy = (w - 1) / 2, (h - 1) / 2

    def clear_from_centre(tx: float, ty: float) -> float | None:
        """Distance from the centre to the first non-dark pixel met walking in from (tx, ty); None if the dark run is short."""
        length = math.hypot(tx - cx, ty - cy)
        steps = max(1, int(math.ceil(length)))
        for k in range(steps + 1):
            x = int(math.floor(tx + (cx - tx) * k / steps + 0.5))
            y = int(math.floor(ty + (cy - ty) * k / steps + 0.5))
            if not dark[y, x]:
                run = k / steps
                return None if run < FIELD_MIN_RUN else (1 - run) * length
        return 0.0

    corners = [clear_from_centre(tx, ty) for tx, ty in ((0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1))]
    if sum(c is not None for c in corners) < 3:
        return centre_box(h, w, side=side)
    edges = [clear_from_centre(tx, ty) for tx, ty in ((cx, 0), (cx, h - 1), (0, cy), (w - 1, cy))]
    half = min([c / math.sqrt(2) for c in corners if c is not None] + [e for e in edges if e is not None])
    fitted = int(math.floor(2 * half))
    return centre_box(h, w, side=fitted if side > fitted >= FIELD_MIN_SIDE * short else side)


def shades_of_grey(x: torch.Tensor, p: float) -> torch.Tensor:
    """Shades-of-grey colour constancy (Finlayson & Trezzi 2004), as src/core/preprocess shadesOfGrey: each
    image's channels (NCHW, values in [0, 255]) are scaled by 1 / (sqrt(3) * e_c / |e|), e_c = mean(x_c^p)^(1/p),
    so a grey illuminant estimate keeps the image as it is; then clipped to [0, 255]. p = 0 leaves x unchanged."""
    if not p:
        return x
    e = (x.double().clamp(min=0) / 255.0).pow(p).mean(dim=(2, 3)).pow(1.0 / p)  # N x 3
    e = e / e.norm(dim=1, keepdim=True).clamp(min=1e-12)
    gain = (1.0 / (e * math.sqrt(3.0)).clamp(min=1e-6)).float()
    return (x * gain[:, :, None, None]).clamp(0, 255)


def to_input(batch_uint8: torch.Tensor, size: int, sog_p: float = 0) -> torch.Tensor:
    """uint8 NHWC squares -> model input NCHW: antialiased resize to size, shades of grey (sog_p > 0), then
    (pixel - 128) / 128."""
    x = batch_uint8.permute(0, 3, 1, 2).float()
    if x.shape[-1] != size:
        x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False, antialias=True)
    return (shades_of_grey(x, sog_p) - 128.0) / 128.0


def eval_tensor(rows: list[Row], size: int, sharp: bool = False, fraction: float = 1.0, sog_p: float = 0,
                shift: Callable[[np.ndarray], np.ndarray] | None = None, fit_field: bool = True) -> torch.Tensor:
    """The evaluation view: the centre square (side = fraction of the short side) of the 200x150 frame, or of the
    224 crop when sharp, fitted inside a round field of view as the app and the CLI do (field_square; fit_field=False:
    the plain centre square); `shift` (lib/shifts.py) changes the stored photo first, as another camera would."""
    ims = []
    for r in rows:
        img = load_rgb(HAM / r.crop if sharp else r.path)
        if shift is not None:
            img = np.clip(np.rint(shift(img.astype(np.float32))), 0, 255).astype(np.uint8)
        y, x, side = field_square(img, fraction) if fit_field else centre_box(img.shape[0], img.shape[1], fraction)
        sq = torch.from_numpy(img[y : y + side, x : x + side].copy()).unsqueeze(0)
        ims.append(to_input(sq, size, sog_p))
    return torch.cat(ims)


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
        return [self.sample_one(fr.shape[0], fr.shape[1], cr is not None, None if cr is None else (cr.shape[0], cr.shape[1]))
                for fr, cr in zip(frames, crops)]

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
