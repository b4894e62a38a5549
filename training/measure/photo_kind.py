"""Measure the photo-kind gate of an exported model (lib/photo_kind.py; the export fits it) on sets that play no part
in its fit: the share of each set the app takes as dermoscopic, clinical or other, against each set's target. Runs the
model as the app does (the export's decoded weights and projections, its photoKind block) and writes the report
photo-kind.json beside the model:

  python3 -m training.measure.photo_kind [--model public/model]

--report prints the table of the fit (metrics.json) and of this report again. Signals are cached per set and model
under training/runs/photo_kind_cache/ (the export's fit sets share that cache).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch

from training.lib.paths import MODEL, ROOT
from training.lib.photo_kind import TARGETS, gate_kinds, net_from_folder, photo_sets, print_table, set_rows, set_signals
from training.lib.reports import read_metrics, write_report


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, default=MODEL)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--cache", type=Path, default=ROOT / "training" / "runs" / "photo_kind_cache", help="signals per set, keyed by model")
    ap.add_argument("--measure-every", type=int, default=2, help="measure on every n-th image of the internal test (isic2017 test and PH2 are always whole)")
    ap.add_argument("--trial", action="store_true", help="measure on a twentieth of each measuring set (a quick check of the code, not a result)")
    ap.add_argument("--report", action="store_true", help="only print the tables recorded in --model")
    args = ap.parse_args()
    if args.report:
        print_table(read_metrics(args.model)["photoKind"]["sets"])
        return
    torch.set_num_threads(args.threads)
    t0 = time.time()
    say = lambda m: print(f"[{time.time() - t0:6.0f}s] {m}", flush=True)  # noqa: E731
    net = net_from_folder(args.model)
    if "photoKind" not in net.meta:
        raise SystemExit(f"{args.model}/metadata.json has no photoKind block: export the model first (python3 -m training.export)")
    sets = photo_sets(net, 1.0, args.measure_every, args.trial)
    sig = set_signals(net, sets, ("measure",), args.cache, 1.0, args.measure_every, args.trial, say)
    report = {
        "command": " ".join(["python3 -m training.measure.photo_kind", *sys.argv[1:]]),
        "targets": TARGETS,
        "sets": set_rows(sets, sig, gate_kinds(net.meta["photoKind"])),
    }
    path = write_report(args.model, "photoKind", report)
    say(f"wrote {path}")
    print_table(report["sets"])


if __name__ == "__main__":
    main()
