#!/usr/bin/env python3
"""Evaluate a relu-inr model file (.inr.npz) with numpy alone, as relu-inr's `render` does.

    python3 tools/model/inr_eval.py MODEL.inr.npz --size W,H [--region x,y,w,h] --output OUT.npy

Writes the render as a float32 array [H, W] (or [H, W, C]) in the original units. The region is in
pixels of the training grid: its first and last samples sit on the centres of pixels x and x+w-1
(the whole field at W x H is x = linspace(-1, 1, W), y = linspace(-1, 1, H)). Evaluated in float64.
"""
import argparse
import json
import sys
import zipfile

import numpy as np


def load(path):
    arrays = np.load(path)
    config = json.loads(zipfile.ZipFile(path).read("config.json"))
    if config.get("format_version") != 1:
        raise SystemExit("inr_eval: unsupported format_version %r" % config.get("format_version"))
    return {k: arrays[k].astype(np.float64) for k in arrays.files if k != "config.json"}, config


def bw_relu(u):
    r = lambda t: np.maximum(t, 0)
    return (r(u) - 8 * r(u - .5) + 23 * r(u - 1) - 32 * r(u - 1.5) + 23 * r(u - 2) - 8 * r(u - 2.5) + r(u - 3)) / 6


def features(cfg, a, x, y):
    xy = np.stack([x, y], axis=1)
    if cfg["input_encoding"]["type"] != "positional":
        return xy
    # relu-inr multiplies in float32 (the coordinates and 2^i pi are float32), then takes sin/cos
    xy32 = xy.astype(np.float32)
    parts = [xy32.astype(np.float64)]
    for f in a["encoding.frequencies"].astype(np.float32):
        for d in range(2):
            arg = (xy32[:, d] * f).astype(np.float64)
            parts += [np.sin(arg)[:, None], np.cos(arg)[:, None]]
    return np.concatenate(parts, axis=1)


def evaluate(a, cfg, x, y):
    """Raw network outputs [N, C] at coordinates x, y (arrays of N values in [-1, 1])."""
    m, L = cfg["method"], cfg["layers"]
    h = features(cfg, a, x, y)
    if m == "wire":
        w0, s0 = cfg["omega0"], cfg["sigma0"]
        h = h.astype(np.complex128)
        for l in range(L + 1):
            W = a["layer%d.weight" % l] + 1j * a.get("layer%d.weight_imag" % l, 0)
            b = a["layer%d.bias" % l] + 1j * a.get("layer%d.bias_imag" % l, 0)
            z = h @ W.T + b
            h = np.exp(1j * w0 * z - np.abs(s0 * z) ** 2) if l < L else z
        return h.real
    act = {"bw-relu": lambda z: bw_relu(cfg["c"] * z), "relu": lambda z: np.maximum(z, 0),
           "relu-pe": lambda z: np.maximum(z, 0), "siren": lambda z: np.sin(cfg["omega0"] * z),
           "gauss": lambda z: np.exp(-(cfg["sigma0"] * z) ** 2)}[m]
    for l in range(L + 1):
        h = h @ a["layer%d.weight" % l].T + a["layer%d.bias" % l]
        if l < L:
            h = act(h)
    return h


def axis(start, span, n0, n):
    if n0 == 1:
        return np.full(n, -1.0)
    if start == 0 and span == n0:
        return np.linspace(-1, 1, n)
    return np.linspace(-1 + 2 * start / (n0 - 1), -1 + 2 * (start + span - 1) / (n0 - 1), n)


def render(path, width, height, region=None):
    a, cfg = load(path)
    gw, gh = cfg["coordinates"]["width"], cfg["coordinates"]["height"]
    rx, ry, rw, rh = region or (0, 0, gw, gh)
    xs = axis(rx, rw, gw, width).astype(np.float32).astype(np.float64)
    ys = axis(ry, rh, gh, height).astype(np.float32).astype(np.float64)
    x, y = np.meshgrid(xs, ys, indexing="xy")
    raw = evaluate(a, cfg, x.ravel(), y.ravel())
    pixels = raw * np.array(cfg["output_range"]) + np.array(cfg["output_min"])
    out = pixels.reshape(height, width, -1).astype(np.float32)
    return out[:, :, 0] if out.shape[2] == 1 else out


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("model")
    p.add_argument("--size", required=True, help="W,H")
    p.add_argument("--region", help="x,y,w,h in training-grid pixels (default: the whole field)")
    p.add_argument("--output", required=True, help=".npy file")
    args = p.parse_args(argv)
    w, h = (int(v) for v in args.size.split(","))
    region = tuple(float(v) for v in args.region.split(",")) if args.region else None
    np.save(args.output, render(args.model, w, h, region))


if __name__ == "__main__":
    main(sys.argv[1:])
