#!/usr/bin/env python3
"""Export the vision or text tower of a pretrained CLIP-style model (e.g. BiomedCLIP) as a tower
folder for `phenolip train stage1|stage2 --image-tower DIR / --text-tower DIR`:

    DIR/model.pt     the tower, TorchScript (traced), returning pooled features BEFORE the CLIP
                     projection (PhenoLIP learns its own projections)
    DIR/tower.json   what the trainer needs to feed it (org.phenolip.model.tower.TowerSpec):
                     image: {"kind":"image","file":"model.pt","output_dim":W,"input_size":S,"mean":[..],"std":[..]}
                     text:  {"kind":"text","file":"model.pt","output_dim":W,"vocab":"vocab.txt","max_length":L}
    DIR/vocab.txt    (text) the uncased WordPiece vocabulary the tower was trained with

Run it where the original model is available (this project downloads nothing at run time):

    pip install open_clip_torch
    python export_torchscript.py --model hf-hub:microsoft/BiomedCLIP-PubMedBERT_256-vit_base_patch16_224 \
        --tower vision --out biomedclip-vision
    python export_torchscript.py --model hf-hub:microsoft/BiomedCLIP-PubMedBERT_256-vit_base_patch16_224 \
        --tower text --out biomedclip-text --max-length 256

`--self-test DIR` writes an image tower folder from a small random CNN instead (no open_clip
needed), to check the folder format against the Java side.
"""
import argparse
import json
import os

import torch
from torch import nn

OPENAI_MEAN = [0.48145466, 0.4578275, 0.40821073]
OPENAI_STD = [0.26862954, 0.26130258, 0.27577711]


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


class SelfTestCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, kernel_size=4, stride=4)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return torch.relu(self.conv(images)).mean(dim=(2, 3))


def write_folder(tower, example, out, spec):
    """Traces `tower`, checks the trace against eager mode, writes model.pt and tower.json."""
    tower.eval()
    with torch.no_grad():
        traced = torch.jit.trace(tower, example, strict=False)
        expected = tower(*example)
        got = traced(*example)
    if not torch.allclose(expected, got, atol=1e-4):
        raise SystemExit("traced module disagrees with the original; not writing " + out)
    os.makedirs(out, exist_ok=True)
    traced.save(os.path.join(out, "model.pt"))
    spec = dict(spec, file="model.pt", output_dim=int(got.shape[1]))
    with open(os.path.join(out, "tower.json"), "w") as f:
        json.dump(spec, f, indent=1)
    print(f"wrote {out}: model.pt (output {tuple(got.shape)}), tower.json {spec}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", help="open_clip model name, e.g. hf-hub:microsoft/BiomedCLIP-...")
    p.add_argument("--tower", choices=["vision", "text"])
    p.add_argument("--out", help="the tower folder to write")
    p.add_argument("--image-size", type=int, default=224)
    p.add_argument("--max-length", type=int, default=256)
    p.add_argument("--self-test", metavar="DIR", help="write a small random image tower folder and exit")
    args = p.parse_args()

    if args.self_test:
        torch.manual_seed(0)
        write_folder(SelfTestCnn(), (torch.randn(2, 3, 32, 32),), args.self_test,
                     {"kind": "image", "input_size": 32, "mean": OPENAI_MEAN, "std": OPENAI_STD})
        return
    if not (args.model and args.tower and args.out):
        p.error("--model, --tower and --out are required (or --self-test DIR)")

    import open_clip  # only needed here, where the user has the original model

    clip, _, _ = open_clip.create_model_and_transforms(args.model)
    clip.eval()
    if args.tower == "vision":
        mean = list(getattr(clip.visual, "image_mean", None) or OPENAI_MEAN)
        std = list(getattr(clip.visual, "image_std", None) or OPENAI_STD)
        example = (torch.randn(2, 3, args.image_size, args.image_size),)
        write_folder(VisionTower(clip), example, args.out,
                     {"kind": "image", "input_size": args.image_size, "mean": mean, "std": std})
    else:
        ids = torch.randint(0, 1000, (2, args.max_length), dtype=torch.int64)
        write_folder(TextTower(clip), (ids, torch.ones_like(ids)), args.out,
                     {"kind": "text", "vocab": "vocab.txt", "max_length": args.max_length})
        tokenizer = open_clip.get_tokenizer(args.model)
        hf = getattr(tokenizer, "tokenizer", tokenizer)  # open_clip's HFTokenizer wraps a transformers tokenizer
        hf.save_vocabulary(args.out)  # BertTokenizer(Fast): vocab.txt
        if not os.path.isfile(os.path.join(args.out, "vocab.txt")):
            raise SystemExit("the tokenizer wrote no vocab.txt: PhenoLIP's text towers need a WordPiece vocabulary")


if __name__ == "__main__":
    main()
