#!/usr/bin/env python3
"""Evaluate a relu-inr model file (.inr.npz) with numpy alone, as relu-inr's `render` does.

    python3 tools/model/inr_eval.py MODEL.inr.npz --size W,H [--region x,y,w,h] --output OUT.npy

Writes the render as a float32 array [H, W] (or [H, W, C]) in the original units. The region is in
pixels of the training grid: its first and last samples sit on the centres of pixels x and x+w-1
(the whole field at W x H is x = linspace(-1, 1, W), y = linspace(-1, 1, H)).

Evaluated in float32 like relu-inr (the weights are float32): on a 3 x 300 BW-ReLU fit (c = 9) of a
256 x 256 image this agreed with relu-inr's render to 7.2e-7 of output_range (measured with psi's
earlier six-term form; ModelFileTest holds small models to 1e-5), while the float32 rounding itself (float32 against --float64) is 3.3e-5 of output_range there.
"""
import argparse
import json
import sys
import zipfile

import numpy as np


def load(path, dtype=np.float32):
    arrays = np.load(path)
    config = json.loads(zipfile.ZipFile(path).read("config.json"))
    if config.get("format_version") != 1:
        raise SystemExit("inr_eval: unsupported format_version %r" % config.get("format_version"))
    return {k: arrays[k].astype(dtype) for k in arrays.files if k != "config.json"}, config


def bw_relu(u):
    """psi(u) = (1/6)[r(u) - 8r(u-1/2) + 23r(u-1) - 32r(u-3/2) + 23r(u-2) - 8r(u-5/2) + r(u-3)], evaluated as
    relu-inr does: on u clamped to [0, 3] (psi is 0 at both ends), folded by psi(u) = psi(3 - u) onto
    v = min(u, 3 - u) in [0, 3/2] (exact), where three terms are left, each r(d) as (d + |d|) / 2."""
    t = u.dtype.type
    u = np.clip(u, t(0), t(3))
    v = np.minimum(u, t(3) - u)
    d1, d2 = v - t(.5), v - t(1)
    return t(1 / 6) * v - t(4 / 6) * (d1 + np.abs(d1)) + t(23 / 12) * (d2 + np.abs(d2))


def features(cfg, a, x, y):
    xy = np.stack([x, y], axis=1).astype(a["layer0.weight"].dtype)
    if cfg["input_encoding"]["type"] != "positional":
        return xy
    # [x, y, then per frequency f: sin(f x), cos(f x), sin(f y), cos(f y)]
    parts = [xy]
    for f in a["encoding.frequencies"]:
        for d in range(2):
            arg = xy[:, d] * f
            parts += [np.sin(arg)[:, None], np.cos(arg)[:, None]]
    return np.concatenate(parts, axis=1)


def evaluate(a, cfg, x, y):
    """Raw network outputs [N, C] at coordinates x, y (arrays of N values in [-1, 1])."""
    m, L = cfg["method"], cfg["layers"]
    h = features(cfg, a, x, y)
    if m == "wire":
        w0, s0 = cfg["omega0"], cfg["sigma0"]
        t = h.dtype.type
        w0, s0 = t(w0), t(s0)
        h = h.astype(np.complex64 if h.dtype == np.float32 else np.complex128)
        for l in range(L + 1):
            W = a["layer%d.weight" % l] + 1j * a.get("layer%d.weight_imag" % l, 0)
            b = a["layer%d.bias" % l] + 1j * a.get("layer%d.bias_imag" % l, 0)
            z = h @ W.T + b
            h = np.exp(1j * w0 * z - np.abs(s0 * z) ** 2) if l < L else z
        return h.real
    t = h.dtype.type
    c, w0, s0 = t(cfg["c"]), t(cfg["omega0"]), t(cfg["sigma0"])
    act = {"bw-relu": lambda z: bw_relu(c * z), "relu": lambda z: np.maximum(z, t(0)),
           "relu-pe": lambda z: np.maximum(z, t(0)), "siren": lambda z: np.sin(w0 * z),
           "gauss": lambda z: np.exp(-(s0 * z) ** 2)}[m]
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


def render(path, width, height, region=None, dtype=np.float32):
    a, cfg = load(path, dtype)
    gw, gh = cfg["coordinates"]["width"], cfg["coordinates"]["height"]
    rx, ry, rw, rh = region or (0, 0, gw, gh)
    xs = axis(rx, rw, gw, width).astype(np.float32)
    ys = axis(ry, rh, gh, height).astype(np.float32)
    x, y = np.meshgrid(xs, ys, indexing="xy")
    x, y = x.ravel(), y.ravel()
    step = 65536  # samples per evaluation, so that memory stays bounded
    raw = np.concatenate([evaluate(a, cfg, x[i:i + step], y[i:i + step]) for i in range(0, len(x), step)])
    pixels = raw.astype(np.float64) * np.array(cfg["output_range"]) + np.array(cfg["output_min"])
    out = pixels.reshape(height, width, -1).astype(np.float32)
    return out[:, :, 0] if out.shape[2] == 1 else out


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("model")
    p.add_argument("--size", required=True, help="W,H")
    p.add_argument("--region", help="x,y,w,h in training-grid pixels (default: the whole field)")
    p.add_argument("--output", required=True, help=".npy file")
    p.add_argument("--float64", action="store_true", help="evaluate in float64 (shows the float32 rounding of the render)")
    args = p.parse_args(argv)
    w, h = (int(v) for v in args.size.split(","))
    region = tuple(float(v) for v in args.region.split(",")) if args.region else None
    np.save(args.output, render(args.model, w, h, region, np.float64 if args.float64 else np.float32))


if __name__ == "__main__":
    main(sys.argv[1:])
