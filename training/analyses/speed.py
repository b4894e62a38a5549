"""Training throughput of MobileNetV2 at several input sizes and numbers of frozen layers (random data).

Usage: python3 -m training.analyses.speed
"""
import time

import torch
from training.lib.tfjs_graph import load_backbone
from training.lib.paths import BACKBONE

torch.set_num_threads(2)
g, _ = load_backbone(BACKBONE)
head = torch.nn.Linear(1280, 7)
print(sum(p.numel() for p in g.parameters()))
names = list(g.mods.keys())
for size, freeze in [(160, 0), (160, 9), (192, 9), (224, 9)]:
    for i, (k, m) in enumerate(g.mods.items()):
        for p in m.parameters():
            p.requires_grad = i >= freeze
    opt = torch.optim.AdamW([p for p in list(g.parameters()) + list(head.parameters()) if p.requires_grad], 1e-4)
    x = torch.randn(32, 3, size, size).contiguous(memory_format=torch.channels_last)
    y = torch.randint(0, 7, (32,))
    for it in range(4):
        if it == 1:
            t = time.time()
        out = head(g(x)["output"])
        loss = torch.nn.functional.cross_entropy(out, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    dt = (time.time() - t) / 3
    print(size, freeze, names[freeze] if freeze else "", f"{32/dt:.1f} img/s")
