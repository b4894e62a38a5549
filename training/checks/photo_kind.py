"""Self-check of the photo-kind gate's arithmetic (lib/photo_kind.py signals, softmax and decide) on a seeded synthetic
case, against test/fixtures/photo-kind-reference.json, which test/unit/core/photo-kind.test.ts checks
src/core/photo-kind.ts against: the two languages agree through the same numbers. --write regenerates the file
(python3 -m training.checks.photo_kind --write)
(its numbers come from the direct formulas here, not from photo_kind.py)."""
from __future__ import annotations

import json
import sys

import numpy as np

from training.checks.report import report
from training.lib.photo_kind import decide, signals, softmax
from training.lib.paths import ROOT

REF = ROOT / "test" / "fixtures" / "photo-kind-reference.json"


def case() -> dict:
    """A model with k = 3 PCA and m = 2 mid-layer coordinates over 5 features, 7 classes, and 4 photos."""
    rng = np.random.default_rng(23)
    k, m, f, n = 3, 2, 5, 4
    ood = {"mean": rng.normal(0, 1, f).round(4).tolist(), "eigenvalues": [2.0, 1.0, 0.5], "classMeans": rng.normal(0, 1, (7, k)).round(4).tolist()}
    d = k + m + 7
    params = {
        "mean": rng.normal(0, 1, d).round(4).tolist(),
        "scale": rng.uniform(0.5, 2, d).round(4).tolist(),
        "weights": rng.normal(0, 0.5, (3, d)).round(4).tolist(),
        "bias": [3.5, -0.2, 0.1],
        "dermoscopicThreshold": 0.25,
    }
    photos = [
        {
            "z": rng.normal(0, 1, k + m).round(4).tolist(),
            "features": rng.normal(0, 2, f).round(4).tolist(),
            "stats": [float(rng.uniform(40, 220)), float(rng.uniform(5, 80)), float(rng.uniform(0.2, 15)), float(rng.uniform(0, 1))],
        }
        for _ in range(n)
    ]
    return {"ood": ood, "params": params, "photos": photos}


def direct(c: dict) -> list[dict]:
    """Each photo's distances, signals, probabilities and kind, written out one formula at a time."""
    ood, p = c["ood"], c["params"]
    k = len(ood["eigenvalues"])
    out = []
    for ph in c["photos"]:
        z, feats, (br, co, de, sk) = ph["z"], ph["features"], ph["stats"]
        maha = min(sum((z[i] - cm[i]) ** 2 for i in range(k)) / k for cm in ood["classMeans"])
        total = sum((feats[i] - ood["mean"][i]) ** 2 for i in range(len(feats)))
        inside = sum(ood["eigenvalues"][i] * z[i] ** 2 for i in range(k))
        resid = max(0.0, total - inside) / len(feats)
        mid = sum(v * v for v in z[k:]) / len(z[k:])
        s = list(z) + [np.log(maha + 1e-6), np.log(resid + 1e-6), np.log(mid + 1e-6), br / 255, co / 128, np.log(de + 1e-3), sk]
        scores = [p["bias"][c_] + sum(p["weights"][c_][i] * (s[i] - p["mean"][i]) / p["scale"][i] for i in range(len(s))) for c_ in range(3)]
        e = np.exp(np.array(scores) - max(scores))
        pr = (e / e.sum()).tolist()
        kind = "dermoscopic" if pr[0] >= p["dermoscopicThreshold"] else ("other" if pr[2] >= pr[1] else "clinical")
        out.append({"mahalanobis": maha, "residual": resid, "mid": mid, "signals": [float(v) for v in s], "probabilities": pr, "kind": kind})
    return out


def main() -> None:
    c = case()
    want = direct(c)
    if "--write" in sys.argv:
        REF.write_text(json.dumps(c | {"expected": want}, indent=1) + "\n")
        print(f"wrote {REF}")
        return
    ref = json.loads(REF.read_text())
    z = np.array([ph["z"] for ph in c["photos"]])
    feats = np.array([ph["features"] for ph in c["photos"]])
    stats = np.array([ph["stats"] for ph in c["photos"]])
    sig = signals(z, feats, stats, c["ood"])
    p = c["params"]
    pr = softmax(((sig - np.array(p["mean"])) / np.array(p["scale"])) @ np.array(p["weights"]).T + np.array(p["bias"]))
    kinds = ["dermoscopic", "clinical", "other"]
    report(
        "photo-kind",
        {
            "the reference file holds this case": (np.array(ref["photos"][0]["z"] + ref["params"]["bias"]), np.array(c["photos"][0]["z"] + p["bias"])),
            "signals (photo_kind.signals)": (sig, np.array([w["signals"] for w in want])),
            "signals as in the reference": (sig, np.array([w["signals"] for w in ref["expected"]])),
            "probabilities": (pr, np.array([w["probabilities"] for w in ref["expected"]])),
            "kinds (photo_kind.decide)": ([kinds.index(w["kind"]) for w in ref["expected"]], decide(pr, p["dermoscopicThreshold"])),
            "the case has more than one kind": (len({w["kind"] for w in want}) > 1, True),
        },
    )


if __name__ == "__main__":
    main()
