"""Score checkpoints by the multi-source selection rule, on validation data only: HAM10000 validation balanced
accuracy (the default field-square view of the 200x150 frame) and melanoma-vs-nevus AUC on isic2017's val split
(another clinic's photos, held out of training). A candidate passes when its balanced accuracy is at least the floor
and its AUC at least the reference's; of those that pass, the one with the higher mean of the two scores is picked.

Balanced accuracy is taken on raw logits, as train.py logs it (docs/results/stage20-rule.md, floor --floor), or with
--corrected after the prior correction that training.export fits and the app applies, cross-fitted over two
lesion-disjoint halves of validation so that no image is scored with an alpha fitted on itself; the floor is then
the reference's own corrected score minus --margin (docs/results/stage21-rule.md).

--model2 instead applies model 2's rule (docs/results/stage22-rule.md): isic2017 val melanoma-vs-nevus AUC above the
reference's (the 2.5th percentile of a paired bootstrap of the difference above 0), pad_ufes20 val
malignant-vs-benign AUC at least 0.75, and on HAM10000 val, after the prior correction the export fits, balanced
accuracy no more than 0.04 and melanoma-vs-nevus AUC no more than 0.02 below the reference's.

Usage: python3 -m training.select --reference training/runs/shipped/1.3.0.pt [--corrected] CANDIDATE.pt [...]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch

from training.lib.fit import fit_prior
from training.lib.data import read_external, read_rows, split_by_lesion
from training.lib.preprocess import eval_tensor
from training.lib.taxonomy import LABELS, MEL, NV
from training.lib.metrics import balanced_accuracy, malignant_vs_benign_auc, melanoma_vs_nevus_auc, softmax
from training.lib.model import load_checkpoint


HALVES_SEED = 21


def lesion_halves(lesions: list[str], seed: int = HALVES_SEED) -> np.ndarray:
    """A boolean mask: True for the images of a random half of the lesions (every image of a lesion on one side)."""
    names = sorted(set(lesions))
    chosen = set(np.random.default_rng(seed).permutation(names)[: len(names) // 2])
    return np.array([les in chosen for les in lesions])


def cross_fitted_prediction(z: np.ndarray, y: np.ndarray, lesions: list[str], y_train: np.ndarray) -> tuple[np.ndarray, list[float]]:
    """Top-1 after the prior correction, its alpha fitted on one half of the lesions and applied to the other."""
    half = lesion_halves(lesions)
    pred, alphas = np.empty(len(y), dtype=int), []
    for fit_on in (half, ~half):
        alpha, _, adjust = fit_prior(z[fit_on], y[fit_on], y_train)
        pred[~fit_on] = (z[~fit_on] + adjust).argmax(1)
        alphas.append(alpha)
    return pred, alphas


def logits(model: torch.nn.Module, rows: list, size: int, sog: float) -> np.ndarray:
    with torch.no_grad():
        x = eval_tensor(rows, size, sog_p=sog)
        return torch.cat([model(x[i : i + 128]) for i in range(0, len(x), 128)]).numpy().astype(np.float64)


def validation_scores(ckpt: Path, corrected: bool = False) -> dict:
    model, state = load_checkpoint(ckpt)
    size, sog = state["size"], state.get("sog_p", 0)
    parts = split_by_lesion(read_rows())
    y_train = np.array([r.label for r in parts["train"]])
    scores = {}
    for name, rows in (("ham10000_val", parts["val"]), ("isic2017_val", read_external("isic2017", ("val",)))):
        z = logits(model, rows, size, sog)
        y = np.array([r.label for r in rows])
        scores[name] = {
            "balanced_accuracy": balanced_accuracy(y, z.argmax(1), len(LABELS)),
            "melanoma_vs_nevus_auc": melanoma_vs_nevus_auc(y, softmax(z), MEL, NV),
        }
        if corrected and name == "ham10000_val":
            pred, alphas = cross_fitted_prediction(z, y, [r.lesion_id for r in rows], y_train)
            scores[name]["corrected_balanced_accuracy"] = balanced_accuracy(y, pred, len(LABELS))
            scores[name]["cross_fitted_alphas"] = alphas
    ham = scores["ham10000_val"]
    return {
        "checkpoint": str(ckpt),
        "bacc": ham["corrected_balanced_accuracy"] if corrected else ham["balanced_accuracy"],
        "auc": scores["isic2017_val"]["melanoma_vs_nevus_auc"],
        "detail": scores,
    }


# Model 2's rule (docs/results/stage22-rule.md).
PHONE_AUC_FLOOR, BACC_MARGIN, AUC_MARGIN, BOOTSTRAP, BOOTSTRAP_SEED = 0.75, 0.04, 0.02, 2000, 22


def model2_scores(ckpt: Path) -> dict:
    """The validation scores model 2's rule reads, with the isic2017 val probabilities for the paired bootstrap."""
    model, state = load_checkpoint(ckpt)
    size, sog = state["size"], state.get("sog_p", 0)
    parts = split_by_lesion(read_rows())
    y_train = np.array([r.label for r in parts["train"]])
    ham = parts["val"]
    z = logits(model, ham, size, sog)
    y = np.array([r.label for r in ham])
    alpha, _, adjust = fit_prior(z, y, y_train)
    xval = read_external("isic2017", ("val",))
    p_x = softmax(logits(model, xval, size, sog))
    pval = read_external("pad_ufes20", ("val",))
    p_phone = softmax(logits(model, pval, size, sog))
    return {
        "checkpoint": str(ckpt),
        "ham10000_val_corrected_balanced_accuracy": balanced_accuracy(y, (z + adjust).argmax(1), len(LABELS)),
        "ham10000_val_prior_alpha": alpha,
        "ham10000_val_balanced_accuracy_raw": balanced_accuracy(y, z.argmax(1), len(LABELS)),
        "ham10000_val_melanoma_vs_nevus_auc": melanoma_vs_nevus_auc(y, softmax(z), MEL, NV),
        "isic2017_val_melanoma_vs_nevus_auc": melanoma_vs_nevus_auc(np.array([r.label for r in xval]), p_x, MEL, NV),
        "pad_ufes20_val_malignant_vs_benign_auc": malignant_vs_benign_auc(np.array([r.is_malignant for r in pval]), p_phone),
        "_isic2017_val": (np.array([r.label for r in xval]), p_x),
    }


