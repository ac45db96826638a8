#!/usr/bin/env python3
"""The README's zoom figure: pixels (nearest) | INR renders | bicubic, over one region at magnification M.

    python3 tools/model/zoom_figure.py IMAGE.png x,y,w,h M OUT.png "LABEL=RENDER.tif" ...

Each RENDER.tif is `relu-inr render MODEL --region x,y,w,h --magnification M`: (w-1)*M+1 samples per row,
sample k at pixel x + k/M. The bicubic panel samples the image at the same points with Keys' cubic
convolution (a = -0.5, ImageJ's and most tools' "bicubic"), edges clamped.
"""
import sys

import numpy as np
from PIL import Image, ImageDraw
from skimage import io


def keys(t, a=-0.5):
    t = np.abs(t)
    return np.where(t <= 1, (a + 2) * t**3 - (a + 3) * t**2 + 1,
                    np.where(t < 2, a * t**3 - 5 * a * t**2 + 8 * a * t - 4 * a, 0.0))


def bicubic(img, us, vs):
    h, w = img.shape
    out = np.zeros((len(vs), len(us)))
    iu, iv = np.floor(us).astype(int), np.floor(vs).astype(int)
    for dy in range(-1, 3):
        wy = keys(vs - (iv + dy))
        rows = np.clip(iv + dy, 0, h - 1)
        for dx in range(-1, 3):
            wx = keys(us - (iu + dx))
            cols = np.clip(iu + dx, 0, w - 1)
            out += wy[:, None] * wx[None, :] * img[np.ix_(rows, cols)]
    return out


def main(image, region, m, out, *renders):
    img = io.imread(image).astype(np.float64)
    if img.ndim == 3:
        img = img[..., 0]
    x, y, w, h = (int(v) for v in region.split(","))
    m = int(m)
    us, vs = x + np.arange((w - 1) * m + 1) / m, y + np.arange((h - 1) * m + 1) / m
    near = img[np.ix_(np.clip(np.round(vs).astype(int), 0, img.shape[0] - 1), np.clip(np.round(us).astype(int), 0, img.shape[1] - 1))]
    panels = [("pixels (nearest)", near)]
    for spec in renders:
        label, path = spec.rsplit("=", 1)
        inr = io.imread(path).astype(np.float64)
        assert inr.shape == (len(vs), len(us)), (path, inr.shape)
        on = inr[::m, ::m] - img[y:y + h, x:x + w]
        print("%s: RMS error at the training pixels %.2f grey levels, mean |step| between samples %.2f"
              % (label, np.sqrt((on ** 2).mean()), np.abs(np.diff(inr, axis=1)).mean()))
        panels.append((label, inr))
    cubic = bicubic(img, us, vs)
    print("bicubic: mean |step| between samples %.2f" % np.abs(np.diff(cubic, axis=1)).mean())
    panels.append(("bicubic", cubic))
    gap, top, n = 6, 18, len(us)
    canvas = Image.new("L", (len(panels) * n + (len(panels) - 1) * gap, len(vs) + top), 255)
    d = ImageDraw.Draw(canvas)
    for i, (label, p) in enumerate(panels):
        canvas.paste(Image.fromarray(np.clip(np.round(p), 0, 255).astype(np.uint8)), (i * (n + gap), top))
        d.text((i * (n + gap) + 4, 3), label, fill=0)
    canvas.save(out)


if __name__ == "__main__":
    main(*sys.argv[1:])
