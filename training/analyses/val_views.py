"""Validation-only questions about views and checkpoints, each answered with a paired lesion bootstrap (the same
resampled lesions for both sides, so the interval is for the difference, which is much tighter than either score's).

  --tta: does averaging the model over flips / right-angle rotations (test-time augmentation) or over several
         centred crops help the checkpoint, against its single default view?
  --vs B.pt: is the checkpoint better than B on the same view? (balanced accuracy, benign vs malignant accuracy and
         melanoma-vs-nevus AUC on the biopsy-proven pairs, the three headline measures, each with a paired interval; and
         the benign-vs-malignant AUC of the summed malignant probability, which needs no threshold, though the prior
         correction still moves it by reweighting the classes inside that sum (1.3.0: 0.883 at alpha 0.05, 0.892 at
         0.25): a model can trade balanced accuracy for benign-vs-malignant accuracy, as a larger prior correction
         does, without ranking photos any better)
  --vs B.pt --at-top 0.85: and at matched operating points: each model with the smallest prior correction at which
         its benign-vs-malignant accuracy reaches 0.85 (both are wanted at one operating point)
  --vs B.pt --shifts: and under each camera/light shift of lib/shifts.py (plus a narrower round field of view), and on
         the mean balanced accuracy over the shifts of lib/shifts.py?
  --field-crop: does the default crop fitted inside a round field of view (data.field_square) help the checkpoint,
         against the plain centre square, on clean photos, under each shift and under narrower round fields?
  --sizes 256,288: does the checkpoint gain from a larger input than it was trained at (the "FixRes" effect,
         Touvron et al. 2019: random-crop training shows objects larger than a centre crop does)?

Usage: python3 -m training.analyses.val_views --ckpt A.pt [--tta] [--vs B.pt [--shifts] [--at-top 0.85]] [--field-crop]
       [--sizes 256,288] [--fraction 0.8] [--alpha 0.05] [--threads 1]
--fraction and --alpha default to the shipped model's crop and prior correction (public/model/metrics.json).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

from training.lib.data import read_rows, split_by_lesion
from training.lib.paths import ROOT
from training.lib.preprocess import eval_tensor
from training.lib.taxonomy import LABELS, MALIGNANT, MEL, NV
from training.lib.metrics import balanced_accuracy, cluster_bootstrap, roc_curve, softmax
from training.lib.model import SkinNet, load_checkpoint, run
from training.lib.shifts import SHIFTS, round_field

# The dihedral group of the square: the identity, flips, transposes (right-angle rotations combined with flips).
VIEWS = {
    "identity": lambda t: t,
    "hflip": lambda t: t.flip(3),
    "vflip": lambda t: t.flip(2),
    "rot180": lambda t: t.flip(2).flip(3),
    "transpose": lambda t: t.transpose(2, 3),
    "rot90": lambda t: t.transpose(2, 3).flip(3),
    "rot270": lambda t: t.transpose(2, 3).flip(2),
    "antitranspose": lambda t: t.transpose(2, 3).flip(2).flip(3),
}
VIEW_SETS = {"2 (flip)": ["identity", "hflip"], "4 (flips)": ["identity", "hflip", "vflip", "rot180"], "8 (dihedral)": list(VIEWS)}
CROP_SETS = [(0.7, 0.8, 0.9), (0.6, 0.8, 1.0), (0.7, 0.8, 0.9, 1.0), (0.6, 0.7, 0.8, 0.9, 1.0)]


def narrow_fields(*diameters: float) -> dict:
    """Round fields of view narrower than lib/shifts.py's (which is as wide as the short side), as named shifts."""
    return {f"round field of view, diameter {d} x the short side": (lambda d: lambda im: round_field(im, d))(d) for d in diameters}


def logits(model: SkinNet, x: torch.Tensor, view=VIEWS["identity"]) -> np.ndarray:
    return run(model, view(x))[0]


