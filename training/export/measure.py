"""What the export measures, once, with everything fitted (lib/fit.py) and the float weights still at hand: the
internal test split's accuracy, ROC curves, calibration, quantization and out-of-scope rates, each a block of
public/model/metrics.json, with 95% intervals from a bootstrap over lesions.

A measurement that needs only the exported model is a measuring step instead (training/measure/), with its own
report file beside metrics.json.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from training.lib.fit import K_PCA, TARGET_KEEP, Gate
from training.lib.metrics import balanced_accuracy, cluster_bootstrap, confusion, ece, roc_curve, softmax
from training.lib.model import MID_LAYER
from training.lib.taxonomy import LABELS, MALIGNANT, ROC_TASKS, level


def with_ci(groups: np.ndarray, stat: Callable[[np.ndarray], float]) -> dict:
    return {"value": float(stat(np.arange(len(groups)))), "ci": cluster_bootstrap(groups, stat)}


def test_report(p: np.ndarray, y: np.ndarray, groups: np.ndarray, fraction: float) -> dict:
    """metrics.json "test": accuracy, balanced accuracy, per class, confusion, benign vs malignant, second level."""
    k = len(LABELS)
    pred = p.argmax(1)
    cm = confusion(y, pred, k)
    per_class = []
    for c in range(k):
        tp, fn = cm[c, c], cm[c].sum() - cm[c, c]
        fp, tn = cm[:, c].sum() - cm[c, c], cm.sum() - cm[c].sum() - cm[:, c].sum() + cm[c, c]
        per_class.append(
            {
                "label": LABELS[c],
                "support": int(cm[c].sum()),
                "sensitivity": float(tp / max(1, tp + fn)),
                "specificity": float(tn / max(1, tn + fp)),
                "ppv": float(tp / max(1, tp + fp)) if tp + fp else None,
            }
        )
    mal_true = np.isin(y, MALIGNANT)
    mal_pred = p[:, MALIGNANT].sum(1) >= 0.5
    second_ids, second = level(2)
    second = np.array(second)
    p_second = np.stack([p[:, second == j].sum(1) for j in range(len(second_ids))], 1)
    return {
        "view": f"centred square of {fraction:.0%} of the short side of the 200x150 frame (the app's default crop), resized to the model input",
        "accuracy": with_ci(groups, lambda i: float((pred[i] == y[i]).mean())),
        "balancedAccuracy": with_ci(groups, lambda i: balanced_accuracy(y[i], pred[i], k)),
        "perClass": per_class,
        "confusion": {"labels": LABELS, "matrix": cm.tolist()},
        "topLevel": {
            "accuracy": with_ci(groups, lambda i: float((mal_pred[i] == mal_true[i]).mean())),
            "malignantSensitivity": float(mal_pred[mal_true].mean()),
            "benignSpecificity": float((~mal_pred[~mal_true]).mean()),
        },
        "secondLevel": {"accuracy": with_ci(groups, lambda i: float((p_second[i].argmax(1) == second[y[i]]).mean()))},
    }


def roc_task(p: np.ndarray, y: np.ndarray, biopsy: np.ndarray, groups: np.ndarray, name: str, pos: list[str], neg: list[str]) -> dict:
    """One of the paper's Figure 3 tasks on the biopsy-proven images: positive vs negative classes by the share of
    the positive probability within the two, with the AUC's lesion-bootstrap interval and up to 200 curve points."""
    pi, ni = [LABELS.index(c) for c in pos], [LABELS.index(c) for c in neg]
    idx = np.where(biopsy & np.isin(y, pi + ni))[0]
    s_all = p[:, pi].sum(1) / np.maximum(1e-12, p[:, pi + ni].sum(1))
    yy_all = np.isin(y, pi).astype(int)

    def auc(sel: np.ndarray) -> float:
        sel = idx[np.isin(idx, sel)]
        if yy_all[sel].min() == yy_all[sel].max():
            raise ValueError("one class")
        return roc_curve(yy_all[sel], s_all[sel])[2]

    fpr, tpr, a = roc_curve(yy_all[idx], s_all[idx])
    keep = np.unique(np.linspace(0, len(fpr) - 1, min(len(fpr), 200)).astype(int))
    return {
        "task": name,
        "positive": pos,
        "negative": neg,
        "n": int(len(idx)),
        "n_positive": int(yy_all[idx].sum()),
        "biopsy_proven_only": True,
        "auc": {"value": a, "ci": cluster_bootstrap(groups, auc)},
        "points": [[round(float(fpr[i]), 4), round(float(tpr[i]), 4)] for i in keep],
    }


def roc_reports(p: np.ndarray, y: np.ndarray, biopsy: np.ndarray, groups: np.ndarray) -> list[dict]:
    """metrics.json "roc": the taxonomy's Figure 3 tasks."""
    return [roc_task(p, y, biopsy, groups, name, pos, neg) for name, (pos, neg) in ROC_TASKS.items()]


