"""Export a checkpoint as a model folder (public/model/, docs/model-contract.md): fit everything that ships with the
model on training and validation data (lib/fit.py: the default crop, prior correction, temperature and out-of-scope
gate; lib/photo_kind.py: the photo-kind gate, on the weights as exported), measure once on the lesion-grouped internal
test while the float weights are at hand (measure.py), and write model.json, weights.bin, metadata.json, metrics.json
and embedding.json, each once (write.py). The same checkpoint and arguments give the same files on the same day
(metadata.json and metrics.json record the date, --created). The measuring steps (training/measure/) then write their
reports beside them.

Usage: python3 -m training.export --ckpt training/runs/shipped/1.3.0.pt --version 1.3.1 [--out public/model] [--limit 10]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

from training.export import measure, write
from training.lib import fit, photo_kind, quantize
from training.lib.data import read_rows, split_by_lesion, trained_on
from training.lib.preprocess import eval_tensor
from training.lib.metrics import SEED, softmax
from training.lib.model import load_checkpoint, run
from training.lib.ood_cases import generated_cases, natural_photos
from training.lib.paths import MODEL, ROOT
from training.lib.photo_stats import photo_stats
from training.lib.saliency import saliency_report
from training.lib.shifts import round_field, scores, shift_report
from training.lib.tfjs_export import dequantized, tfjs_model, weight_files
from training.lib.tfjs_graph import decode_group


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=MODEL)
    ap.add_argument("--version", default="1.0.0")
    ap.add_argument("--created", default=time.strftime("%Y-%m-%d"), help="the export's date, recorded in metadata.json and metrics.json (default: today)")
    ap.add_argument("--cache", type=Path, default=ROOT / "training" / "runs" / "photo_kind_cache", help="photo-kind signals per set, keyed by model")
    ap.add_argument(
        "--photo-kind-scale",
        type=float,
        default=0.35,
        help="multiply the photo-kind fit and calibration set sizes (0.35: about 2,300 fit "
        "and 1,000 calibration images; scale 1 chose a gate with a lower calibration recall, docs/results/photo-kind-rule.md)",
    )
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0, help="use every n-th image of each split (a quick provisional export)")
    args = ap.parse_args()
    # One thread: training usually runs beside this, and two 2-thread OpenMP jobs on 2 cores stall each other.
    torch.set_num_threads(args.threads)
    t0 = time.time()
    say = lambda m: print(f"[{time.time() - t0:6.0f}s] {m}", flush=True)  # noqa: E731

    model, state = load_checkpoint(args.ckpt)
    size = state["size"]
    sog = state.get("sog_p", 0)  # shades-of-grey norm the checkpoint was trained with (0: none)
    parts = split_by_lesion(read_rows())
    if args.limit:
        parts = {kk: v[:: args.limit] for kk, v in parts.items()}
    ys = {k: np.array([r.label for r in v]) for k, v in parts.items()}
    say(f"checkpoint epoch {state['epoch']} (val bacc {state['val_bacc']:.4f}), size {size}")

    fraction, crop_scores = fit.fit_crop(model, parts["val"], ys["val"], size, sog)
    say(f"default crop on validation (fraction: balanced acc): {crop_scores}; chosen {fraction}")

    # Every view the fits and measures need, through the model once: logits, features, mid-layer, photo statistics.
    lg, ft, md, st = {}, {}, {}, {}

    def add(key: str, x: torch.Tensor) -> None:
        lg[key], ft[key], md[key] = run(model, x)
        st[key] = photo_stats(x)
        say(f"{key}: {len(x)} images")

    for k in ("train", "val", "test"):
        add(k, eval_tensor(parts[k], size, fraction=fraction, sog_p=sog))
    add("val_aug", fit.augmented_views(parts["val"], size, SEED, sog))
    sharp_rows = [r for r in parts["test"] if r.crop]
    add("test_sharp", eval_tensor(sharp_rows, size, sharp=True, fraction=fraction, sog_p=sog))
    add("test_round", eval_tensor(parts["test"], size, fraction=fraction, sog_p=sog, shift=lambda im: round_field(im, 1.0)))
    names = {}
    for key, (n, x) in (
        ("natural", natural_photos(size, fraction, sog)),
        ("generated", generated_cases(size, fraction, sog)),
        ("heldout", fit.heldout_natural(size, fraction, sog)),
    ):
        if n or key != "heldout":  # the held-out photos need scikit-learn
            names[key] = n
            add(key, x)

    alpha, scored, adjust = fit.fit_prior(lg["val"], ys["val"], ys["train"])
    say("prior correction on validation (alpha: balanced acc, top-level acc): " + ", ".join(f"{a}: {b:.3f}/{t:.3f}" for a, (b, t) in scored.items()))
    say(f"chosen alpha {alpha}")
    for key in lg:
        lg[key] = lg[key] + adjust
    with torch.no_grad():  # folded into the exported head's bias
        model.head.bias.add_(torch.tensor(adjust, dtype=model.head.bias.dtype))
    T = fit.fit_temperature(lg["val"], ys["val"])
    ood, mid = fit.fit_projections(ft["train"], ys["train"], md["train"])
    gate = fit.fit_gate(
        ood, mid, np.concatenate([ft["val"], ft["val_aug"]]), np.concatenate([md["val"], md["val_aug"]]), np.concatenate([st["val"], st["val_aug"]])
    )

    y = ys["test"]
    p_test = softmax(lg["test"], T)
    groups = np.array([r.lesion_id for r in parts["test"]])
    # The 1x1 kernels' uint8 codes by GPTQ on training images (lib/quantize.py), then quantized vs float: the same
    # encoding as the export, decoded back into the torch model.
    train = parts["train"]
    calib = train[:: max(1, len(train) // quantize.CALIBRATION_IMAGES)][: quantize.CALIBRATION_IMAGES]
    gptq_model, grids = quantize.calibrated(model, eval_tensor(calib, size, fraction=fraction, sog_p=sog))
    say(f"GPTQ codes on {len(calib)} training images")
    qmodel = dequantized(gptq_model, ood.w, ood.b, (mid.w, mid.b), grids=grids).eval()
    p_quant = softmax(run(qmodel, eval_tensor(parts["test"], size, fraction=fraction, sog_p=sog))[0], T)
    quant = measure.quantization_report(p_test, p_quant, y, state)
    say(f"quantized: {quant}")
    # Robustness: the internal test as another camera or lamp might take it (lib/shifts.py), same decision rule.
    shifted = shift_report(lambda x: run(model, x)[0] / T, parts["test"], size, fraction, sog, scores(lg["test"] / T, y), say)
    ood_metrics = measure.ood_report(gate, ft, md, st, names)
    say(f"ood: {json.dumps(ood_metrics)}")
    # Every third test photo: about 2 minutes of backward passes on 2 CPU cores.
    saliency = saliency_report(qmodel, parts["test"][::3], size, fraction, T)
    say(f"saliency: {json.dumps(saliency)}")

    metrics = {
        "created": args.created,
        "model": {"version": args.version, "checkpoint_epoch": int(state["epoch"]), "input_size": size, "trained_on": trained_on(state)},
        "command": " ".join(["python3", "-m", "training.export", *sys.argv[1:]]),
        "split": {kk: {"images": len(v), "lesions": len({r.lesion_id for r in v})} for kk, v in parts.items()},
        "test": measure.test_report(p_test, y, groups, fraction),
        "crop": {"fraction": fraction, "fitted_on": "validation split", "validation_balanced_accuracy": {str(k): v for k, v in crop_scores.items()}},
        "sharp": measure.sharp_report(lg["test_sharp"], np.array([r.label for r in sharp_rows]), T, fraction),
        "roc": measure.roc_reports(p_test, y, np.array([r.biopsy for r in parts["test"]]), groups),
        "prior_correction": {
            "alpha": alpha,
            "fitted_on": "validation split",
            "validation_scores": {str(a): {"balancedAccuracy": b, "topLevelAccuracy": t} for a, (b, t) in scored.items()},
        },
        "calibration": measure.calibration_report(lg["test"], y, T),
        "quantization": quant,
        "shifted": shifted,
        "ood": ood_metrics,
        "saliency": saliency,
    }
    say(
        (
            f"balanced acc {metrics['test']['balancedAccuracy']}, top-level {metrics['test']['topLevel']['accuracy']}, roc "
            f"{[(r['task'], r['auc']) for r in metrics['roc']]}"
        )
    )

    spec, weights = tfjs_model(gptq_model, size, ood.w, ood.b, quantize=True, mid=(mid.w, mid.b), grids=grids)
    meta = write.metadata(
        gate,
        weight_files(weights),
        version=args.version,
        created=args.created,
        size=size,
        fraction=fraction,
        sog=sog,
        temperature=T,
        quantization=quant["scheme"],
        trained_on=trained_on(state),
    )
    # The photo-kind gate, fitted on the signals the app will compute: the weights as exported (qmodel) and the exported
    # projections, decoded from the shard as the app decodes them.
    net = photo_kind.Net(qmodel, decode_group(weights, spec["weightsManifest"][0]["weights"]), meta, photo_kind.cache_key(weights, meta))
    sets = photo_kind.photo_sets(net, args.photo_kind_scale, 1, False)
    sig = photo_kind.set_signals(net, sets, ("fit", "calibrate"), args.cache, args.photo_kind_scale, 1, False, say)
    meta["photoKind"], metrics["photoKind"] = photo_kind.fit_gate(sets, sig, meta["ood"], say)
    write.write_folder(args.out, spec, weights, meta, metrics, write.embedding(ft["test"], y, gate))
    say(f"wrote {args.out}")


if __name__ == "__main__":
    main()