def main() -> None:
    shipped = json.loads((ROOT / "public" / "model" / "metrics.json").read_text())
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", type=Path, required=True)
    ap.add_argument("--tta", action="store_true")
    ap.add_argument("--vs", type=Path)
    ap.add_argument("--shifts", action="store_true", help="with --vs: compare the two under each shift too")
    ap.add_argument(
        "--at-top",
        type=float,
        metavar="ACC",
        help="with --vs: also compare balanced accuracy where each model's benign-vs-malignant accuracy first reaches ACC",
    )
    ap.add_argument("--field-crop", action="store_true", help="compare the fitted crop with the plain centre square")
    ap.add_argument("--sizes", type=lambda v: [int(x) for x in v.split(",")], default=[], help="input sizes to compare with the trained one")
    ap.add_argument("--fraction", type=float, default=shipped["crop"]["fraction"])
    ap.add_argument("--alpha", type=float, default=shipped["prior_correction"]["alpha"])
    ap.add_argument("--threads", type=int, default=2, help="1 while a training runs beside it (two 2-thread jobs on 2 cores stall each other)")
    args = ap.parse_args()
    if (args.shifts or args.at_top) and not args.vs:
        sys.exit("--shifts and --at-top compare two checkpoints: give --vs too")
    torch.set_num_threads(args.threads)
    model, state = load_checkpoint(args.ckpt)
    size, sog = state["size"], state.get("sog_p", 0)
    parts = split_by_lesion(read_rows())
    rows = parts["val"]
    y = np.array([r.label for r in rows])
    groups = np.array([r.lesion_id for r in rows])
    bio = np.array([r.biopsy for r in rows])
    log_prior = np.log(np.bincount([r.label for r in parts["train"]], minlength=len(LABELS)) / len(parts["train"]))
    adjust = args.alpha * log_prior
    pair = bio & np.isin(y, [MEL, NV])

    malignant = np.isin(y, MALIGNANT)

    def measures(z: np.ndarray, alpha: float = args.alpha) -> dict:
        """Each reported score as a function of a set of image indices (all of them, or a bootstrap resample)."""
        p = softmax(z + alpha * log_prior)
        pred, called = p.argmax(1), p[:, MALIGNANT].sum(1) >= 0.5
        mel_score = p[:, MEL] / (p[:, MEL] + p[:, NV])

        def auc(truth: np.ndarray, score: np.ndarray) -> float:
            return roc_curve(truth.astype(int), score)[2] if 0 < truth.sum() < len(truth) else float("nan")

        return {
            "balanced acc": lambda i: balanced_accuracy(y[i], pred[i], len(LABELS)),
            "benign vs malignant": lambda i: float((called[i] == malignant[i]).mean()),
            "benign vs malignant AUC": lambda i: auc(malignant[i], p[i][:, MALIGNANT].sum(1)),
            "melanoma vs nevus AUC (biopsy-proven)": lambda i: auc(y[i][pair[i]] == MEL, mel_score[i][pair[i]]),
        }

    everything = np.arange(len(y))

    def scores(z: np.ndarray, alpha: float = args.alpha) -> str:
        return ", ".join(f"{name} {f(everything):.4f}" for name, f in measures(z, alpha).items())

    def at_top(z: np.ndarray, target: float) -> float | None:
        """The smallest prior correction (0 to 2 in steps of 0.05) at which benign vs malignant reaches target."""
        return next((a for a in np.round(np.arange(0, 2.0001, 0.05), 2) if measures(z, a)["benign vs malignant"](everything) >= target), None)

    def paired(fa, fb) -> str:
        """fa - fb on all images, with the 95% interval of a lesion bootstrap that resamples both sides alike."""
        diff = lambda i: fa(i) - fb(i)  # noqa: E731
        lo, hi = cluster_bootstrap(groups, diff, n=500)
        return f"difference {diff(everything):+.4f} (95% paired interval {lo:+.4f} to {hi:+.4f})"

    def versus(z: np.ndarray, ref: np.ndarray) -> str:
        """Paired differences z - ref of each score."""
        return "; ".join(f"{name} {paired(fa, fb)}" for (name, fa), fb in zip(measures(z).items(), measures(ref).values()))

    def mean_over(pairs: list[tuple[np.ndarray, np.ndarray]]) -> str:
        """Mean balanced accuracy over several shifted views, both sides, and the paired difference."""

        def mean_of(side: tuple[np.ndarray, ...]):
            fs = [measures(z)["balanced acc"] for z in side]
            return lambda i: float(np.mean([f(i) for f in fs]))

        fa, fb = (mean_of(side) for side in zip(*pairs))
        return f"{fa(everything):.4f} vs {fb(everything):.4f}, {paired(fa, fb)}"

    print(f"validation: {len(y)} images of {len(set(groups))} lesions; crop {args.fraction}, prior correction alpha {args.alpha}")
    x = eval_tensor(rows, size, fraction=args.fraction, sog_p=sog)
    base = logits(model, x)
    print(f"{args.ckpt}: {scores(base)}", flush=True)
    if args.vs:
        other, o_state = load_checkpoint(args.vs)
        if (o_state["size"], o_state.get("sog_p", 0)) != (size, sog):
            sys.exit("the two checkpoints differ in input size or colour constancy")
        ref = logits(other, x)
        print(f"{args.vs}: {scores(ref)}")
        print(f"{args.ckpt} vs {args.vs}: {versus(base, ref)}", flush=True)
        if args.shifts:
            shifted = []
            for name, f in (SHIFTS | narrow_fields(0.9)).items():
                xs = eval_tensor(rows, size, fraction=args.fraction, sog_p=sog, shift=f)
                za, zb = logits(model, xs), logits(other, xs)
                shifted += [(za, zb)] if name in SHIFTS else []
                print(f"shift {name}:\n  {args.ckpt}: {scores(za)}\n  {args.vs}: {scores(zb)}\n  {versus(za, zb)}", flush=True)
            print(f"mean balanced accuracy over the {len(shifted)} shifts of lib/shifts.py: {mean_over(shifted)}", flush=True)
        if args.at_top:
            alphas = {args.ckpt: at_top(base, args.at_top), args.vs: at_top(ref, args.at_top)}
            print(f"at benign vs malignant >= {args.at_top} (each model's smallest prior correction that reaches it):")
            for name, z in ((args.ckpt, base), (args.vs, ref)):
                print(f"  {name}: " + ("never reached" if alphas[name] is None else f"alpha {alphas[name]}: {scores(z, alphas[name])}"))
            if None not in alphas.values():
                fa, fb = measures(base, alphas[args.ckpt])["balanced acc"], measures(ref, alphas[args.vs])["balanced acc"]
                print(f"  balanced acc {paired(fa, fb)} (the prior corrections stay fixed in the bootstrap)", flush=True)
    if args.field_crop:
        plain = logits(model, eval_tensor(rows, size, fraction=args.fraction, sog_p=sog, fit_field=False))
        changed = int((np.abs(plain - base).max(1) > 0).sum())
        print(
            f"clean photos: the fitted crop differs from the plain square on {changed} of {len(y)}; fitted {scores(base)}; "
            f"plain {scores(plain)}; {versus(base, plain)}",
            flush=True,
        )
        for name, f in (SHIFTS | narrow_fields(0.9, 0.8)).items():
            za, zb = (logits(model, eval_tensor(rows, size, fraction=args.fraction, sog_p=sog, shift=f, fit_field=ff)) for ff in (True, False))
            print(f"shift {name}:\n  fitted crop: {scores(za)}\n  plain square: {scores(zb)}\n  fitted vs plain: {versus(za, zb)}", flush=True)
    for s in args.sizes:
        z = logits(model, eval_tensor(rows, s, fraction=args.fraction, sog_p=sog))
        print(f"input {s} px instead of {size}: {scores(z)}; vs {size} px: {versus(z, base)}", flush=True)
    if args.tta:
        per_view = {"identity": base} | {k: logits(model, x, v) for k, v in VIEWS.items() if k != "identity"}
        for k, z in per_view.items():
            print(f"  view {k}: balanced acc {balanced_accuracy(y, (z + adjust).argmax(1), len(LABELS)):.4f}")
        for name, keys in VIEW_SETS.items():
            for how, z in (
                ("mean logits", np.mean([per_view[k] for k in keys], 0)),
                ("mean probabilities", np.log(np.mean([softmax(per_view[k]) for k in keys], 0))),
            ):
                print(f"TTA {name}, {how}: {scores(z)}; vs one view: {versus(z, base)}", flush=True)
        per_crop = {args.fraction: base} | {
            f: logits(model, eval_tensor(rows, size, fraction=f, sog_p=sog)) for f in sorted({f for s in CROP_SETS for f in s} - {args.fraction})
        }
        for f, z in sorted(per_crop.items()):
            print(f"  crop {f}: balanced acc {balanced_accuracy(y, (z + adjust).argmax(1), len(LABELS)):.4f}")
        for crops in CROP_SETS:
            z = np.mean([per_crop[f] for f in crops], 0)
            print(f"crops {crops}, mean logits: {scores(z)}; vs one crop: {versus(z, base)}", flush=True)


if __name__ == "__main__":
    main()
