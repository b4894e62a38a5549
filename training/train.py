"""Fine-tune MobileNetV2 on HAM10000 (lesion-grouped split), optionally with other collections. Seeded; writes
every epoch's EMA weights (last.pt, best.pt, with --keep-epochs epochN.pt) to --out.

The defaults are the shipped recipe's first stage (224 px, logit-adjusted objective, peak lr 3e-4, from the ImageNet
backbone); its later stages continue with --init, --lr, --frozen, --mixup and --seed (training/reproduce.sh).

Usage: python3 -m training.train --out training/runs/main [--minutes 90 --epochs 100] [--smoke]
"""
from __future__ import annotations

import argparse
import copy
import json
import math
import os
import random
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from training.lib.augment import Augmenter
from training.lib.data import load_rgb, read_external, read_rows, split_by_lesion, training_frame, training_rows
from training.lib.paths import BACKBONE, HAM
from training.lib.preprocess import eval_tensor
from training.lib.sampling import mixed_sampling_weights
from training.lib.taxonomy import LABELS, MALIGNANT, MEL, NV
from training.lib.metrics import balanced_accuracy, malignant_vs_benign_auc, melanoma_vs_nevus_auc
from training.lib.model import FROZEN_LAYERS, SkinNet

TCMALLOC = "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4"
# Layers below FROZEN_LAYERS (generic ImageNet filters), when --frozen unfreezes them, move at this fraction of the
# learning rate (discriminative fine-tuning, Howard & Ruder 2018; 1.2.0's stage).
EARLY_LR = 0.3
BENIGN = [c for c in range(len(LABELS)) if c not in MALIGNANT]


