#!/usr/bin/python3
"""Peer for model's DecodeBench: the same image path as ImagePipeline, with Pillow + numpy, on the
same encoded files, one thread. Per image: decode from memory bytes, convert to RGB, then
  decode: nothing more;
  eval:   centre square crop (shorter side), resized to S x S (bicubic), normalised;
  train:  torchvision's RandomResizedCrop box (area 50-100%, ratio 3/4-4/3, 10 tries, then the
          centre square), resized to S x S (bicubic), horizontal flip with p = 1/2, normalised;
normalised = (x / 255 - mean) / std with CLIP's mean/std, as float32 in CHW order (contiguous).
Each (set, mode, size) cell: one untimed warm-up pass, then REPS repetitions; a repetition runs
whole passes over the set until MIN_SECONDS of wall time have passed. Wall time
(time.perf_counter) and this process's CPU time (time.process_time) are both recorded.
Also writes, for each size, the eval tensor of the first image of each set as raw little-endian
float32 to OUT.<set>.<size>.f32, so the Java side can report how far the two outputs are apart.
Usage: decode_pillow.py MANIFEST.json OUT.json   (Debian's /usr/bin/python3 + python3-pil + python3-numpy)
MANIFEST: {"sets": {"name": [path, ...]}, "modes": [...], "sizes": [...], "reps": R,
           "min_seconds": s, "mean": [3], "std": [3], "seed": n}"""
import io, json, math, os, platform, random, sys, time

import numpy as np
import PIL
from PIL import Image, features

BICUBIC = Image.Resampling.BICUBIC if hasattr(Image, "Resampling") else Image.BICUBIC
FLIP = Image.Transpose.FLIP_LEFT_RIGHT if hasattr(Image, "Transpose") else Image.FLIP_LEFT_RIGHT


def random_crop(w, h, rnd):
    """ImagePipeline.randomCrop: torchvision's RandomResizedCrop box (x, y, w, h)."""
    area = float(w) * h
    for _ in range(10):
        target = area * (0.5 + 0.5 * rnd.random())
        ratio = math.exp(math.log(3 / 4) + (math.log(4 / 3) - math.log(3 / 4)) * rnd.random())
        cw = int(round(math.sqrt(target * ratio)))
        ch = int(round(math.sqrt(target / ratio)))
        if 0 < cw <= w and 0 < ch <= h:
            return rnd.randint(0, w - cw), rnd.randint(0, h - ch), cw, ch
    side = min(w, h)
    return (w - side) // 2, (h - side) // 2, side, side


class Pipeline:
    def __init__(self, size, augment, mean, std):
        self.size, self.augment = size, augment
        self.scale = (1.0 / (255.0 * np.asarray(std, dtype=np.float32))).astype(np.float32)
        self.shift = (np.asarray(mean, dtype=np.float32) / np.asarray(std, dtype=np.float32)).astype(np.float32)

    def process(self, data, seed):
        im = decode(data)
        w, h = im.size
        flip = False
        if self.augment:
            rnd = random.Random(seed)
            x, y, cw, ch = random_crop(w, h, rnd)
            flip = rnd.random() < 0.5
        else:
            side = min(w, h)
            x, y, cw, ch = (w - side) // 2, (h - side) // 2, side, side
        im = im.resize((self.size, self.size), BICUBIC, box=(x, y, x + cw, y + ch))
        if flip:
            im = im.transpose(FLIP)
        a = np.asarray(im, dtype=np.float32)          # H x W x 3
        a = a * self.scale - self.shift                 # (x / 255 - mean) / std
        return np.ascontiguousarray(a.transpose(2, 0, 1))


def decode(data):
    im = Image.open(io.BytesIO(data))
    im = im.convert("RGB")   # decodes (load) and converts gray/palette/alpha to 3 channels
    im.load()
    return im


def timed(fn, images, min_seconds):
    n = 0
    w0, c0 = time.perf_counter(), time.process_time()
    while True:
        for i, data in enumerate(images):
            fn(data, n + i)
        n += len(images)
        if time.perf_counter() - w0 >= min_seconds:
            break
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    return {"images": n, "wall_s": wall, "cpu_s": cpu, "images_per_s_wall": n / wall,
            "images_per_s_cpu": n / cpu if cpu > 0 else None}


def main():
    manifest_path, out = sys.argv[1], sys.argv[2]
    with open(manifest_path) as f:
        m = json.load(f)
    sets = {}
    for name, paths in m["sets"].items():
        sets[name] = []
        for p in paths:
            with open(p, "rb") as f:
                sets[name].append(f.read())
    reps, min_s, seed = int(m["reps"]), float(m["min_seconds"]), int(m.get("seed", 1))
    cells = {}
    for name, images in sets.items():
        for mode in m["modes"]:
            sizes = [0] if mode == "decode" else m["sizes"]
            for size in sizes:
                if mode == "decode":
                    fn = lambda d, s: decode(d)
                else:
                    p = Pipeline(size, mode == "train", m["mean"], m["std"])
                    fn = lambda d, s, p=p: p.process(d, seed * 1_000_003 + s)
                timed(fn, images, 0)   # warm-up pass
                cells[f"{name}/{mode}" + (f"/{size}" if size else "")] = [timed(fn, images, min_s) for _ in range(reps)]
        for size in m["sizes"]:
            Pipeline(size, False, m["mean"], m["std"]).process(images[0], 0).astype("<f4").tofile(f"{out}.{name}.{size}.f32")
    res = {"peer": "Pillow + numpy", "pillow": PIL.__version__, "numpy": np.__version__,
           "libjpeg_turbo": features.version("libjpeg_turbo") if hasattr(features, "version") else None,
           "zlib": features.version("zlib") if hasattr(features, "version") else None,
           "python": platform.python_version(), "pid_cpu_affinity": sorted(os.sched_getaffinity(0)),
           "resample": "BICUBIC", "cells": cells}
    with open(out, "w") as f:
        json.dump(res, f, indent=2)


if __name__ == "__main__":
    main()
