"""Pictures for the photo-kind gate (lib/photo_kind.py) that no data set here has: camera-like views of dermoscopic
images (a skin spot photographed without a dermatoscope), skin patches of a face, and new everyday non-skin
pictures (rendered scenes, documents and screens, re-framed natural photos). Every function is seeded: the same
seed gives the same pictures on any machine."""
from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from training.lib.data import load_rgb
from training.lib.paths import SHARED

NATURAL = SHARED / "data" / "ood_natural"
# grace_hopper.jpg (512 x 600): the box of cheeks, nose, mouth and chin, below the glasses (x0, y0, x1, y1).
FACE_BOX = (180, 228, 335, 325)


def _lowfreq(h: int, w: int, rng: np.random.Generator, cells: int = 4) -> np.ndarray:
    """A smooth random field in about [-1, 1], h x w."""
    g = rng.uniform(-1, 1, (cells, cells)).astype(np.float32)
    return np.asarray(Image.fromarray(g, mode="F").resize((w, h), Image.BICUBIC), np.float32)


def _jpeg(img: np.ndarray, quality: int) -> np.ndarray:
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, format="JPEG", quality=quality)
    buf.seek(0)
    with Image.open(buf) as im:
        return np.asarray(im.convert("RGB"), np.uint8)


def _phone(out: np.ndarray, rng: np.random.Generator, glare: float = 0.8) -> np.ndarray:
    """What a phone camera does to a close-up of skin in room light, on float RGB: uneven light, specular glare
    (skin without immersion fluid reflects), a little defocus, sensor noise, JPEG. Returns uint8."""
    h, w = out.shape[:2]
    yy, xx = np.mgrid[:h, :w].astype(np.float32)
    if rng.random() < 0.8:  # light from one side, falling off across the frame
        a, t = rng.uniform(0.1, 0.35), rng.uniform(0, 2 * np.pi)
        ramp = ((xx / w - 0.5) * np.cos(t) + (yy / h - 0.5) * np.sin(t)) * 2
        out = out * (1 + a * ramp)[..., None] * rng.uniform(0.85, 1.1)
    if rng.random() < glare:
        for _ in range(int(rng.integers(2, 14))):  # small specular spots
            cy, cx, s = rng.uniform(0, h), rng.uniform(0, w), rng.uniform(0.4, 2.5) * min(h, w) / 200
            g = np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * s * s)) * rng.uniform(0.5, 1.0)
            out = out + (255 - out) * g[..., None]
        for _ in range(int(rng.integers(0, 3))):  # broad sheen
            cy, cx, s = rng.uniform(0, h), rng.uniform(0, w), rng.uniform(0.08, 0.25) * min(h, w)
            g = np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * s * s)) * rng.uniform(0.12, 0.4)
            out = out + (255 - out) * g[..., None]
    img = np.clip(out, 0, 255).astype(np.uint8)
    if rng.random() < 0.5:
        img = np.asarray(Image.fromarray(img).filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.2))), np.uint8)
    if rng.random() < 0.8:
        noisy = img + rng.normal(0, rng.uniform(1.5, 6), img.shape) + rng.normal(0, rng.uniform(0, 3), img.shape[:2] + (1,))
        img = np.clip(noisy, 0, 255).astype(np.uint8)
    if rng.random() < 0.8:
        img = _jpeg(img, int(rng.integers(30, 86)))
    return img


