#!/usr/bin/python3
"""PyTorch reference for TrainThroughputBench: the same ViT image tower as
org.phenolip.model.tower.VisionTransformer (stride-p conv patches, [CLS], learned positions,
pre-LayerNorm blocks with fused qkv and GELU MLP, final LayerNorm on [CLS]), projection, L2
normalisation and CLIP loss against fixed text embeddings; forward + backward + Adam.
Prints one JSON object with per-step wall times. Run with Debian's python3-torch:
    /usr/bin/python3 bench_pytorch.py --image-size 224 --patch 16 --width 192 --depth 4 --heads 3
"""
import argparse
import json
import math
import time

import torch
from torch import nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, width, heads, mlp_ratio):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(width, eps=1e-6)
        self.qkv = nn.Linear(width, 3 * width)
        self.out = nn.Linear(width, width)
        self.ln2 = nn.LayerNorm(width, eps=1e-6)
        self.fc1 = nn.Linear(width, mlp_ratio * width)
        self.fc2 = nn.Linear(mlp_ratio * width, width)

    def forward(self, x):
        b, n, w = x.shape
        dh = w // self.heads
        qkv = self.qkv(self.ln1(x)).reshape(b, n, 3, self.heads, dh).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0] * (1.0 / math.sqrt(dh)), qkv[1], qkv[2]
        att = (q @ k.transpose(-1, -2)).softmax(-1) @ v
        x = x + self.out(att.transpose(1, 2).reshape(b, n, w))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))


class Vit(nn.Module):
    def __init__(self, size, patch, width, depth, heads, mlp_ratio, embed):
        super().__init__()
        self.patch = nn.Conv2d(3, width, patch, stride=patch)
        tokens = (size // patch) ** 2 + 1
        self.cls = nn.Parameter(torch.randn(1, 1, width) * 0.02)
        self.pos = nn.Parameter(torch.randn(tokens, width) * 0.02)
        self.blocks = nn.ModuleList([Block(width, heads, mlp_ratio) for _ in range(depth)])
        self.ln = nn.LayerNorm(width, eps=1e-6)
        self.proj = nn.Linear(width, embed, bias=False)
        self.logit_scale = nn.Parameter(torch.tensor([math.log(1 / 0.07)]))

    def forward(self, images):
        x = self.patch(images).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], dim=1) + self.pos
        for blk in self.blocks:
            x = blk(x)
        return F.normalize(self.proj(self.ln(x[:, 0])), dim=-1)


def clip_loss(img, txt, scale):
    logits = scale * img @ txt.t()
    labels = torch.arange(img.shape[0])
    return 0.5 * (F.cross_entropy(logits, labels) + F.cross_entropy(logits.t(), labels))


def main():
    p = argparse.ArgumentParser()
    for name, default in (("image-size", 224), ("patch", 16), ("width", 192), ("depth", 4), ("heads", 3),
                          ("mlp-ratio", 4), ("embed", 256), ("batch", 32), ("threads", 2),
                          ("warmup", 2), ("steps", 6)):
        p.add_argument("--" + name, type=int, default=default)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    model = Vit(a.image_size, a.patch, a.width, a.depth, a.heads, a.mlp_ratio, a.embed)
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    images = torch.randn(a.batch, 3, a.image_size, a.image_size)
    texts = F.normalize(torch.randn(a.batch, a.embed), dim=-1)
    times = []
    for step in range(a.warmup + a.steps):
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = clip_loss(model(images), texts, model.logit_scale.clamp(0, math.log(100)).exp())
        loss.backward()
        opt.step()
        dt = time.perf_counter() - t0
        if step >= a.warmup:
            times.append(dt)
    print(json.dumps({"engine": "PyTorch " + torch.__version__, "threads": torch.get_num_threads(),
                      "step_seconds": times, "last_loss": loss.item()}))


if __name__ == "__main__":
    main()
