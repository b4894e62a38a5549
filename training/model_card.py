"""Prints the model card's numbers (markdown) from public/model/metrics.json and metadata.json, so the README
and docs/model-card.md quote the evaluation output instead of retyped figures.

Usage: /usr/bin/python3 training/model_card.py > docs/model-card-numbers.md
"""
import json
from pathlib import Path

root = Path(__file__).resolve().parents[1] / "public" / "model"
m = json.loads((root / "metrics.json").read_text())
meta = json.loads((root / "metadata.json").read_text())
taxonomy = json.loads((root / "taxonomy.json").read_text())


def names(node, out):
    out[node["id"]] = node["name"]
    for c in node.get("children", []):
        names(c, out)
    return out


N = names(taxonomy["root"], {})
ci = lambda d: f"{d['value']:.3f} (95% CI {d['ci'][0]:.3f}-{d['ci'][1]:.3f})"  # noqa: E731
t = m["test"]
print(f"Internal test: {m['split']['test']['images']} images of {m['split']['test']['lesions']} lesions "
      f"(lesion-grouped, never seen in training or model selection). Model {m['model']['version']}, input {m['model']['input_size']} px.\n")
print("| measure | value |\n|---|---|")
print(f"| balanced multiclass accuracy (mean recall, ISIC 2018 metric) | {ci(t['balancedAccuracy'])} |")
print(f"| accuracy | {ci(t['accuracy'])} |")
print(f"| benign vs malignant accuracy | {ci(t['topLevel']['accuracy'])} |")
print(f"| second-level (5 groups) accuracy | {ci(t['secondLevel']['accuracy'])} |")
for r in m["roc"]:
    print(f"| ROC AUC, {r['task']} (biopsy-proven, n={r['n']}, {r['n_positive']} positive) | {ci(r['auc'])} |")
c = m["calibration"]
print(f"| expected calibration error, before / after temperature {c['temperature']:.2f} | {c['before']['ece']:.3f} / {c['after']['ece']:.3f} |")
s = m["sharp"]
print(f"| balanced accuracy on the sharper 224 px crops ({s['images']} test images) | {s['balancedAccuracy']:.3f} |")
q = m["quantization"]
print(f"| quantized vs float: top-1 agreement / balanced accuracy | {q['top1_agreement']:.4f} / {q['balanced_accuracy_quantized']:.3f} vs {q['balanced_accuracy_float']:.3f} |")
o = m["ood"]
ld, nd = o["lesions_declined"], o["non_lesions_declined"]
print(f"| lesion photos wrongly declined as out of scope (internal test / sharper crops) | {ld['internal_test']:.3f} / {ld['internal_test_sharp_224']:.3f} |")
print(f"| non-lesion images declined (natural photos n={nd['ood_natural_n']} / generated n={nd['generated_n']} / all) | {nd['ood_natural']:.3f} / {nd['generated']:.3f} / {nd['all']:.3f} |")
sh = m.get("shifted")
if sh:
    print(f"| balanced accuracy with camera/light shifts (internal test, {len(sh['conditions'])} shifts): mean / worst | {sh['meanBalancedAccuracy']:.3f} / {sh['worstBalancedAccuracy']:.3f} |")
sal = m.get("saliency")
if sal:
    print(f"| share of the saliency map on the lesion ({sal['photos']} test photos; lesion's share of the view {sal['even']:.3f}) / map's peak on the lesion | {ci(sal['onLesion'])} / {sal['peakOnLesion']:.3f} |")
print(f"| weights | {sum(w['bytes'] for w in meta['weights']):,} bytes |")
print("\nPer class (internal test):\n\n| diagnosis | images | sensitivity | specificity | PPV |\n|---|---:|---:|---:|---:|")
for p in t["perClass"]:
    ppv = f"{p['ppv']:.3f}" if p["ppv"] is not None else "n/a"
    print(f"| {N[p['label']]} ({p['label']}) | {p['support']} | {p['sensitivity']:.3f} | {p['specificity']:.3f} | {ppv} |")
if sh:
    print("\nCamera and light shifts (`training/shifts.py`; each applied to the test photos before preprocessing):\n\n| condition | balanced accuracy | benign vs malignant |\n|---|---:|---:|")
    print(f"| none | {sh['clean']['balancedAccuracy']:.3f} | {sh['clean']['topLevelAccuracy']:.3f} |")
    for k, v in sh["conditions"].items():
        print(f"| {k} | {v['balancedAccuracy']:.3f} | {v['topLevelAccuracy']:.3f} |")
if nd.get("accepted"):
    print(f"\nNon-lesion images that were not declined: {', '.join(nd['accepted'])}.")
