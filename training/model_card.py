"""The model card, written from public/model/ (metrics.json with the measuring steps' reports beside it, metadata.json)
and taxonomy.json, so that every number in docs/model-card.md and README.md's results tables comes from the export's
and the measuring steps' output, never retyped.

Usage: python3 -m training.model_card --markdown > docs/model-card.md     (the full card)
       python3 -m training.model_card --summary                           (README.md's results table)
test/unit/training/model-card.test.ts checks that both committed copies match what this prints.
Needs only the standard library.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from training.lib.paths import MODEL
from training.lib.provenance import DATA, PHOTO_DATA
from training.lib.reports import read_metrics
from training.lib.taxonomy import LABELS, MEL, TREE, level, names as node_names

SPELLED = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}
# "seven diagnoses", from the taxonomy's leaves.
DIAGNOSES = f"{SPELLED.get(len(LABELS), len(LABELS))} diagnoses"


def load(model_dir: Path = MODEL) -> tuple[dict, dict, dict[str, str]]:
    """metrics.json with the reports merged in (lib/reports.py), metadata.json, and each taxonomy id's name."""
    return read_metrics(model_dir), json.loads((model_dir / "metadata.json").read_text()), node_names(TREE)


def ci(d: dict) -> str:
    return f"{d['value']:.3f} (95% CI {d['ci'][0]:.3f}-{d['ci'][1]:.3f})"


def summary(m: dict) -> str:
    """The headline numbers: README.md's results table."""
    t = m["test"]
    melanoma = next(r for r in m["roc"] if r["task"] == "melanoma vs nevus")
    rows = [
        "| internal test (HAM10000, lesions never used in training) | value |",
        "|---|---|",
        f"| balanced accuracy over the {DIAGNOSES} | {ci(t['balancedAccuracy'])} |",
        f"| benign vs malignant accuracy | {ci(t['topLevel']['accuracy'])} |",
        f"| melanoma vs nevus ROC AUC (biopsy-proven) | {ci(melanoma['auc'])} |",
        f"| melanoma sensitivity | {next(p for p in t['perClass'] if p['label'] == LABELS[MEL])['sensitivity']:.3f} |",
        (
            f"| non-lesion images declined / lesion photos wrongly declined | {m['ood']['non_lesions_declined']['all']:.3f} / "
            f"{m['ood']['lesions_declined']['internal_test']:.3f} |"
        ),
    ]
    if "crossClinic" in m:
        rows += ["", cross_clinic_table(m["crossClinic"])]
    return "\n".join(rows)


def cross_clinic_table(cc: dict) -> str:
    """The internal test beside the other clinics' photos (training/measure/cross_clinic.py), one column a set."""
    sets = list(cc["sets"].values())

    def cell(e: dict, key: str) -> str:
        return "-" if key not in e else ci(e[key]) if "ci" in e[key] else f"{e[key]['value']:.3f}"

    rows = ["| each photo through the batch CLI | " + " | ".join(f"{e['name']} ({e['images']} photos)" for e in sets) + " |", "|---|" + "---|" * len(sets)]
    for key, label in (
        ("balancedAccuracy", "balanced accuracy over the classes present"),
        ("melanomaVsNevusAuc", "melanoma vs nevus ROC AUC"),
        ("malignantVsBenignAuc", "malignant vs benign ROC AUC"),
        ("melanomaSensitivity", "melanoma sensitivity"),
        ("declined", "share not analysed (clinical or declined)"),
    ):
        rows.append(f"| {label} | " + " | ".join(cell(e, key) for e in sets) + " |")
    return "\n".join(rows)


