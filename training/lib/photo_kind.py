"""The photo-kind gate: is a photo a dermoscopic lesion photo (analysed), a photo of skin taken without a dermatoscope
("clinical": the page explains why the model cannot judge it), or not a photo of skin at all ("other": declined)?
The export fits it (fit_gate) and writes it into metadata.json; training/measure/photo_kind.py measures it.

The gate is a three-way logistic regression on signals the app already has for every photo (src/core/photo-kind.ts,
the same arithmetic): the whitened PCA and mid-layer coordinates of the model's third output, the logs of the three
out-of-scope distances (src/core/ood.ts) and the photo statistics (src/core/photo-stats.ts). Signals come from the
weights as the export encodes them and the exported projections (Net), so they are what the app computes. A photo is
dermoscopic when that probability reaches a threshold set on validation images; otherwise the more probable of
clinical and other.

Clinical examples are real photos taken without a dermatoscope: PAD-UFES-20 train (smartphone photos) and half of
isic2024_tiles train (total-body-photo tiles), with camera-like views of HAM10000 and isic2017 training images
(lib/photo_kind_views.camera_view) and close-ups of the skin of one face where the calibration sets say they help.
Fitted on the train splits; the regularisation, the use of the camera-like views and the threshold chosen on
HAM10000 validation, isic2017 val, PAD-UFES-20 val and the other half of isic2024_tiles train; measured on the
HAM10000 internal test, isic2017 test, PH2, PAD-UFES-20 test and isic2024_tiles val, which play no part in the fit.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable

import numpy as np
import torch

from training.lib.augment import Augmenter
from training.lib.data import load_rgb, read_external, read_rows, split_by_lesion
from training.lib.geometry import field_square
from training.lib.model import SkinNet, from_export
from training.lib.ood_cases import generated_images
from training.lib.paths import SOURCES
from training.lib.photo_kind_views import camera_view, everyday, face_skin, natural_files
from training.lib.photo_stats import photo_stats
from training.lib.preprocess import to_input

KINDS = ["dermoscopic", "clinical", "other"]
# Change when a view generator changes, so cached signals of the old views are not reused.
VIEWS_VERSION = 1
# What each measured set should come out as, by share of its expected kind (README, model card); real photos taken
# without a dermatoscope may come out "other" (not a skin photo) for at most MAX_OTHER of them.
TARGETS = {
    "internal_test": 0.98,
    "isic2017_test": 0.98,
    "ph2": 0.97,
    "pad_test": 0.90,
    "tiles_val": 0.90,
    "natural": 1.0,
    "generated": 1.0,
    "everyday_new": 1.0,
    "heldout_photos": 1.0,
}
MAX_OTHER = {"pad_test": 0.02, "tiles_val": 0.02}
# The dermoscopic threshold keeps this share of the validation lesion photos (plain and augmented).
KEEP_VALIDATION = 0.995
EPS_DISTANCE, EPS_DETAIL = 1e-6, 1e-3
# Regularisation strengths tried; the camera-like views join the fit only where calibration says they help.
C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
MADE = {"fit_camera_ham", "fit_camera_isic", "fit_face"}


def signals(z: np.ndarray, feats: np.ndarray, stats: np.ndarray, ood: dict) -> np.ndarray:
    """N x (k + m + 7): z (N x (k + m), the model's third output), then ln of the Mahalanobis, residual and mid-layer
    distances, then brightness / 255, contrast / 128, ln(detail + 1e-3), skin fraction. As src/core/photo-kind.ts."""
    k = len(ood["eigenvalues"])
    zp, zm = z[:, :k], z[:, k:]
    means = np.array(ood["classMeans"])
    maha = ((zp[:, None, :] - means[None]) ** 2).mean(2).min(1)
    total = ((feats - np.array(ood["mean"])) ** 2).sum(1)
    resid = np.maximum(0, total - (zp**2 * np.array(ood["eigenvalues"])).sum(1)) / feats.shape[1]
    mid = (zm**2).mean(1)
    extra = np.stack(
        [
            np.log(maha + EPS_DISTANCE),
            np.log(resid + EPS_DISTANCE),
            np.log(mid + EPS_DISTANCE),
            stats[:, 0] / 255,
            stats[:, 1] / 128,
            np.log(stats[:, 2] + EPS_DETAIL),
            stats[:, 3],
        ],
        1,
    )
    return np.concatenate([z, extra], 1)


def softmax(a: np.ndarray) -> np.ndarray:
    e = np.exp(a - a.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


def decide(p: np.ndarray, threshold: float) -> np.ndarray:
    """Kind index per row of probabilities (dermoscopic, clinical, other): as src/core/photo-kind.ts photoKind."""
    return np.where(p[:, 0] >= threshold, 0, np.where(p[:, 2] >= p[:, 1], 2, 1))


def probabilities(sig: np.ndarray, mean: np.ndarray, scale: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    return softmax(((sig - mean) / scale) @ w.T + b)


class Net:
    """The model as the app runs it (weights as the export encodes them) with the exported projections: it computes
    the signals the app computes. `weights`: the exported weights by name (decoded); `meta`: metadata.json without
    its photoKind block; `key` names the cached signals of this model."""

    def __init__(self, model: SkinNet, weights: dict[str, np.ndarray], meta: dict, key: str):
        self.model, self.meta, self.key = model.eval(), meta, key
        self.proj = (weights["ood_proj/kernel"], weights["ood_proj/bias"], weights["ood_mid/kernel"], weights["ood_mid/bias"])
        inp = meta["input"]
        self.size, self.fraction = int(inp["size"]), float(inp.get("cropFraction", 1.0))
        self.sog = float(inp.get("colourConstancy", {}).get("p", 0) or 0)

    def app_view(self, img: np.ndarray) -> torch.Tensor:
        """The square the app and the CLI classify by default (the centred crop, fitted inside a round field)."""
        y, x, s = field_square(img, self.fraction)
        return to_input(torch.from_numpy(np.ascontiguousarray(img[y : y + s, x : x + s])).unsqueeze(0), self.size, self.sog)

    def run(self, x: torch.Tensor, batch: int = 64) -> dict[str, np.ndarray]:
        feats, mids = [], []
        with torch.no_grad():
            for i in range(0, len(x), batch):
                _, f, m = self.model(x[i : i + batch], with_features=True)
                feats.append(f)
                mids.append(m)
        f = torch.cat(feats).double().numpy()
        m = torch.cat(mids).double().numpy()
        z = np.concatenate([f @ self.proj[0] + self.proj[1], m @ self.proj[2] + self.proj[3]], 1)
        return {"feats": f, "z": z, "stats": photo_stats(x)}


def cache_key(weight_bytes: bytes, meta: dict) -> str:
    """Names a model's cached signals: its encoded weights and its input block (size, crop, colour constancy)."""
    return hashlib.sha256(weight_bytes + json.dumps(meta["input"], sort_keys=True).encode()).hexdigest()[:16]


def net_from_folder(model_dir: Path) -> Net:
    """The Net of an exported model folder."""
    meta = json.loads((model_dir / "metadata.json").read_text())
    if "mid" not in meta["ood"]:
        raise SystemExit(f"{model_dir}/metadata.json has no ood.mid block: the gate needs the mid-layer coordinates")
    model, weights = from_export(model_dir)
    shards = b"".join((model_dir / w["file"]).read_bytes() for w in meta["weights"])
    return Net(model, weights, meta, cache_key(shards, meta))


def dermoscopic_views(rows, size: int, seed: int, sog: float) -> torch.Tensor:
    """Training-style views (augment.Augmenter: rotated, rescaled, colour, blur, sharpen) of lesion photos."""
    aug = Augmenter(size, seed, sog_p=sog)
    out = []
    for i in range(0, len(rows), 64):
        part = rows[i : i + 64]
        frames = [torch.from_numpy(load_rgb(r.path).copy()) for r in part]
        crops = [torch.from_numpy(load_rgb(SOURCES["ham10000"] / r.crop).copy()) if r.crop else None for r in part]
        out.append(aug(frames, crops))
    return torch.cat(out)


def every(rows: list, n: int) -> list:
    """n rows spread evenly over the list (all when n >= len)."""
    return rows if n >= len(rows) else [rows[int(i * len(rows) / n)] for i in range(n)]


def sklearn_photos() -> list[np.ndarray]:
    """scikit-learn's two sample photos (china.jpg, flower.jpg), the centre square and four corner quarters each: never
    used to fit or choose anything (as the export's held-out set). Empty without sklearn."""
    try:
        from sklearn.datasets import load_sample_images
    except ImportError:
        return []
    out = []
    for img in load_sample_images().images:
        h, w = img.shape[:2]
        s, c = min(h, w) // 2, min(h, w)
        out.append(img[(h - c) // 2 : (h - c) // 2 + c, (w - c) // 2 : (w - c) // 2 + c])
        out += [img[y : y + s, x : x + s] for y, x in [(0, 0), (0, w - s), (h - s, 0), (h - s, w - s)]]
    return out


Sets = dict[str, tuple[str, int, str, Callable[[], torch.Tensor]]]


def photo_sets(net: Net, scale: float, measure_every: int, trial: bool) -> Sets:
    """name -> (what it holds, the kind it should get, role: fit / calibrate / measure, builder of the model inputs).
    `scale` multiplies the fit and calibration set sizes; the internal test is measured on every `measure_every`-th
    image; `trial` measures on a twentieth of each measuring set (a quick check of the code, not a result)."""
    n = lambda v: max(10, int(v * scale))  # noqa: E731
    full = lambda rows: every(rows, max(10, len(rows) // 20)) if trial else rows  # noqa: E731
    ham = split_by_lesion(read_rows())
    test_rows = full(ham["test"])[::measure_every]
    isic_train, isic_val, isic_test = (read_external("isic2017", (s,)) for s in ("train", "val", "test"))
    ph2 = read_external("ph2")
    pad_train, pad_val, pad_test = (read_external("pad_ufes20", (s,)) for s in ("train", "val", "test"))
    tiles_train, tiles_val = (read_external("isic2024_tiles", (s,)) for s in ("train", "val"))
    views = lambda rows, seed: [camera_view(load_rgb(r.path), np.random.default_rng([seed, i])) for i, r in enumerate(rows)]  # noqa: E731
    images = lambda ims: torch.cat([net.app_view(a) for a in ims])  # noqa: E731
    rows_view = lambda rows: images([load_rgb(r.path) for r in rows])  # noqa: E731
    ham_train = ham["train"]
    derm = lambda rows, seed: lambda: dermoscopic_views(rows, net.size, seed, net.sog)  # noqa: E731
    return {
        "fit_ham_train": ("HAM10000 train", 0, "fit", lambda: rows_view(every(ham_train, n(600)))),
        "fit_ham_train_aug": ("HAM10000 train, training-style views", 0, "fit", derm(every(ham_train[1::2], n(400)), 1)),
        "fit_isic_train": ("isic2017 train", 0, "fit", lambda: rows_view(every(isic_train, n(600)))),
        "fit_isic_train_aug": ("isic2017 train, training-style views", 0, "fit", derm(every(isic_train[1::2], n(200)), 2)),
        "fit_camera_ham": ("camera-like views of HAM10000 train", 1, "fit", lambda: images(views(every(ham_train[2::3], n(700)), 3))),
        "fit_camera_isic": ("camera-like views of isic2017 train", 1, "fit", lambda: images(views(every(isic_train[2::3], n(400)), 4))),
        "fit_face": ("skin close-ups of grace_hopper.jpg", 1, "fit", lambda: images(face_skin(n(150), 5))),
        "fit_pad_train": ("PAD-UFES-20 train (smartphone photos)", 1, "fit", lambda: rows_view(pad_train)),
        "fit_tiles_train": (
            "isic2024_tiles train, even rows (total-body-photo tiles)",
            1,
            "fit",
            lambda: rows_view(every(tiles_train[0::2], n(1500))),
        ),
        "fit_everyday": ("rendered scenes, documents, re-framed natural photos", 2, "fit", lambda: images([a for _, a in everyday(n(450), 6)])),
        "fit_generated": ("ood_cases.py generated cases", 2, "fit", lambda: images([a for _, a in generated_images()])),
        "val_ham": ("HAM10000 validation", 0, "calibrate", lambda: rows_view(every(ham["val"], n(600)))),
        "val_ham_aug": ("HAM10000 validation, training-style views", 0, "calibrate", derm(every(ham["val"][1::2], n(300)), 7)),
        "val_isic": ("isic2017 val", 0, "calibrate", lambda: rows_view(isic_val)),
        "val_pad": ("PAD-UFES-20 val", 1, "calibrate", lambda: rows_view(pad_val)),
        "val_tiles": ("isic2024_tiles train, odd rows (held out of the fit)", 1, "calibrate", lambda: rows_view(every(tiles_train[1::2], n(900)))),
        "val_everyday": ("rendered scenes, documents, re-framed natural photos", 2, "calibrate", lambda: images([a for _, a in everyday(n(150), 9)])),
        "internal_test": ("HAM10000 internal test", 0, "measure", lambda: rows_view(test_rows)),
        "isic2017_test": ("isic2017 test (other clinics)", 0, "measure", lambda: rows_view(full(isic_test))),
        "ph2": ("PH2 (another hospital)", 0, "measure", lambda: rows_view(full(ph2))),
        "pad_test": ("PAD-UFES-20 test (smartphone photos, other patients)", 1, "measure", lambda: rows_view(full(pad_test))),
        "tiles_val": ("isic2024_tiles val (total-body-photo tiles)", 1, "measure", lambda: rows_view(full(tiles_val))),
        "camera_test": (
            "camera-like views of internal test images",
            1,
            "measure",
            lambda: images(views(every(ham["test"], len(full(ham["test"])) // 5), 10)),
        ),
        "natural": ("ood_natural photos (their crops were in the fit)", 2, "measure", lambda: images([load_rgb(f) for f in natural_files()])),
        "generated": ("ood_cases.py generated cases (in the fit)", 2, "measure", lambda: images([a for _, a in generated_images()])),
        "everyday_new": (
            "new rendered scenes, documents, re-framed natural photos",
            2,
            "measure",
            lambda: images([a for _, a in everyday(len(full(range(200))), 11)]),
        ),
        "heldout_photos": (
            "scikit-learn's china.jpg and flower.jpg, five views each (never in the fit)",
            2,
            "measure",
            lambda: images(sklearn_photos()),
        ),
    }


def set_signals(
    net: Net, sets: Sets, roles: tuple[str, ...], cache: Path, scale: float, measure_every: int, trial: bool, say: Callable[[str], None]
) -> dict[str, np.ndarray]:
    """The signals of every set with one of `roles`, each cached under cache/<net.key>/ (computed once per model)."""
    folder = cache / net.key
    folder.mkdir(parents=True, exist_ok=True)
    sig: dict[str, np.ndarray] = {}
    for key, (_, _, role, build) in sets.items():
        if role not in roles:
            continue
        f = folder / f"{key}-v{VIEWS_VERSION}-{('trial' if trial else f'every{measure_every}') if role == 'measure' else scale}.npz"
        if f.exists():
            d = dict(np.load(f))
        else:
            d = net.run(build())
            np.savez(f, **d)
        sig[key] = signals(d["z"], d["feats"], d["stats"], net.meta["ood"])
        say(f"{key}: {len(sig[key])} images")
    return sig


def set_rows(sets: Sets, sig: dict[str, np.ndarray], kinds_of: Callable[[np.ndarray], np.ndarray]) -> list[dict]:
    """One row per set in `sig`: the share of each kind (kinds_of maps signals to kind indices), with its target."""
    rows = []
    for key in sig:
        about, kind, role, _ = sets[key]
        kinds = kinds_of(sig[key])
        shares = {KINDS[c]: float(np.mean(kinds == c)) for c in range(3)}
        row = {"key": key, "set": about, "role": role, "n": int(len(kinds)), "expected": KINDS[kind], "shares": shares}
        if key in TARGETS:
            row["target"] = TARGETS[key]
            row["met"] = shares[KINDS[kind]] >= row["target"]
            if key in MAX_OTHER:
                row["maxOther"] = MAX_OTHER[key]
                row["met"] = row["met"] and shares["other"] <= MAX_OTHER[key]
        if key == "natural":  # per photo, for the end-to-end test that the page decides the same (test/e2e/out-of-scope.spec.ts)
            row["kinds"] = {f.name: KINDS[c] for f, c in zip(natural_files(), kinds)}
        rows.append(row)
    return rows


def fit_gate(sets: Sets, sig: dict[str, np.ndarray], ood: dict, say: Callable[[str], None]) -> tuple[dict, dict]:
    """The gate from the fit and calibration sets' signals: metadata.json's photoKind block, and the record of the fit
    (metrics.json photoKind: how it was chosen, and the share of each kind on the sets it was fitted and calibrated on)."""
    from sklearn.linear_model import LogisticRegression

    cal_keys = [k for k, v in sets.items() if v[2] == "calibrate"]

    def fit(c: float, with_made: bool):
        fit_keys = [k for k, v in sets.items() if v[2] == "fit" and (with_made or k not in MADE)]
        X = np.concatenate([sig[k] for k in fit_keys])
        y = np.concatenate([np.full(len(sig[k]), sets[k][1]) for k in fit_keys])
        mean, scale = X.mean(0), X.std(0) + 1e-6
        lr = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
        lr.fit((X - mean) / scale, y)
        if list(lr.classes_) != [0, 1, 2]:
            raise SystemExit(f"fit saw kinds {lr.classes_}")
        return lr.coef_, lr.intercept_, mean, scale

    def calibrate(w, b, mean, scale) -> tuple[float, float]:
        """The dermoscopic threshold that keeps KEEP_VALIDATION of the validation lesion views, and the mean recall
        over the three kinds on the calibration sets with it."""
        p = {k: probabilities(sig[k], mean, scale, w, b) for k in cal_keys}
        pd = np.concatenate([p[k][:, 0] for k in cal_keys if sets[k][1] == 0])
        t = float(min(0.5, np.quantile(pd, 1 - KEEP_VALIDATION)))
        recall = [np.mean(np.concatenate([decide(p[k], t) for k in cal_keys if sets[k][1] == c]) == c) for c in range(3)]
        return t, float(np.mean(recall))

    # The regularisation strength, and whether the camera-like views join the fit, with the best mean recall on the
    # calibration sets.
    trials = {}
    for with_made in (False, True):
        for c in C_GRID:
            w, b, mean, scale = fit(c, with_made)
            trials[c, with_made] = (w, b, mean, scale, *calibrate(w, b, mean, scale))
            say(
                f"photo kind: C {c}, camera-like views {'in' if with_made else 'out'}: threshold {trials[c, with_made][4]:.4f}, "
                f"calibration mean recall {trials[c, with_made][5]:.4f}"
            )
    c_best, made_best = max(trials, key=lambda k: trials[k][5])
    w, b, mean, scale, threshold, _ = trials[c_best, made_best]
    # The gate's numbers are written to 6 decimals, the threshold too: the fit's last digits vary with the BLAS
    # library's threads and memory alignment, and the same checkpoint must give the same metadata.json.
    threshold = round(threshold, 6)
    say(f"photo kind: chosen C {c_best}, camera-like views {'in' if made_best else 'out'}, dermoscopic threshold {threshold:.4f}")
    block = {
        "kinds": KINDS,
        "signals": {
            "pca": len(ood["eigenvalues"]),
            "mid": int(ood["mid"]["dims"]),
            "extra": ["ln mahalanobis", "ln residual", "ln mid", "brightness/255", "contrast/128", "ln(detail+0.001)", "skin"],
        },
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "weights": [[round(float(v), 6) for v in row] for row in w],
        "bias": [round(float(v), 6) for v in b],
        "dermoscopicThreshold": threshold,
    }
    record = {
        "method": (
            f"three-way logistic regression (C {c_best}, camera-like views {'in' if made_best else 'out of'} the fit, both chosen on the calibration "
            "sets) on the model's whitened PCA and mid-layer coordinates, the logs of the three out-of-scope distances and four photo statistics; "
            f"dermoscopic when its probability is at least {threshold:.3f} (keeps {KEEP_VALIDATION:.1%} of the validation lesion views), else the "
            "more probable of clinical and other"
        ),
        "clinicalFittedOn": "real photos taken without a dermatoscope: PAD-UFES-20 train (smartphone photos, Brazil) and isic2024_tiles train "
        "(total-body-photo tiles, five clinics)" + (", with camera-like views made from dermoscopic training images" if made_best else ""),
        "dermoscopicThreshold": threshold,
    }
    record["sets"] = set_rows(sets, sig, gate_kinds(block))  # as the app decides, with the numbers as written
    return block, record


def gate_kinds(block: dict) -> Callable[[np.ndarray], np.ndarray]:
    """Signals -> kind indices by metadata.json's photoKind block, as the app decides."""
    mean, scale, w, b = (np.array(block[k]) for k in ("mean", "scale", "weights", "bias"))
    return lambda s: decide(probabilities(s, mean, scale, w, b), block["dermoscopicThreshold"])


def print_table(rows: list[dict]) -> None:
    print(f"{'set':<74} {'role':<9} {'n':>5}  {'dermoscopic':>11} {'clinical':>8} {'other':>7}  target")
    for r in rows:
        s = r["shares"]
        other = f", other <= {r['maxOther']:.0%}" if "maxOther" in r else ""
        tgt = f"{r['expected']} >= {r['target']:.0%}{other}: {'met' if r['met'] else 'MISSED'}" if "target" in r else f"({r['expected']})"
        print(f"{r['set']:<74} {r['role']:<9} {r['n']:>5}  {s['dermoscopic']:>11.1%} {s['clinical']:>8.1%} {s['other']:>7.1%}  {tgt}")
