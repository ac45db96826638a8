#!/usr/bin/env python3
"""Side-by-side montage of CT results, every panel on the ground truth's value range, a label under each.
Usage: /usr/bin/python3 tools/ct-sparse/montage.py OUT.png TRUTH "label 1" A.tif "label 2" B.tif ...
(TRUTH first, labelled "ground truth")."""
import sys
import numpy as np
import tifffile
from PIL import Image, ImageDraw
from skimage import io


def load(path):
    a = tifffile.imread(path) if path.lower().endswith((".tif", ".tiff")) else io.imread(path)
    a = np.asarray(a, dtype=np.float64)
    return a[..., 0] if a.ndim == 3 else a


out, truth_path, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
truth = load(truth_path)
lo, hi = truth.min(), truth.max()
panels = [("ground truth", truth)] + [(rest[i], load(rest[i + 1])) for i in range(0, len(rest), 2)]
scale, label_h = 2, 18
h, w = truth.shape
canvas = Image.new("L", (len(panels) * (w * scale + 4), h * scale + label_h), 255)
draw = ImageDraw.Draw(canvas)
for k, (label, a) in enumerate(panels):
    g = np.clip((a - lo) / (hi - lo), 0, 1) * 255
    im = Image.fromarray(g.astype(np.uint8)).resize((w * scale, h * scale), Image.NEAREST)
    x = k * (w * scale + 4)
    canvas.paste(im, (x, 0))
    draw.text((x + 2, h * scale + 3), label, fill=0)
canvas.save(out)