def photo_kinds(pk: dict) -> str:
    """The photo-kind check's shares on the sets it is measured on (training/measure/photo_kind.py): README.md and the card."""
    rows = ["| measured set | images | dermoscopic | clinical | other | target |", "|---|---:|---:|---:|---:|---|"]
    for r in pk["sets"]:
        if r["role"] != "measure":
            continue
        s = r["shares"]
        cells = [f"**{s[k]:.1%}**" if k == r["expected"] else f"{s[k]:.1%}" for k in ("dermoscopic", "clinical", "other")]
        target = "-"
        if "target" in r:
            other = f", other <= {r['maxOther']:.0%}" if "maxOther" in r else ""
            target = f"{r['expected']} >= {r['target']:.0%}{other}: {'met' if r['met'] else 'missed'}"
        rows.append(f"| {r['set']} | {r['n']} | " + " | ".join(cells) + f" | {target} |")
    return "\n".join(rows)


def numbers(m: dict, meta: dict, names: dict[str, str]) -> str:
    """The full tables: overall, per class, shifts, accepted non-lesions."""
    t = m["test"]
    out = [
        f"Internal test: {m['split']['test']['images']} images of {m['split']['test']['lesions']} lesions "
        f"(lesion-grouped, never seen in training or model selection). Model {m['model']['version']}, input {m['model']['input_size']} px.\n",
        "| measure | value |\n|---|---|",
        f"| balanced multiclass accuracy (mean recall, ISIC 2018 metric) | {ci(t['balancedAccuracy'])} |",
        f"| accuracy | {ci(t['accuracy'])} |",
        f"| benign vs malignant accuracy | {ci(t['topLevel']['accuracy'])} |",
        f"| second-level ({len(level(2)[0])} groups) accuracy | {ci(t['secondLevel']['accuracy'])} |",
    ]
    for r in m["roc"]:
        out.append(f"| ROC AUC, {r['task']} (biopsy-proven, n={r['n']}, {r['n_positive']} positive) | {ci(r['auc'])} |")
    c, s, q = m["calibration"], m["sharp"], m["quantization"]
    out.append(f"| expected calibration error, before / after temperature {c['temperature']:.2f} | {c['before']['ece']:.3f} / {c['after']['ece']:.3f} |")
    out.append(f"| balanced accuracy on the sharper 224 px crops ({s['images']} test images) | {s['balancedAccuracy']:.3f} |")
    out.append(
        (
            f"| quantized vs float: top-1 agreement / balanced accuracy | {q['top1_agreement']:.4f} / {q['balanced_accuracy_quantized']:.3f} vs "
            f"{q['balanced_accuracy_float']:.3f} |"
        )
    )
    ld, nd = m["ood"]["lesions_declined"], m["ood"]["non_lesions_declined"]
    out.append(
        (
            f"| lesion photos wrongly declined as out of scope (internal test / sharper crops / round field of view) | {ld['internal_test']:.3f} / "
            f"{ld['internal_test_sharp_224']:.3f} / {ld['internal_test_round_field_of_view']:.3f} |"
        )
    )
    out.append(
        (
            f"| non-lesion images declined (natural photos n={nd['ood_natural_n']} / generated n={nd['generated_n']} / all) | {nd['ood_natural']:.3f} "
            f"/ {nd['generated']:.3f} / {nd['all']:.3f} |"
        )
    )
    held = m["ood"].get("heldout_natural")
    if held:
        out.append(f"| held-out photos declined (n={held['n']}, not used to build the check) | {held['declined']:.3f} |")
    sh, sal = m.get("shifted"), m.get("saliency")
    if sh:
        out.append(
            (
                f"| balanced accuracy with camera/light shifts ({len(sh['conditions'])} shifts): mean / worst | {sh['meanBalancedAccuracy']:.3f} / "
                f"{sh['worstBalancedAccuracy']:.3f} |"
            )
        )
    if sal:
        out.append(
            (
                f"| share of the saliency map on the lesion ({sal['photos']} test photos; lesion's share of the view {sal['even']:.3f}) / map's peak "
                f"on the lesion | {ci(sal['onLesion'])} / {sal['peakOnLesion']:.3f} |"
            )
        )
    out.append(f"| weights | {sum(w['bytes'] for w in meta['weights']):,} bytes |")
    out.append("\nPer class (internal test):\n\n| diagnosis | images | sensitivity | specificity | PPV |\n|---|---:|---:|---:|---:|")
    for p in t["perClass"]:
        ppv = f"{p['ppv']:.3f}" if p["ppv"] is not None else "n/a"
        out.append(f"| {names[p['label']]} ({p['label']}) | {p['support']} | {p['sensitivity']:.3f} | {p['specificity']:.3f} | {ppv} |")
    if sh:
        out.append(
            "\nCamera and light shifts (each applied to the test photos before preprocessing; same decision rule):\n\n"
            "| condition | balanced accuracy | benign vs malignant |\n|---|---:|---:|"
        )
        out.append(f"| none | {sh['clean']['balancedAccuracy']:.3f} | {sh['clean']['topLevelAccuracy']:.3f} |")
        for k, v in sh["conditions"].items():
            out.append(f"| {k} | {v['balancedAccuracy']:.3f} | {v['topLevelAccuracy']:.3f} |")
    if nd.get("accepted"):
        out.append(f"\nNon-lesion images that were not declined: {', '.join(nd['accepted'])}.")
    cross = m.get("crossClinic")
    if cross:
        out.append(
            "\nOther clinics and phone photos (each photo through the batch CLI, `python3 -m training.measure.cross_clinic`; "
            "a set without diagnoses or melanomas shows -):\n\n"
            "| set | images | balanced accuracy | melanoma vs nevus AUC | malignant vs benign AUC | melanoma sensitivity | not analysed |\n"
            "|---|---:|---:|---:|---:|---:|---:|"
        )
        for e in cross["sets"].values():
            cell = lambda k: ci(e[k]) if k in e else "-"  # noqa: E731
            out.append(
                f"| {e['name']} | {e['images']} | {cell('balancedAccuracy')} | {cell('melanomaVsNevusAuc')} | {cell('malignantVsBenignAuc')} | "
                f"{cell('melanomaSensitivity')} | {e['declined']['value']:.3f} |"
            )
    pk = m.get("photoKind")
    if pk:
        out += ["", photo_kinds(pk)]
    return "\n".join(out)


