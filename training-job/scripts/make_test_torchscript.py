#!/usr/bin/python3
"""Writes the tiny TorchScript towers and the values PyTorch computes for them, used by
TorchScriptTowerTest (model/src/test/resources/model/). Rerun with Debian's python3-torch:
    /usr/bin/python3 training-job/scripts/make_test_torchscript.py model/src/test/resources/model
"""
import json
import sys

import torch
from torch import nn


class TinyVision(nn.Module):
    """(B,3,16,16) -> (B,8): 4x4 patches, one pre-LN MLP layer, mean pooling."""

    def __init__(self):
        super().__init__()
        self.patch = nn.Conv2d(3, 8, kernel_size=4, stride=4)
        self.norm = nn.LayerNorm(8)
        self.fc = nn.Linear(8, 8)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x = self.patch(images).flatten(2).transpose(1, 2)
        x = x + torch.nn.functional.gelu(self.fc(self.norm(x)))
        return x.mean(dim=1)


class TinyText(nn.Module):
    """ids, mask (B,L) int64 -> (B,8): embeddings, masked mean, linear."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(50, 8)
        self.fc = nn.Linear(8, 8)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        m = mask.unsqueeze(-1).to(torch.float32)
        x = (self.embed(ids) * m).sum(dim=1) / m.sum(dim=1).clamp(min=1.0)
        return self.fc(x)


def main(out):
    torch.manual_seed(0)
    vision = torch.jit.script(TinyVision())
    text = torch.jit.script(TinyText())
    vision.save(f"{out}/tiny_vision.pt")
    text.save(f"{out}/tiny_text.pt")

    images = (torch.arange(2 * 3 * 16 * 16, dtype=torch.float32).reshape(2, 3, 16, 16) % 17) / 8.0 - 1.0
    ids = torch.tensor([[2, 7, 9, 3, 0, 0], [2, 11, 3, 0, 0, 0]], dtype=torch.int64)
    mask = (ids != 0).to(torch.int64)

    record = {"torch_version": torch.__version__}
    for name, module, inputs in (("vision", vision, (images,)), ("text", text, (ids, mask))):
        module.zero_grad()
        y = module(*inputs)
        # gradient of sum(out^2) w.r.t. every parameter, recorded as its sum and sum of squares
        (y * y).sum().backward()
        record[name] = {
            "output": y.detach().reshape(-1).tolist(),
            "shape": list(y.shape),
            "grad_sum": {n: p.grad.sum().item() for n, p in module.named_parameters()},
            "grad_sq": {n: (p.grad * p.grad).sum().item() for n, p in module.named_parameters()},
        }
    with open(f"{out}/tiny_torchscript_expected.json", "w") as f:
        json.dump(record, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
