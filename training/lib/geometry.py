"""Crop geometry, as src/core/preprocess: the centred square and the default crop fitted inside a dermatoscope's
round field of view. numpy only."""

from __future__ import annotations

import math

import numpy as np


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