def paired_auc_interval(y: np.ndarray, p_cand: np.ndarray, p_ref: np.ndarray) -> list[float]:
    """95% percentile interval of AUC(candidate) - AUC(reference) over paired bootstrap resamples of the images."""
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    diffs = []
    for _ in range(BOOTSTRAP):
        i = rng.integers(0, len(y), len(y))
        try:
            diffs.append(melanoma_vs_nevus_auc(y[i], p_cand[i], MEL, NV) - melanoma_vs_nevus_auc(y[i], p_ref[i], MEL, NV))
        except ValueError:  # a resample without one of the two classes
            continue
    return [float(np.percentile(diffs, 2.5)), float(np.percentile(diffs, 97.5))]


def model2_rule(reference: Path, candidates: list[Path]) -> None:
    ref = model2_scores(reference)
    y, p_ref = ref.pop("_isic2017_val")
    print(f"reference {reference}: " + ", ".join(f"{k} {v:.4f}" for k, v in ref.items() if k != "checkpoint"), flush=True)
    out = []
    for c in candidates:
        s = model2_scores(c)
        _, p_c = s.pop("_isic2017_val")
        lo, hi = paired_auc_interval(y, p_c, p_ref)
        tests = {
            "a: isic2017 val AUC above the reference's (paired 95% interval of the difference above 0)": lo > 0,
            f"b: pad_ufes20 val malignant-vs-benign AUC >= {PHONE_AUC_FLOOR}": s["pad_ufes20_val_malignant_vs_benign_auc"] >= PHONE_AUC_FLOOR,
            f"c: HAM10000 val corrected balanced accuracy >= reference - {BACC_MARGIN}": s["ham10000_val_corrected_balanced_accuracy"]
            >= ref["ham10000_val_corrected_balanced_accuracy"] - BACC_MARGIN,
            f"c: HAM10000 val melanoma-vs-nevus AUC >= reference - {AUC_MARGIN}": s["ham10000_val_melanoma_vs_nevus_auc"]
            >= ref["ham10000_val_melanoma_vs_nevus_auc"] - AUC_MARGIN,
        }
        s |= {"isic2017_val_auc_difference_interval": [lo, hi], "tests": tests, "passes": all(tests.values())}
        out.append(s)
        print(
            f"candidate {c}: "
            + ", ".join(f"{k} {v:.4f}" for k, v in s.items() if isinstance(v, float))
            + f", isic2017 val AUC difference 95% interval [{lo:+.4f}, {hi:+.4f}]"
        )
        for name, ok in tests.items():
            print(f"  {'pass' if ok else 'FAIL'}: {name}")
        print(f"  {'passes' if s['passes'] else 'fails'}", flush=True)
    print(json.dumps({"reference": ref, "candidates": out}, indent=1))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reference", type=Path, required=True, help="the shipped model's checkpoint: its isic2017-val AUC is the AUC floor")
    ap.add_argument("--floor", type=float, default=0.70, help="HAM10000 validation balanced accuracy floor (raw logits)")
    ap.add_argument(
        "--corrected", action="store_true", help="judge HAM10000 validation after the cross-fitted prior correction; floor = the reference's minus --margin"
    )
    ap.add_argument("--margin", type=float, default=0.02, help="with --corrected: how far below the reference's balanced accuracy a candidate may be")
    ap.add_argument("--model2", action="store_true", help="model 2's rule (docs/results/stage22-rule.md) instead")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("candidates", type=Path, nargs="+")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    if args.model2:
        return model2_rule(args.reference, args.candidates)
    kind = "prior-corrected (cross-fitted)" if args.corrected else "raw-logit"
    ref = validation_scores(args.reference, args.corrected)
    floor = ref["bacc"] - args.margin if args.corrected else args.floor
    print(f"reference {ref['checkpoint']}: HAM10000 val {kind} balanced accuracy {ref['bacc']:.4f}, isic2017 val melanoma vs nevus AUC {ref['auc']:.4f}")
    rows = []
    for c in args.candidates:
        s = validation_scores(c, args.corrected)
        s["passes"] = s["bacc"] >= floor and s["auc"] >= ref["auc"]
        s["mean"] = (s["bacc"] + s["auc"]) / 2
        rows.append(s)
        print(
            f"candidate {c}: HAM10000 val {kind} balanced accuracy {s['bacc']:.4f} (floor {floor:.4f}), isic2017 val AUC {s['auc']:.4f} "
            f"(floor {ref['auc']:.4f}), mean {s['mean']:.4f}: {'passes' if s['passes'] else 'fails'}",
            flush=True,
        )
    passing = [s for s in rows if s["passes"]]
    pick = max(passing, key=lambda s: s["mean"]) if passing else None
    print(f"picked: {pick['checkpoint'] if pick else 'none (the shipped model stays)'}")
    print(
        json.dumps({"reference": ref, "balanced_accuracy": kind, "floor": floor, "candidates": rows, "picked": pick["checkpoint"] if pick else None}, indent=1)
    )


if __name__ == "__main__":
    main()
