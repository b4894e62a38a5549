#!/bin/bash
# Training on a rented GPU machine (one H100, 16 cores) through the workplace's device tool, in one call:
#   python3 -m training.from_export --out training/runs/shipped/1.3.0.pt            # here, once: the
#   python3 -m training.gpu.pack --out .pack --init training/runs/shipped/1.3.0.pt      # shipped weights
#   run(command="bash training/gpu/run.sh 2>&1 | tee $OUT/console.txt", carry=[".pack"], timeout_s=600)
# Runs a and b continue 1.3.0's weights with mixup (same starting point, so their weights can be averaged); run c
# trains from the ImageNet backbone with a long schedule. Then a greedy soup over 1.3.0 and the later epochs of a
# and b, on validation. Checkpoints come back as .npz (training/gpu/ckpt_npz.py) in $OUT, logs in $OUT/logs.tar.
# Stage 10 (docs/results/stage10-gpu.txt) ran an earlier form of this script (commit b76cf1b: CPU augmentation).
# MIN (minutes per run) and EXTRA (e.g. --smoke) exist to try the script on a CPU. For the multi-source recipe,
# pack with --sources isic2017,isic_archive_extra and pass EXTRA="--sources isic2017,isic_archive_extra --aspect 0.25 --colour 1.6".
set -u
export SKINLENS_SHARED=$PWD/.pack PYTHONUNBUFFERED=1
OUT=${OUT:-/tmp/gpu-out}
R=training/runs/gpu
MIN=${MIN:-6}
EXTRA=${EXTRA:-}
mkdir -p $R $OUT
for z in .pack/data/*/images.zip; do [ -f $z ] && python3 -m zipfile -e $z $(dirname $z); done
nvidia-smi -L 2>/dev/null; nproc; python3 -c 'import torch; print(torch.__version__, torch.cuda.is_available())'
common="--size 224 --objective logit-adjusted --minutes $MIN --epochs 400 --keep-epochs $EXTRA"
python3 -m training.train --out $R/a $common --init .pack/init.pt --lr 1e-4 --mixup 0.2 --seed 3 > $R/a.log 2>&1 &
python3 -m training.train --out $R/b $common --init .pack/init.pt --lr 1e-4 --mixup 0.4 --frozen 0 --seed 4 > $R/b.log 2>&1 &
python3 -m training.train --out $R/c $common --lr 3e-4 --mixup 0.2 --frozen 0 --seed 5 > $R/c.log 2>&1 &
wait
for r in a b c; do echo "== run $r"; grep -E "train |loaded|epoch [0-9]+ done|step 200|Error" $R/$r.log | tail -n 40; done
cands=.pack/init.pt
for r in a b; do  # up to 12 epochs from the last 40% of each run
  n=$(ls $R/$r/epoch*.pt 2>/dev/null | wc -l); first=$((n * 6 / 10)); step=$(( (n - first + 11) / 12 )); [ $step -lt 1 ] && step=1
  for e in $(seq $first $step $((n - 1))); do cands="$cands $R/$r/epoch$e.pt"; done
done
timeout 120 python3 -m training.soup --greedy --stored-scores --out $R/soup-greedy.pt $cands 2>&1 | tee $R/soup.log | tail -n 30
for f in $R/soup-greedy.pt $R/a/best.pt $R/b/best.pt $R/c/best.pt $R/c/last.pt; do
  name=$(echo ${f#$R/} | tr / -); [ -f $f ] && python3 -m training.gpu.ckpt_npz $f $OUT/${name%.pt}.npz
done
tar -cf $OUT/logs.tar $R/*.log $R/*/train.log
ls -la $OUT
