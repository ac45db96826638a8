#!/usr/bin/python3
"""Montages and the README table of the super-resolution study (docs/superres-protocol.md).

    /usr/bin/python3 tools/superres-study/montage.py RESULTS_DIR STUDY.csv RUN_NAME OUT_DIR [--projected]

RESULTS_DIR holds the TIFFs SuperResolutionStudy wrote with save=... ; STUDY.csv its rows. For each image of
RUN_NAME it writes OUT_DIR/superres-<image>.png: input (nearest) | INR | back-projection | scikit-image's
bicubic | ground truth | |INR - truth|, PSNR under each panel; and prints the markdown table. With --projected
the INR panel is the saved network output made consistent, f + rep(y - A f) (what the task returns since
amendment 5), and its PSNR the "bw-relu-projected" row.
"""
import csv
import os
import sys
import numpy as np
from PIL import Image, ImageDraw
from skimage import io

data, rows_csv, run, out = sys.argv[1:5]
projected = "--projected" in sys.argv[5:]
NET = "bw-relu-projected" if projected else "bw-relu"
rows = list(csv.DictReader(open(rows_csv)))
PANEL, CAP = 256, 22


def load_truth(label):
    base = label.split("-crop")[0]
    img = io.imread(os.path.join("/work/shared/data", base + ".png")).astype(np.float64)
    if "-crop" in label:
        n = int(label.split("-crop")[1])
        y0, x0 = (img.shape[0] - n) // 2, (img.shape[1] - n) // 2
        img = img[y0:y0 + n, x0:x0 + n]
    return img


def to8(a):
    return Image.fromarray(np.clip(np.rint(a), 0, 255).astype(np.uint8))


def tiff(label, scale, role):
    a = io.imread(os.path.join(data, "%s-x%s-%s-%s.tif" % (label, scale, run, role))).astype(np.float64)
    if a.ndim == 3 and a.shape[0] == 3 and a.shape[2] != 3:
        a = np.moveaxis(a, 0, -1)
    return a


images = sorted({(r["image"], r["scale"]) for r in rows if r["name"] == run})
for label, scale in images:
    s = int(scale)
    truth = load_truth(label)
    low = truth.reshape(truth.shape[0] // s, s, truth.shape[1] // s, s, *truth.shape[2:]).mean(axis=(1, 3))
    # baselines have no settings: take their rows from any run on this image
    psnr = {r["method"]: float(r["psnr_db"]) for r in rows if r["image"] == label and r["scale"] == scale and not r["method"].startswith("bw-relu")}
    psnr["bw-relu"] = [float(r["psnr_db"]) for r in rows if r["name"] == run and r["image"] == label and r["scale"] == scale and r["method"] == NET][0]
    inr = tiff(label, scale, "INR")
    if projected:
        f_low = inr.reshape(low.shape[0], s, low.shape[1], s, *low.shape[2:]).mean(axis=(1, 3))
        inr = inr + np.kron(low - f_low, np.ones((s, s) + (1,) * (low.ndim - 2)))
    panels = [(np.kron(low, np.ones((s, s) + (1,) * (low.ndim - 2))), "input %dx%d" % low.shape[:2]),
              (inr, "INR %.2f dB" % psnr["bw-relu"]),
              (tiff(label, scale, "back-projection"), "back-projection %.2f dB" % psnr["back-projection"]),
              (tiff(label, scale, "bicubic-skimage"), "bicubic %.2f dB" % psnr["bicubic-skimage"]),
              (truth, "ground truth"),
              (np.abs(inr - truth).sum(axis=-1) if inr.ndim == 3 else np.abs(inr - truth), "|INR - truth|")]
    canvas = Image.new("RGB", (len(panels) * (PANEL + 4) - 4, PANEL + CAP), "white")
    d = ImageDraw.Draw(canvas)
    for i, (a, cap) in enumerate(panels):
        if cap.startswith("|"):
            a = a * (255.0 / (0.25 * 255 * (3 if truth.ndim == 3 else 1)))
        im = to8(a).convert("RGB").resize((PANEL, PANEL), Image.NEAREST)
        canvas.paste(im, (i * (PANEL + 4), 0))
        w = d.textlength(cap)
        d.text((i * (PANEL + 4) + (PANEL - w) / 2, PANEL + 5), cap, fill="black")
    name = os.path.join(out, "superres-%s-x%s.png" % (label.replace("-256", ""), scale))
    canvas.save(name)
    print("wrote", name, file=sys.stderr)

order = [NET, "back-projection", "lanczos-pil", "bicubic-skimage", "bicubic-pil", "bicubic-imagej"]
print("| method | " + " | ".join("%s x%s PSNR / SSIM / s" % (l, s) for l, s in images) + " | mean PSNR |")
print("| --- |" + " --- |" * (len(images) + 1))
for m in order:
    cells, ps = [], []
    for label, scale in images:
        r = [r for r in rows if (r["name"] == run or not m.startswith("bw-relu")) and r["image"] == label and r["scale"] == scale and r["method"] == m]
        if not r:
            cells.append("")
            continue
        r = r[0]
        ps.append(float(r["psnr_db"]))
        cells.append("%.2f / %.3f / %s" % (float(r["psnr_db"]), float(r["ssim"]), r["seconds"]))
    print("| %s | %s | %.2f |" % (m, " | ".join(cells), sum(ps) / len(ps) if ps else float("nan")))