def calibration_report(logits: np.ndarray, y: np.ndarray, temperature: float) -> dict:
    """metrics.json "calibration": expected calibration error before and after the temperature."""
    e_before, bins_before = ece(softmax(logits, 1.0), y)
    e_after, bins_after = ece(softmax(logits, temperature), y)
    return {
        "temperature": temperature,
        "fitted_on": "validation split",
        "before": {"ece": e_before, "bins": bins_before},
        "after": {"ece": e_after, "bins": bins_after},
    }


def quantization_report(p_float: np.ndarray, p_quant: np.ndarray, y: np.ndarray, state: dict) -> dict:
    """metrics.json "quantization": the exported (quantized) weights against the checkpoint's float ones on the internal test."""
    k = len(LABELS)
    scheme = (
        "1x1 kernels uint8 per output channel, codes chosen by GPTQ on training images; other kernels float16; "
        "float32 biases (docs/model-contract.md, Weight encoding)"
    )
    if "source" in state:
        # from_export.py rebuilt this checkpoint from an export: its float weights are that export's, decoded.
        version = str(state["source"]).rsplit(" ", 1)[-1]
        scheme += f"; float weights: model {version}'s weights decoded to float32 (the float weights it was first exported from are not kept)"
    return {
        "scheme": scheme,
        "top1_agreement": float((p_quant.argmax(1) == p_float.argmax(1)).mean()),
        "max_abs_probability_difference": float(np.abs(p_quant - p_float).max()),
        "balanced_accuracy_float": balanced_accuracy(y, p_float.argmax(1), k),
        "balanced_accuracy_quantized": balanced_accuracy(y, p_quant.argmax(1), k),
    }


def ood_report(gate: Gate, ft: dict[str, np.ndarray], md: dict[str, np.ndarray], st: dict[str, np.ndarray], names: dict[str, list[str]]) -> dict:
    """metrics.json "ood": how many lesion photos the gate declines (it should keep them) and how many non-lesion
    images it declines (it should decline them all). `names`: the natural, generated and (if any) held-out images."""

    def declined(key: str, feats_only: bool = False, with_mid: bool = True) -> np.ndarray:
        return gate.declined(ft[key], md[key], st[key], feats_only, with_mid)

    nat_names, gen_names, held_names = names["natural"], names["generated"], names.get("heldout", [])
    dec_nat, dec_gen = declined("natural"), declined("generated")
    report = {
        "method": (
            f"class-conditional Mahalanobis distance in the top-{K_PCA} PCA subspace of the 1280-d features, plus the residual outside it (thresholds "
            f"at the {TARGET_KEEP:.3f} quantile of validation images and augmented validation images), plus a Mahalanobis distance on the pooled "
            f"{MID_LAYER} output (threshold at the 0.99 quantile)"
        ),
        "photo_check": (
            "and image statistics (brightness, contrast, detail, skin-coloured fraction; src/core/photo-stats.ts) within the central 99.8% of "
            "validation views"
        ),
        "thresholds": {"mahalanobis": gate.t_maha, "residual": gate.t_res, "mid": gate.t_mid, "photo": gate.ranges},
        "lesions_declined": {
            "internal_test": float(declined("test").mean()),
            "internal_test_sharp_224": float(declined("test_sharp").mean()),
            "internal_test_round_field_of_view": float(declined("test_round").mean()),
            "validation_augmented": float(declined("val_aug").mean()),
            "internal_test_features_only": float(declined("test", True).mean()),
            "internal_test_without_mid": float(declined("test", with_mid=False).mean()),
        },
        "non_lesions_declined": {
            "ood_natural": float(dec_nat.mean()),
            "ood_natural_n": len(nat_names),
            "generated": float(dec_gen.mean()),
            "generated_n": len(gen_names),
            "all": float(np.concatenate([dec_nat, dec_gen]).mean()),
            "features_only": float(np.concatenate([declined("natural", True), declined("generated", True)]).mean()),
            "without_mid": float(np.concatenate([declined("natural", with_mid=False), declined("generated", with_mid=False)]).mean()),
            "accepted": [n for n, d in zip(nat_names + gen_names, np.concatenate([dec_nat, dec_gen])) if not d],
        },
    }
    if held_names:
        dec_held = declined("heldout")
        report["heldout_natural"] = {
            "about": (
                "scikit-learn's two sample photos (china.jpg, flower.jpg), centre square and four corner quarters each; not used to choose the "
                "method or its thresholds"
            ),
            "declined": float(dec_held.mean()),
            "n": len(held_names),
            "accepted": [n for n, d in zip(held_names, dec_held) if not d],
        }
    return report


def sharp_report(logits: np.ndarray, y: np.ndarray, temperature: float, fraction: float) -> dict:
    """metrics.json "sharp": the test lesions' sharper 224x224 centre crops, where HAM10000 has one."""
    pred = softmax(logits, temperature).argmax(1)
    return {
        "view": f"the sharper 224x224 centre crops (test lesions that have one), centred {fraction:.0%} square",
        "images": len(y),
        "balancedAccuracy": balanced_accuracy(y, pred, len(LABELS)),
        "accuracy": float((pred == y).mean()),
    }