def row_losses(z: torch.Tensor, y: torch.Tensor, malignant: torch.Tensor, class_weight: torch.Tensor | None) -> torch.Tensor:
    """Per-image loss: cross-entropy on the label (label smoothing 0.05; times the class weight if given), or where
    the label is -1 (benign / malignant only), the binary cross-entropy of the summed malignant node against it."""
    ce = F.cross_entropy(z, y.clamp(min=0), reduction="none", label_smoothing=0.05)
    if class_weight is not None:
        ce = ce * class_weight[y.clamp(min=0)]
    logp = F.log_softmax(z, 1)
    binary = -torch.where(malignant > 0, torch.logsumexp(logp[:, MALIGNANT], 1), torch.logsumexp(logp[:, BENIGN], 1))
    return torch.where(y >= 0, ce, binary)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--smoke", action="store_true", help="a few steps on a few images (CI)")
    ap.add_argument("--minutes", type=float, default=0, help="time budget: the cosine schedule follows elapsed time and stops there (0 = by epochs only)")
    ap.add_argument(
        "--objective",
        choices=["weighted", "logit-adjusted"],
        default="logit-adjusted",
        help=(
            "weighted: sqrt sampling + sqrt class weights; logit-adjusted: sqrt sampling + the sampled class prior added to the logits in the loss "
            "(Menon et al. 2021), no weights"
        ),
    )
    ap.add_argument("--keep-epochs", action="store_true", help="also keep every epoch's EMA weights (for soup.py)")
    ap.add_argument(
        "--shades-of-grey",
        type=float,
        default=0,
        metavar="P",
        help="shades-of-grey colour constancy with this Minkowski norm (6 is usual; 0 = off), in training and in every later use of the checkpoint",
    )
    ap.add_argument(
        "--frozen",
        type=int,
        default=FROZEN_LAYERS,
        help=f"leading backbone layers kept at their starting weights (default {FROZEN_LAYERS}: stem + 3 blocks; 0 = fine-tune all)",
    )
    ap.add_argument(
        "--mixup",
        type=float,
        default=0,
        metavar="A",
        help="mixup (Zhang et al. 2018): blend each batch with a shuffled copy, weight ~ Beta(A, A), and the loss likewise (0 = off)",
    )
    ap.add_argument(
        "--sources",
        default="",
        help="comma-separated collections trained on beside HAM10000 (isic2017, pad_ufes20, isic2024_tiles: their train "
        "splits; isic_archive_extra); isic2017's val split then scores every epoch (melanoma vs nevus AUC), and pad_ufes20's (malignant vs benign)",
    )
    ap.add_argument("--tile-share", type=float, default=0.15, help="sampling mass of the benign/malignant-only images (isic2024_tiles)")
    ap.add_argument("--vignette", type=float, default=0.0, help="share of views darkened outside a round field of view (0 = off)")
    ap.add_argument("--aspect", type=float, default=0.0, help="squeeze one axis of each view by up to this fraction (0 = off)")
    ap.add_argument(
        "--colour",
        type=float,
        default=1.0,
        help="colour augmentation strength: half-widths of the gain, gamma, brightness, saturation and contrast draws x this",
    )
    ap.add_argument("--threads", type=int, default=0, help="torch threads on a CPU (0 = at least 2)")
    ap.add_argument("--init", type=Path, help="start from this checkpoint's weights (continue a run with a new schedule)")
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device.type == "cpu":
        torch.set_num_threads(args.threads or max(2, torch.get_num_threads()))  # torch counts 1 physical core here; 2 threads measured faster
    else:  # the CPU only draws random numbers and feeds the GPU; several runs may share it
        torch.set_num_threads(max(1, (os.cpu_count() or 4) // 4))
        torch.backends.cudnn.benchmark = True
    args.out.mkdir(parents=True, exist_ok=True)
    log = open(args.out / "train.log", "a")

    def say(msg: str) -> None:
        line = f"{time.strftime('%H:%M:%S')} {msg}"
        print(line, flush=True)
        log.write(line + "\n")
        log.flush()

    parts = split_by_lesion(read_rows())
    sources = tuple(s for s in args.sources.split(",") if s)
    train, val = training_rows(sources), parts["val"]
    xval = read_external("isic2017", ("val",)) if sources else []  # another clinic's view of each epoch
    pval = read_external("pad_ufes20", ("val",)) if sources else []  # phone photos' view of each epoch
    if args.smoke:
        train = [r for c in range(-1, len(LABELS)) for src in ("ham10000",) + sources for r in [x for x in train if x.label == c and x.source == src][:3]]
        val = [r for c in range(len(LABELS)) for r in [x for x in val if x.label == c][:2]]
        args.epochs = 1
    say(
        (
            f"train {len(train)} images ({', '.join(f'{s} {sum(r.source == s for r in train)}' for s in ('ham10000',) + sources)}), val {len(val)} "
            f"images, isic2017 val {len(xval)}, pad_ufes20 val {len(pval)}, device {device}, size {args.size}, frozen layers {args.frozen}"
        )
    )
    if device.type == "cpu" and "tcmalloc" not in os.environ.get("LD_PRELOAD", ""):
        # glibc returns each large activation to the kernel and page-faults it back on the next step; with
        # tcmalloc a 224 px step ran 2.5-4.5x faster here (training/README.md, "On a CPU").
        say(f"hint: LD_PRELOAD={TCMALLOC} trains 2.5-4.5x faster on a CPU (apt-get install libtcmalloc-minimal4)")

    t_load = time.time()
    with ThreadPoolExecutor(8) as pool:  # PIL decodes without the GIL
        frames = list(pool.map(lambda r: torch.from_numpy(training_frame(r).copy()).to(device), train))
        crops = list(pool.map(lambda r: torch.from_numpy(load_rgb(HAM / r.crop).copy()).to(device) if r.crop else None, train))
    x_val = eval_tensor(val, args.size, sog_p=args.shades_of_grey)
    yval = np.array([r.label for r in val])
    x_other = eval_tensor(xval, args.size, sog_p=args.shades_of_grey) if xval else None
    y_other = np.array([r.label for r in xval])
    x_phone = eval_tensor(pval, args.size, sog_p=args.shades_of_grey) if pval else None
    y_phone = np.array([r.is_malignant for r in pval])
    say(f"images loaded in {time.time() - t_load:.0f}s (augmented on {device})")

    labels = np.array([r.label for r in train])  # -1: benign / malignant only
    malignant = np.array([int(r.is_malignant) for r in train])
    counts = np.bincount(labels[labels >= 0], minlength=len(LABELS)).astype(np.float64)
    # Balance the 58:1 imbalance half by sampling (class share ~ n^1/2, data.sampling_weights) and half by the loss:
    # the sampler shows class c with probability q_c ~ n_c^(1/2) (HAM10000's own counts; other collections share a
    # class's mass, data.mixed_sampling_weights); logit-adjusted: training on logits + log q makes the raw logits
    # estimate the class-balanced posterior (Menon et al. 2021), without multiplying the gradients of the ~80 images
    # of each of the two rarest classes (which overfit under weights); weighted (1.0.0): loss weights ~ n^-1/2 instead.
    samp_w, sampled_prior = mixed_sampling_weights(train, len(LABELS), args.tile_share)
    cls_w = counts**-0.5
    cls_w = cls_w / (cls_w[labels[labels >= 0]] * samp_w[labels >= 0]).sum() * samp_w[labels >= 0].sum()
    cls_w_t = torch.tensor(cls_w, dtype=torch.float32, device=device)
    log_q = torch.tensor(np.log(sampled_prior / sampled_prior.sum()), dtype=torch.float32, device=device)
    say(
        f"sampled: {', '.join(f'{s} {samp_w[[r.source == s for r in train]].sum():.3f}' for s in ('ham10000',) + sources)}; "
        f"class prior {np.round(sampled_prior / sampled_prior.sum(), 3).tolist()}"
    )

    model = SkinNet(BACKBONE, frozen=args.frozen).to(device).to(memory_format=torch.channels_last)
    if args.init:
        model.load_state_dict(torch.load(args.init, map_location="cpu", weights_only=False)["model"])
        say(f"initialised from {args.init}")
    ema = copy.deepcopy(model).eval()
    head_params = list(model.head.parameters())
    layers = list(model.backbone.mods.values())
    early = [p for m in layers[:FROZEN_LAYERS] for p in m.parameters() if p.requires_grad]
    body = [p for m in layers[FROZEN_LAYERS:] for p in m.parameters() if p.requires_grad]
    groups = [{"params": head_params, "lr": args.lr * 3, "weight_decay": 1e-4}]
    for params, lr in ((body, args.lr), (early, args.lr * EARLY_LR)):
        groups.append({"params": [p for p in params if p.ndim > 1], "lr": lr, "weight_decay": 1e-4})
        groups.append({"params": [p for p in params if p.ndim <= 1], "lr": lr, "weight_decay": 0.0})
    opt = torch.optim.AdamW([g for g in groups if g["params"]])
    base_lrs = [g["lr"] for g in opt.param_groups]
    steps_per_epoch = max(1, len(train) // args.batch)
    total = steps_per_epoch * args.epochs
    warm = min(steps_per_epoch, total // 10 + 1)
    aug = Augmenter(args.size, args.seed, sog_p=args.shades_of_grey, aspect=args.aspect, colour=args.colour, vignette=args.vignette)
    rng = np.random.default_rng(args.seed)
    mix_rng = np.random.default_rng(args.seed + 1000)  # separate stream: runs without --mixup sample as before
    step, best = 0, -1.0
    ema_decay = 0.998 if not args.smoke else 0.0

    t_start = time.time()
    budget = args.minutes * 60

    def progress() -> float:
        p = step / max(1, total)
        return max(p, (time.time() - t_start) / budget) if budget else p

    for epoch in range(args.epochs):
        if progress() >= 1:
            break
        model.train()
        t0, seen, loss_sum = time.time(), 0, 0.0
        idx = rng.choice(len(train), size=steps_per_epoch * args.batch, replace=True, p=samp_w)
        for b in range(steps_per_epoch):
            sel = idx[b * args.batch : (b + 1) * args.batch]
            fr, cr = [frames[i] for i in sel], [crops[i] for i in sel]
            views = aug.sample(fr, cr)
            x = aug.apply(fr, cr, views).contiguous(memory_format=torch.channels_last)
            y = torch.tensor(labels[sel], device=device)
            mal = torch.tensor(malignant[sel], device=device)
            if progress() >= 1:
                break
            scale = (step + 1) / warm if step < warm else 0.5 * (1 + math.cos(math.pi * min(1.0, progress())))
            for g, lr in zip(opt.param_groups, base_lrs):
                g["lr"] = lr * scale
            lam, perm = 1.0, None
            if args.mixup > 0:
                lam = float(mix_rng.beta(args.mixup, args.mixup))
                perm = torch.from_numpy(mix_rng.permutation(len(sel))).to(device)
                x = lam * x + (1 - lam) * x[perm]
            z = model(x)
            if args.objective == "logit-adjusted":
                z = z + log_q
            weight = cls_w_t if args.objective == "weighted" else None
            loss = lam * row_losses(z, y, mal, weight).mean()
            if perm is not None:
                loss = loss + (1 - lam) * row_losses(z, y[perm], mal[perm], weight).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            with torch.no_grad():
                d = min(ema_decay, (1 + step) / (10 + step))
                ema_p, model_p = list(ema.parameters()), [p.detach() for p in model.parameters()]
                torch._foreach_mul_(ema_p, d)
                torch._foreach_add_(ema_p, model_p, alpha=1 - d)
            step += 1
            seen += len(sel)
            loss_sum += loss.detach() * len(sel)  # no .item(): the GPU need not wait for each step
            if b % 50 == 0:
                say(f"epoch {epoch} step {b}/{steps_per_epoch} loss {loss.item():.3f} {seen / (time.time() - t0):.1f} img/s")

        def logits_of(x: torch.Tensor) -> torch.Tensor:
            with torch.no_grad():
                return torch.cat([ema(x[i : i + 128].to(device)).cpu() for i in range(0, len(x), 128)])

        pred = logits_of(x_val).argmax(1).numpy()
        bacc = balanced_accuracy(yval, pred, len(LABELS))
        acc = float((pred == yval).mean())
        other = ""
        xauc = None
        if x_other is not None:
            p = torch.softmax(logits_of(x_other), 1).numpy()
            xauc = melanoma_vs_nevus_auc(y_other, p, MEL, NV)
            other = f", isic2017 val melanoma vs nevus AUC {xauc:.4f}"
        pauc = None
        if x_phone is not None:
            pauc = malignant_vs_benign_auc(y_phone, torch.softmax(logits_of(x_phone), 1).numpy())
            other += f", pad_ufes20 val malignant vs benign AUC {pauc:.4f}"
        say(f"epoch {epoch} done: train loss {float(loss_sum) / seen:.3f}, val acc {acc:.4f}, val balanced acc {bacc:.4f}{other}, {time.time() - t0:.0f}s")
        state = {
            "model": ema.state_dict(),
            "epoch": epoch,
            "val_bacc": bacc,
            "xval_auc": xauc,
            "phone_val_auc": pauc,
            "size": args.size,
            "seed": args.seed,
            "sog_p": args.shades_of_grey,
            "mixup": args.mixup,
            "sources": list(sources),
            "trained_on": ["ham10000", *sources],
        }
        torch.save(state, args.out / "last.pt")
        if args.keep_epochs:
            torch.save(state, args.out / f"epoch{epoch}.pt")
        if bacc > best:
            best = bacc
            torch.save(state, args.out / "best.pt")
            say(f"new best {bacc:.4f}")
    (args.out / "train_done.json").write_text(json.dumps({"best_val_bacc": best, "epochs": args.epochs, "size": args.size}))


if __name__ == "__main__":
    main()
