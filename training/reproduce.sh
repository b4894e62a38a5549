#!/usr/bin/env bash
# Rebuilds the shipped model (1.3.1) from ../shared, end to end: three training stages with weight averages
# between them, the evaluation that exported 1.3.0, and 1.3.1 (1.3.0's weights evaluated again with the default
# crop fitted inside a round field of view). About 4.5 hours on 2 CPU cores; see training/README.md.
#
#   bash training/reproduce.sh            # writes $RUNS (default training/runs/reproduce) and $RUNS/model-1.3.1
#   OUT=public/model bash training/reproduce.sh   # ... and the final export into public/model
#   bash training/reproduce.sh --smoke [train options]   # the first step only, a few steps on a few images (CI)
#
# The schedules follow elapsed time (--minutes), so how many epochs each stage fits depends on the machine; the
# weight averages therefore take epochs by their place in the run (the last six; from a third of the run on),
# not by number. The epochs the shipped model used are in docs/experiments.md (stages 6, 8 and 9).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-/usr/bin/python3}
RUNS=${RUNS:-training/runs/reproduce}
TCMALLOC=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
[ -f $TCMALLOC ] && export LD_PRELOAD=$TCMALLOC  # 2.5-4.5x faster training on a CPU

# Epoch checkpoints of run $1 from position $2 (a fraction numerator over $3) to the end, in epoch order.
epochs_from() {
  local n; n=$(ls "$1"/epoch*.pt | wc -l)
  for ((e = n * $2 / $3; e < n; e++)); do echo "$1/epoch$e.pt"; done
}

# 1. From the ImageNet backbone (the defaults of training.train): 1.1.0's run.
if [ "${1:-}" = --smoke ]; then
  shift
  exec $PY -m training.train --out "$RUNS/stage6" --smoke "$@"
fi
$PY -m training.train --out "$RUNS/stage6" --minutes 90 --epochs 100 --keep-epochs
S6=$RUNS/stage6
n=$(ls $S6/epoch*.pt | wc -l)
$PY -m training.soup --out $S6/soup-tail.pt $(epochs_from $S6 $((n - 6)) $n)     # 1.1.0: the best of each and their average

# 2. Every layer fine-tuned, continuing 1.1.0; a greedy soup with 1.1.0's weights: 1.2.0.
$PY -m training.train --out "$RUNS/stage8" --lr 1e-4 --frozen 0 --init $S6/soup-tail.pt --minutes 85 --epochs 100 --keep-epochs
S8=$RUNS/stage8
$PY -m training.soup --greedy --stored-scores --out $S8/soup-greedy.pt $S6/soup-tail.pt $(epochs_from $S8 1 3)

# 3. Mixup, continuing 1.2.0; the greedy soup kept one epoch: 1.3.0.
$PY -m training.train --out "$RUNS/stage9" --lr 1e-4 --mixup 0.2 --seed 2 --init $S8/soup-greedy.pt --minutes 85 --epochs 100 --keep-epochs
S9=$RUNS/stage9
$PY -m training.soup --greedy --stored-scores --out $S9/soup-greedy.pt $S8/soup-greedy.pt $(epochs_from $S9 1 3)

# 4. Export 1.3.0, rebuild its checkpoint from the export (its weights as the page runs them), and evaluate that
#    as 1.3.1. Each evaluation fits crop, prior correction, temperature and the out-of-scope gate on validation.
$PY -m training.evaluate --ckpt $S9/soup-greedy.pt --version 1.3.0 --threads 2 --out "$RUNS/model-1.3.0"
$PY -m training.from_export --model-dir "$RUNS/model-1.3.0" --out "$RUNS/1.3.0.pt"
$PY -m training.evaluate --ckpt "$RUNS/1.3.0.pt" --version 1.3.1 --threads 2 --out "${OUT:-$RUNS/model-1.3.1}"
# The photo-kind gate (dermoscopic / clinical / other) for that export, and its figures outside HAM10000's clinics
# (isic2017 test and PH2, each photo through the batch CLI).
$PY -m training.evaluate.photo_kind --ckpt "$RUNS/1.3.0.pt" --out "${OUT:-$RUNS/model-1.3.1}"
$PY -m training.evaluate.cross_clinic --model "${OUT:-$RUNS/model-1.3.1}" --write
$PY -m training.model_card --model-dir "${OUT:-$RUNS/model-1.3.1}"
# 5. The similar cases and the teaching set for that export (public/cases/ when OUT=public/model).
$PY -m training.similar_cases --ckpt "$RUNS/1.3.0.pt" --model-dir "${OUT:-$RUNS/model-1.3.1}" --out "${CASES:-$RUNS/cases}"
