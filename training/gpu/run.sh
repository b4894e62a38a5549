#!/bin/bash
# Model 2 on a rented GPU machine (one H200, 16 cores) through the workplace's device tool, in one call:
#   python3 -m training.from_export --out training/runs/shipped/1.3.0.pt             # here, once: the shipped weights
#   python3 -m training.gpu.pack --out .pack --quality 60 --init training/runs/shipped/1.3.0.pt \
#       --sources isic2017,isic_archive_extra,pad_ufes20,isic2024_tiles               # 52.7 MB: fits the 64 MiB limit
#   run(command="bash training/gpu/run.sh 2>&1 | tee $OUT/console.txt", carry=[".pack"], timeout_s=600)
# Three runs at once continue 1.3.0 on every training source (the multi-source recipe of training/README.md):
# a and c differ only in their seed; nopad leaves PAD-UFES-20 out, so its test split scores phone photos from a
# source the model never saw. Each run's candidate is the uniform soup of its second half of epochs (and a + c
# together), fixed in advance (docs/results/stage22-rule.md). The soups come back as .npz (training/gpu/ckpt_npz.py)
# in $OUT, the logs in $OUT/logs.tar. MIN (minutes per run) and EXTRA (e.g. --smoke) let the script run on a CPU.
set -u
export SKINLENS_SHARED=$PWD/.pack PYTHONUNBUFFERED=1
OUT=${OUT:-/tmp/gpu-out}
R=training/runs/gpu
MIN=${MIN:-6}
EXTRA=${EXTRA:-}
mkdir -p $R $OUT
for z in .pack/data/*/images.zip; do [ -f $z ] && python3 -m zipfile -e $z $(dirname $z); done
nvidia-smi -L 2>/dev/null; nproc; python3 -c 'import torch; print(torch.__version__, torch.cuda.is_available())'
all=isic2017,isic_archive_extra,pad_ufes20,isic2024_tiles
common="--size 224 --objective logit-adjusted --init .pack/init.pt --lr 1e-4 --mixup 0.2 --aspect 0.25 --colour 1.6 --vignette 0.3 --minutes $MIN --epochs 400 --keep-epochs $EXTRA"
python3 -m training.train --out $R/a $common --sources $all --seed 31 > $R/a.log 2>&1 &
python3 -m training.train --out $R/c $common --sources $all --seed 32 > $R/c.log 2>&1 &
python3 -m training.train --out $R/nopad $common --sources isic2017,isic_archive_extra,isic2024_tiles --seed 31 > $R/nopad.log 2>&1 &
wait
for r in a c nopad; do echo "== run $r"; grep -E "train |sampled|loaded|epoch [0-9]+ done|Error|error" $R/$r.log | tail -n 30; done
late() {  # the second half of a run's epochs
  n=$(ls $1/epoch*.pt 2>/dev/null | wc -l)
  for e in $(seq $((n / 2)) $((n - 1))); do echo $1/epoch$e.pt; done
}
python3 -m training.soup --uniform --out $R/soup-a.pt $(late $R/a) 2>&1 | tail -n 1
python3 -m training.soup --uniform --out $R/soup-ac.pt $(late $R/a) $(late $R/c) 2>&1 | tail -n 1
python3 -m training.soup --uniform --out $R/soup-nopad.pt $(late $R/nopad) 2>&1 | tail -n 1
for f in soup-a soup-ac soup-nopad; do [ -f $R/$f.pt ] && python3 -m training.gpu.ckpt_npz $R/$f.pt $OUT/$f.npz; done
tar -cf $OUT/logs.tar $R/*.log $R/*/train.log
ls -la $OUT
