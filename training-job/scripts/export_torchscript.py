#!/usr/bin/env python3
"""Export the vision or text tower of a pretrained CLIP-style model (e.g. BiomedCLIP) to
TorchScript, for org.phenolip.model.tower.TorchScriptTower.

Run it where the original model is available (this project downloads nothing at run time):

    pip install open_clip_torch
    python export_torchscript.py --model hf-hub:microsoft/BiomedCLIP-PubMedBERT_256-vit_base_patch16_224 \
        --tower vision --out biomedclip_vision.pt
    python export_torchscript.py --model hf-hub:microsoft/BiomedCLIP-PubMedBERT_256-vit_base_patch16_224 \
        --tower text --out biomedclip_text.pt --max-length 256

The exported modules return the tower's pooled features BEFORE the CLIP projection
(vision: (B, 768) from (B,3,224,224); text: (B, 768) from ids and mask (B,L) int64), so
PhenolipModel's own projections map them into the shared space. Use
ModelConfig.base(30522) with these towers (visionWidth = textWidth = 768).
"""
import argparse

import torch
from torch import nn


class VisionTower(nn.Module):
    def __init__(self, clip):
        super().__init__()
        self.trunk = clip.visual.trunk  # timm ViT inside open_clip's TimmModel

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.trunk(images)  # timm's pooled output (head removed by open_clip)


class TextTower(nn.Module):
    def __init__(self, clip):
        super().__init__()
        self.transformer = clip.text.transformer  # Hugging Face BERT inside open_clip's HFTextEncoder

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        out = self.transformer(input_ids=ids, attention_mask=mask)
        return out[0][:, 0, :]  # [CLS]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, help="open_clip model name, e.g. hf-hub:microsoft/BiomedCLIP-...")
    p.add_argument("--tower", choices=["vision", "text"], required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--image-size", type=int, default=224)
    p.add_argument("--max-length", type=int, default=256)
    args = p.parse_args()

    import open_clip  # only needed here, where the user has the original model

    clip, _, _ = open_clip.create_model_and_transforms(args.model)
    clip.eval()
    if args.tower == "vision":
        tower = VisionTower(clip).eval()
        example = (torch.randn(2, 3, args.image_size, args.image_size),)
    else:
        tower = TextTower(clip).eval()
        ids = torch.randint(0, 1000, (2, args.max_length), dtype=torch.int64)
        example = (ids, torch.ones_like(ids))
    with torch.no_grad():
        traced = torch.jit.trace(tower, example, strict=False)
        expected = tower(*example)
        got = traced(*example)
    if not torch.allclose(expected, got, atol=1e-4):
        raise SystemExit("traced module disagrees with the original; not writing " + args.out)
    traced.save(args.out)
    print(f"wrote {args.out}: output {tuple(got.shape)}")


if __name__ == "__main__":
    main()