def card(m: dict, meta: dict, names: dict[str, str]) -> str:
    """docs/model-card.md."""
    v = m["model"]["version"]
    crop, prior, cal = m["crop"], m["prior_correction"], m["calibration"]
    trained = m["model"].get("trained_on", ["ham10000"])
    sal = m.get("saliency")
    parts = [
        f"# Model card: {meta['name']} {v}",
        "",
        "<!-- Generated by `python3 -m training.model_card --markdown > docs/model-card.md` from public/model/; do not edit. -->",
        "",
        f"**Intended use.** {meta['intendedUse']} It estimates which of {DIAGNOSES} a dermoscopic photo (taken "
        "through a dermatoscope) most resembles; it cannot rule out cancer.",
        "",
        "## Model",
        f"- MobileNetV2 1.0 (ImageNet) with a linear head over the {DIAGNOSES} of taxonomy.json, input {m['model']['input_size']} px, "
        f"exported to TensorFlow.js ({meta['quantization']}).",
        f"- Default crop: the centred square of {crop['fraction']:.0%} of the short side (fitted inside a dermatoscope's round "
        "field of view when the photo shows one), chosen on the validation split.",
        f"- Prior correction alpha {prior['alpha']} (folded into the head's bias) and temperature {cal['temperature']:.2f}, both "
        "fitted on the validation split.",
        "- Out of scope: " + m["ood"]["method"] + ", " + m["ood"]["photo_check"] + ".",
        "- How it was trained: [training/README.md](../training/README.md); what else was tried: [experiments.md](experiments.md).",
        "",
        "## Data",
        "HAM10000 (Tschandl, Rosendahl & Kittler, *Sci Data* 5:180161, 2018): 10,015 dermoscopic images of 7,470 lesions "
        "from two clinics (Vienna, Queensland), split 70/15/15 by lesion (never by image), stratified by diagnosis: "
        + ", ".join(f"{k} {s['images']} images of {s['lesions']} lesions" for k, s in m["split"].items())
        + ". "
        + (
            f"Also trained on ISIC Archive images from other contributors (attributed, used non-commercially): {isic}. "
            if (isic := "; ".join(DATA[d] for d in trained if d != "ham10000"))
            else ""
        )
        + "Intervals are 95% bootstraps over lesions. "
        + "Phone photos and total-body-photo tiles, used to fit and measure the photo-kind check and measured below: "
        + "; ".join(PHOTO_DATA[d] for d in ("pad_ufes20", "isic2024_tiles"))
        + ".",
        "",
        "## Results",
        numbers(m, meta, names),
        "",
    ]
    if sal:
        parts += [
            "Saliency: on every third test photo whose lesion covers 2-90% of the default view, "
            f"{sal['onLesion']['value']:.3f} of the map's mass lies on the lesion as outlined by HAM10000's masks, which "
            f"cover {sal['even']:.3f} of the view; the map's peak lies on the lesion in {sal['peakOnLesion']:.0%} of them. "
            "Read it as where the answer is most sensitive, not as an outline of what is wrong.",
            "",
        ]
    parts += [
        "## Limits",
        (
            "- Trained mostly on dermoscopic photos from HAM10000's two clinics, with some from other ISIC contributors; phone "
            "photos without a dermatoscope, other clinics and cameras score worse (see Other clinics above), and the internal "
            "test overstates real-world accuracy."
            if len(trained) > 1
            else "- Trained and tested on dermoscopic photos from two clinics; phone photos without a dermatoscope, other clinics "
            "and cameras will score worse, and the internal test overstates real-world accuracy."
        ),
        "- HAM10000 records no skin tone and comes mostly from fair-skinned patients: accuracy on darker skin is unknown.",
        f"- {DIAGNOSES.capitalize()} only: anything else (squamous cell carcinoma beyond in-situ, rare tumours, rashes) is forced "
        "into one of them or declined.",
        "- Probabilities come from a class-balanced model: they are not the chance that a lesion is cancer in the general "
        'population. The page says "have a doctor look" whenever the malignant group reaches 20%.',
        '- The page\'s next step follows one rule (src/core/next-step.ts): "see a doctor soon" when the malignant group has '
        '50% or more, whatever the photo; "keep an eye on it" only when the malignant group has under 20%, the top diagnosis '
        "at least 50%, and the photo was said to be taken through a dermatoscope, the photo-kind check agrees and it is far "
        "from both boundaries (under 80% of the out-of-scope distance, dermoscopic by the check at 50% or more); otherwise "
        '"have a doctor or nurse look", always for a photo taken without a dermatoscope, one the model is unsure of, one '
        "near a boundary, or one whose kind was not given.",
        "",
        "## Provenance",
        f"- Export: `{m['command']}` ({m['created']}).",
        f"- Data: {meta['provenance']['data']}.",
        f"- Backbone: {meta['provenance']['backbone']}.",
        f"- Licences: data {meta['license']['data']}; backbone {meta['license']['backbone']}; code {meta['license']['code']}.",
    ]
    return "\n".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser()
    what = ap.add_mutually_exclusive_group()
    what.add_argument("--markdown", action="store_true", help="the full card (docs/model-card.md)")
    what.add_argument("--summary", action="store_true", help="the headline table (README.md)")
    what.add_argument("--photo-kinds", action="store_true", help="the photo-kind shares table (README.md)")
    ap.add_argument("--model-dir", type=Path, default=MODEL)
    args = ap.parse_args()
    m, meta, names = load(args.model_dir)
    print(
        summary(m) if args.summary else photo_kinds(m["photoKind"]) if args.photo_kinds else card(m, meta, names) if args.markdown else numbers(m, meta, names)
    )


if __name__ == "__main__":
    main()
