#!/bin/bash
# Stage 10, run on a rented GPU machine (one H100, 16 cores) through the workplace's device tool:
#   /usr/bin/python3 training/pack.py --out .pack --init training/runs/stage9/soup-greedy.pt   # here, once
#   run(command="bash training/gpu/stage10.sh", carry=[".pack"], timeout_s=600)
# Three runs continue 1.3.0's weights in parallel with mixup and different settings (same starting point, so their
# weights can be averaged), then a greedy soup over 1.3.0 and the last 40% of each run's epochs, on validation.
# Checkpoints come back as .npz (training/ckpt_npz.py) in $OUT; logs in $OUT/logs.tar.
# MIN (minutes per run) and EXTRA (e.g. --smoke) exist to try the script on a CPU.
set -u
export SKINLENS_SHARED=$PWD/.pack PYTHONUNBUFFERED=1
OUT=${OUT:-/tmp/stage10-out}
R=training/runs/stage10
MIN=${MIN:-5.5}
EXTRA=${EXTRA:-}
mkdir -p $R $OUT
[ -f .pack/data/ham10000/images.zip ] && python3 -m zipfile -e .pack/data/ham10000/images.zip .pack/data/ham10000
nvidia-smi -L 2>/dev/null; nproc; df -h /dev/shm | tail -1; python3 -c 'import torch; print(torch.__version__, torch.cuda.is_available())'
common="--size 224 --objective logit-adjusted --init .pack/init.pt --minutes $MIN --epochs 300 --keep-epochs --workers 4 $EXTRA"
python3 training/train.py --out $R/a $common --lr 1e-4 --mixup 0.2 --seed 3 > $R/a.log 2>&1 &
python3 training/train.py --out $R/b $common --lr 1e-4 --mixup 0.4 --frozen 0 --seed 4 > $R/b.log 2>&1 &
python3 training/train.py --out $R/c $common --lr 2e-4 --mixup 0.2 --seed 5 > $R/c.log 2>&1 &
wait
for r in a b c; do echo "== run $r"; grep -E "train |epoch [0-9]+ done|failed|Error" $R/$r.log | tail -n 60; done
cands=.pack/init.pt
for r in a b c; do
  n=$(ls $R/$r/epoch*.pt 2>/dev/null | wc -l)
  for e in $(seq $((n * 6 / 10)) $((n - 1))); do cands="$cands $R/$r/epoch$e.pt"; done
done
timeout 120 python3 training/soup.py --greedy --stored-scores --out $R/soup-greedy.pt $cands 2>&1 | tee $R/soup.log | tail -n 25
for f in $R/soup-greedy.pt $R/a/best.pt $R/b/best.pt $R/c/best.pt; do
  name=$(echo ${f#$R/} | tr / -); [ -f $f ] && python3 training/ckpt_npz.py $f $OUT/${name%.pt}.npz
done
tar -cf $OUT/logs.tar $R/*.log $R/*/train.log
ls -la $OUT