def camera_view(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A dermoscopic photo made to look like a close-up taken with a phone, no dermatoscope: usually zoomed out (the
    lesion small in the frame, surrounded by skin of the frame's own border colour with a little texture), less
    contrast and saturation (no immersion fluid, no polarised light), uneven light, glare, noise and JPEG."""
    h, w = img.shape[:2]
    src = img.astype(np.float32)
    border = np.concatenate([img[:6].reshape(-1, 3), img[-6:].reshape(-1, 3), img[:, :6].reshape(-1, 3), img[:, -6:].reshape(-1, 3)])
    lit = border[border.max(1) > 70].astype(np.float32)  # not the black of a round field of view
    base = np.median(lit, 0) if len(lit) > 30 else np.array([205.0, 155.0, 135.0])
    if rng.random() < 0.85:
        z = rng.uniform(1.6, 3.4)
        ph, pw = max(8, int(round(h / z))), max(8, int(round(w / z)))
        patch = np.asarray(Image.fromarray(img).resize((pw, ph), Image.BILINEAR), np.float32)
        canvas = base[None, None] * (1 + 0.06 * _lowfreq(h, w, rng)[..., None]) + rng.normal(0, rng.uniform(1, 4), (h, w, 1))
        y0 = int(np.clip((h - ph) / 2 + rng.uniform(-0.1, 0.1) * h, 0, h - ph))
        x0 = int(np.clip((w - pw) / 2 + rng.uniform(-0.1, 0.1) * w, 0, w - pw))
        py, px = np.mgrid[:ph, :pw].astype(np.float32)
        r = np.sqrt(((py - ph / 2) / (ph / 2)) ** 2 + ((px - pw / 2) / (pw / 2)) ** 2)
        alpha = np.clip((0.95 - r) / 0.35, 0, 1)[..., None]  # feathered ellipse: the black corners of a field drop out
        region = canvas[y0 : y0 + ph, x0 : x0 + pw]
        canvas[y0 : y0 + ph, x0 : x0 + pw] = alpha * patch + (1 - alpha) * region
        src = canvas
    mean = src.reshape(-1, 3).mean(0)
    grey = src.mean(2, keepdims=True)
    src = grey + (src - grey) * rng.uniform(0.55, 0.95)  # less saturated
    src = mean + (src - mean) * rng.uniform(0.5, 0.85)  # less contrast
    src = src * rng.uniform(0.88, 1.12, 3)  # white balance of a phone under room light
    return _phone(src, rng)


def face_skin(n: int, seed: int) -> list[np.ndarray]:
    """n close-ups of the skin of the face in grace_hopper.jpg (squares inside FACE_BOX), half with a drawn brown
    spot, each through _phone."""
    rng = np.random.default_rng(seed)
    face = load_rgb(NATURAL / "grace_hopper.jpg")
    x0, y0, x1, y1 = FACE_BOX
    out = []
    for _ in range(n):
        s = int(rng.integers(36, min(x1 - x0, y1 - y0)))
        y, x = int(rng.integers(y0, y1 - s + 1)), int(rng.integers(x0, x1 - s + 1))
        patch = np.asarray(Image.fromarray(face[y : y + s, x : x + s]).resize((160, 160), Image.BICUBIC), np.float32)
        if rng.random() < 0.5:
            yy, xx = np.mgrid[:160, :160].astype(np.float32)
            cy, cx = rng.uniform(55, 105, 2)
            ry, rx = rng.uniform(6, 26, 2)
            wobble = 1 + 0.15 * _lowfreq(160, 160, rng, 6)
            d = np.sqrt(((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2) / wobble
            a = np.clip((1.1 - d) / 0.3, 0, 1)[..., None] * rng.uniform(0.6, 0.95)
            colour = np.array([rng.uniform(70, 140), rng.uniform(40, 85), rng.uniform(25, 60)], np.float32)
            patch = patch * (1 - a) + colour * a
        out.append(_phone(patch, rng, glare=0.6))
    return out


def _texture(h: int, w: int, rng: np.random.Generator) -> np.ndarray:
    """A background: wood grain, a plaid fabric, a brick wall, a sky-like gradient, foliage or a painted wall."""
    yy, xx = np.mgrid[:h, :w].astype(np.float32)
    kind = int(rng.integers(0, 6))
    c1, c2 = rng.uniform(0, 255, 3), rng.uniform(0, 255, 3)
    if kind == 0:
        t = np.sin((xx + 25 * _lowfreq(h, w, rng, 5)) / rng.uniform(3, 9)) * 0.5 + 0.5
        c1, c2 = np.array([150.0, 100, 55]) * rng.uniform(0.6, 1.2), np.array([95.0, 60, 30]) * rng.uniform(0.6, 1.2)
    elif kind == 1:
        p = rng.uniform(10, 30)
        t = ((np.floor(xx / p) + np.floor(yy / p)) % 2) * 0.6 + 0.4 * ((np.floor(xx / (p / 3)) % 2) * (np.floor(yy / (p / 3)) % 2))
    elif kind == 2:
        bh, bw = rng.uniform(12, 24), rng.uniform(30, 60)
        row = np.floor(yy / bh)
        mortar = ((yy % bh) < 2) | (((xx + (row % 2) * bw / 2) % bw) < 2)
        t = np.where(mortar, 1.0, 0.2 * (_lowfreq(h, w, rng, 12) + 1))
        c1, c2 = np.array([160.0, 70, 50]) * rng.uniform(0.7, 1.2), np.array([200.0, 200, 190])
    elif kind == 3:
        t = yy / h + 0.1 * _lowfreq(h, w, rng)
        c1, c2 = np.array([90.0, 150, 230]), np.array([220.0, 230, 240])
    elif kind == 4:
        t = np.clip(0.5 + 0.5 * _lowfreq(h, w, rng, 24) + rng.normal(0, 0.15, (h, w)), 0, 1)
        c1, c2 = np.array([30.0, 90, 20]) * rng.uniform(0.6, 1.3), np.array([110.0, 170, 60]) * rng.uniform(0.6, 1.2)
    else:
        t = 0.5 + 0.1 * _lowfreq(h, w, rng, 3) + rng.normal(0, 0.02, (h, w))
    t = np.clip(t, 0, 1)[..., None]
    return c1 * (1 - t) + c2 * t


def scene(rng: np.random.Generator, size: int = 256) -> np.ndarray:
    """A rendered everyday scene: a textured background with shaded objects (boxes, balls, cups, bottles) and shadows."""
    img = _texture(size, size, rng)
    yy, xx = np.mgrid[:size, :size].astype(np.float32)
    for _ in range(int(rng.integers(2, 8))):
        colour = rng.uniform(0, 255, 3)
        cy, cx = rng.uniform(0.1, 0.9, 2) * size
        ry, rx = rng.uniform(0.06, 0.3, 2) * size
        if rng.random() < 0.5:
            inside = (((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2) <= 1
        else:
            inside = (np.abs(yy - cy) <= ry) & (np.abs(xx - cx) <= rx)
        shadow = np.roll(np.roll(inside, int(0.08 * ry) + 3, 0), int(0.08 * rx) + 3, 1) & ~inside
        shade = 1 - 0.5 * np.clip(((xx - cx) / rx + (yy - cy) / ry) / 2 + 0.5, 0, 1)
        img = np.where(shadow[..., None], img * 0.6, img)
        img = np.where(inside[..., None], colour * (0.6 + 0.6 * shade)[..., None], img)
    return _phone(np.clip(img, 0, 255), rng, glare=0.3)


def document(rng: np.random.Generator, size: int = 256) -> np.ndarray:
    """A page of text, a form or a phone screen with buttons, photographed or captured."""
    bg = tuple(int(v) for v in (rng.uniform(200, 255, 3) if rng.random() < 0.7 else rng.uniform(0, 60, 3)))
    fg = tuple(int(v) for v in (rng.uniform(0, 90, 3) if sum(bg) > 400 else rng.uniform(180, 255, 3)))
    im = Image.new("RGB", (size, size), bg)
    d = ImageDraw.Draw(im)
    words = "skin photo result model camera upload analyse lesion screening privacy doctor 2026 page settings".split()
    y = int(rng.integers(4, 20))
    while y < size - 12:
        if rng.random() < 0.2:
            x0 = int(rng.integers(4, size // 2))
            d.rectangle(
                [x0, y, x0 + int(rng.integers(40, size // 2)), y + int(rng.integers(12, 30))], fill=tuple(int(v) for v in rng.uniform(0, 255, 3)), outline=fg
            )
            y += 34
        else:
            d.text((int(rng.integers(2, 30)), y), " ".join(rng.choice(words, int(rng.integers(2, 8)))), fill=fg)
            y += int(rng.integers(11, 20))
    img = np.asarray(im, np.float32)
    return _phone(img, rng, glare=0.2) if rng.random() < 0.5 else img.astype(np.uint8)


def reframed_natural(rng: np.random.Generator, img: np.ndarray, min_scale: float = 0.35) -> np.ndarray:
    """A new view of an everyday photo: a random square crop (min_scale-100% of the short side), maybe mirrored,
    turned a quarter, greyscale, tinted, darker or brighter, through _phone."""
    h, w = img.shape[:2]
    s = int(min(h, w) * rng.uniform(min_scale, 1.0))
    y, x = int(rng.integers(0, h - s + 1)), int(rng.integers(0, w - s + 1))
    out = img[y : y + s, x : x + s].astype(np.float32)
    if rng.random() < 0.5:
        out = out[:, ::-1]
    out = np.rot90(out, int(rng.integers(0, 4)))
    if rng.random() < 0.15:
        out = np.repeat(out.mean(2, keepdims=True), 3, 2)
    out = out * rng.uniform(0.8, 1.2, 3) * rng.uniform(0.6, 1.3)
    return _phone(np.ascontiguousarray(out), rng, glare=0.2)


def natural_files() -> list:
    return sorted(NATURAL.glob("*.jpg"))


def everyday(n: int, seed: int) -> list[tuple[str, np.ndarray]]:
    """n new non-skin pictures: a third rendered scenes, a sixth documents and screens, the rest re-framed natural
    photos (animals, food, a flower, a street, a person)."""
    rng = np.random.default_rng(seed)
    photos = [(f.stem, load_rgb(f)) for f in natural_files()]
    out = []
    for i in range(n):
        r = i % 6
        if r < 2:
            out.append((f"scene-{i}", scene(rng)))
        elif r == 2:
            out.append((f"document-{i}", document(rng)))
        else:
            name, img = photos[int(rng.integers(0, len(photos)))]
            # The portrait stays a portrait: a tight crop of its face would be a close-up of skin (face_skin's kind).
            out.append((f"reframed-{name}-{i}", reframed_natural(rng, img, 0.75 if name == "grace_hopper" else 0.35)))
    return out
