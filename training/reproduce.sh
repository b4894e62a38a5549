#!/usr/bin/env bash
# The shipped model's recipe, end to end, from ../shared: data, train (three stages), average (a weight soup after
# each), export, measure, cards. About 4.5 hours on 2 CPU cores; see training/README.md.
#
#   bash training/reproduce.sh                     # writes $RUNS (default training/runs/reproduce), the model in $RUNS/model
#   OUT=public/model CASES=public/cases bash training/reproduce.sh   # ... the model, its reports and the cards in place
#   bash training/reproduce.sh --init CKPT         # the first stage starts from CKPT's weights, not the ImageNet backbone
#   bash training/reproduce.sh --smoke [train options]   # the first training step only, a few steps on a few images (CI)
#
# The schedules follow elapsed time (--minutes), so how many epochs each stage fits depends on the machine; the
# weight averages therefore take epochs by their place in the run (the last six; from a third of the run on),
# not by number. The epochs the shipped model used are in docs/experiments.md (stages 6, 8 and 9).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-/usr/bin/python3}
RUNS=${RUNS:-training/runs/reproduce}
OUT=${OUT:-$RUNS/model}
CASES=${CASES:-$RUNS/cases}
VERSION=${VERSION:-1.3.2}
TCMALLOC=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
[ -f $TCMALLOC ] && export LD_PRELOAD=$TCMALLOC  # 2.5-4.5x faster training on a CPU

INIT=()
case "${1:-}" in
  --smoke) shift; exec $PY -m training.train --out "$RUNS/stage6" --smoke "$@" ;;
  --init) INIT=(--init "$2"); shift 2 ;;
esac

# Epoch checkpoints of run $1 from position $2 (a fraction numerator over $3) to the end, in epoch order.
epochs_from() {
  local n; n=$(ls "$1"/epoch*.pt | wc -l)
  for ((e = n * $2 / $3; e < n; e++)); do echo "$1/epoch$e.pt"; done
}

# Data: every collection, image and diagnosis the later steps read is there.
$PY -m training.prepare

# Train and average, stage 1: from the ImageNet backbone (the defaults of training.train); the soup of its last six
# epochs is 1.1.0.
$PY -m training.train --out "$RUNS/stage6" --minutes 90 --epochs 100 --keep-epochs "${INIT[@]}"
S6=$RUNS/stage6
n=$(ls $S6/epoch*.pt | wc -l)
$PY -m training.soup --out $S6/soup-tail.pt $(epochs_from $S6 $((n - 6)) $n)

# Stage 2: every layer fine-tuned, continuing 1.1.0; a greedy soup with 1.1.0's weights: 1.2.0.
$PY -m training.train --out "$RUNS/stage8" --lr 1e-4 --frozen 0 --init $S6/soup-tail.pt --minutes 85 --epochs 100 --keep-epochs
S8=$RUNS/stage8
$PY -m training.soup --greedy --stored-scores --out $S8/soup-greedy.pt $S6/soup-tail.pt $(epochs_from $S8 1 3)

# Stage 3: mixup, continuing 1.2.0; the greedy soup (it kept one epoch) holds the shipped weights.
$PY -m training.train --out "$RUNS/stage9" --lr 1e-4 --mixup 0.2 --seed 2 --init $S8/soup-greedy.pt --minutes 85 --epochs 100 --keep-epochs
S9=$RUNS/stage9
$PY -m training.soup --greedy --stored-scores --out $S9/soup-greedy.pt $S8/soup-greedy.pt $(epochs_from $S9 1 3)

# Export: fits the crop, prior correction, temperature, out-of-scope and photo-kind gates, measures the internal test,
# and writes the model folder.
$PY -m training.export --ckpt $S9/soup-greedy.pt --version "$VERSION" --threads 2 --out "$OUT"

# Measure the export: other clinics and phone photos through the batch CLI, the photo-kind shares, and the similar
# cases with the teaching set (each writes its own report).
$PY -m training.measure.cross_clinic --model "$OUT" --write
$PY -m training.measure.photo_kind --model "$OUT"
$PY -m training.similar_cases --ckpt $S9/soup-greedy.pt --model-dir "$OUT" --out "$CASES"

# Cards: docs/model-card.md and README.md's tables for public/model; another folder's card is printed.
if [ "$(realpath "$OUT")" = "$(realpath public/model)" ]; then
  bash training/update_docs.sh
else
  $PY -m training.model_card --markdown --model-dir "$OUT"
fi
