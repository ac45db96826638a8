#!/usr/bin/python3
"""Writes the resampling fixtures the super-resolution baseline tests read, so that the tests need no Python.

Run from the repository root with /usr/bin/python3 (scikit-image 0.19, numpy, PIL):
    /usr/bin/python3 tools/superres-fixtures/make_fixtures.py
Each case is an input plane and its up-sampling by scikit-image (transform.resize, order 3, its defaults:
mode 'reflect', clip, no anti-aliasing when enlarging) and by PIL in float mode ('F': no 8-bit rounding)
with BICUBIC and LANCZOS. Case 'camera16' also holds its 64x64 ground truth (a crop of camera-128, whose
4x4 block means are the input), so a test can compare PSNRs too.
Format, per array: a line 'name case height width', then one line of height*width values, row-major.
"""
import sys
import numpy as np
from PIL import Image
from skimage import io, transform

OUT = "src/test/resources/io/github/reluinr/superres/resampling-fixtures.txt"


def pil(img, h, w, method):
    return np.asarray(Image.fromarray(img.astype(np.float32), mode="F").resize((w, h), method), dtype=np.float64)


def cases():
    cam = io.imread("/work/shared/data/camera-128.png").astype(np.float64) / 255.0
    truth = cam[40:104, 32:96]  # 64x64, an edge-rich region (tripod, coat)
    low = truth.reshape(16, 4, 16, 4).mean(axis=(1, 3))
    yield "camera16", low, 4, truth
    rng = np.random.default_rng(20)
    yy, xx = np.mgrid[0:10, 0:13]
    smooth = 0.5 + 0.3 * np.sin(0.7 * xx) * np.cos(0.45 * yy) + 0.1 * rng.standard_normal((10, 13))
    yield "random10x13", smooth, 3, None


def line(name, case, a):
    return "%s %s %d %d\n%s\n" % (name, case, a.shape[0], a.shape[1], " ".join("%.9g" % v for v in a.ravel()))


def main():
    with open(OUT, "w") as f:
        for case, low, s, truth in cases():
            h, w = low.shape[0] * s, low.shape[1] * s
            f.write(line("input", case, low))
            if truth is not None:
                f.write(line("truth", case, truth))
            f.write(line("skimage-order3", case, transform.resize(low, (h, w), order=3)))
            f.write(line("pil-bicubic", case, pil(low, h, w, Image.BICUBIC)))
            f.write(line("pil-lanczos", case, pil(low, h, w, Image.LANCZOS)))
    print("wrote", OUT, file=sys.stderr)


if __name__ == "__main__":
    main()
