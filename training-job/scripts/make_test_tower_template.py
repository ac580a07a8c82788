#!/usr/bin/python3
"""Writes the untrained TorchScript image tower that PretrainedImageTowerTest pretrains on
PneumoniaMNIST's training split (in Java, through DJL) and exports as a `--image-tower`.
Only the architecture and its seeded initial weights come from here; the training is the test's.
Rerun with Debian's python3-torch:
    /usr/bin/python3 training-job/scripts/make_test_tower_template.py training-job/src/test/resources/tower
"""
import sys

import torch
from torch import nn


class SmallCnn(nn.Module):
    """(B,3,S,S) -> (B,32): three 3x3 conv + ReLU layers, two 2x2 max-pools, global mean pool."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, kernel_size=3, padding=1)
        self.conv3 = nn.Conv2d(32, 32, kernel_size=3, padding=1)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x = torch.nn.functional.max_pool2d(torch.relu(self.conv1(images)), 2)
        x = torch.nn.functional.max_pool2d(torch.relu(self.conv2(x)), 2)
        x = torch.relu(self.conv3(x))
        return x.mean(dim=(2, 3))


def main(out):
    torch.manual_seed(0)
    torch.jit.script(SmallCnn()).save(f"{out}/small_cnn_untrained.pt")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
