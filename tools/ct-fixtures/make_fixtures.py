#!/usr/bin/env python3
"""Makes the CT test fixtures with scikit-image's own radon/iradon (checked with scikit-image 0.19.3).

Run from the repository root:  /usr/bin/python3 tools/ct-fixtures/make_fixtures.py
Writes src/test/resources/io/github/reluinr/ct/: raw little-endian float32 arrays (row-major, shapes in
fixtures.txt) and fixtures.txt (shapes, angles, and the PSNR of scikit-image's iradon for every filter).
"""
import os
import numpy as np
from skimage import io, data
from skimage.transform import radon, iradon, resize

OUT = "src/test/resources/io/github/reluinr/ct"
FILTERS = ["ramp", "shepp-logan", "cosine", "hamming", "hann"]


def psnr_in_crop(truth, recon):
    h, w = truth.shape
    n = recon.shape[0]
    top, left = n // 2 - h // 2, n // 2 - w // 2
    crop = recon[top:top + h, left:left + w]
    rng = truth.max() - truth.min()
    mse = np.mean((crop.astype(np.float64) - truth.astype(np.float64)) ** 2)
    return 10 * np.log10(rng * rng / mse)


def save(name, a):
    np.ascontiguousarray(a, dtype="<f4").tofile(os.path.join(OUT, name))


def main():
    os.makedirs(OUT, exist_ok=True)
    theta = np.linspace(0, 180, 30, endpoint=False)
    camera = io.imread("src/main/resources/io/github/reluinr/images/camera-128.png").astype(np.float64)
    if camera.ndim == 3:
        camera = camera[..., 0]
    phantom = resize(data.shepp_logan_phantom(), (64, 64), anti_aliasing=True).astype(np.float32).astype(np.float64)
    lines = ["# made by tools/ct-fixtures/make_fixtures.py with scikit-image " + __import__("skimage").__version__,
             "theta linspace(0, 180, 30, endpoint=False)"]
    for name, img in (("camera128", camera), ("phantom64", phantom)):
        sino = radon(img, theta=theta, circle=False)  # detectors x angles
        sino32 = sino.astype(np.float32)
        save(name + "-radon30.f32", sino32)
        lines.append("%s image %d %d sinogram %d %d" % (name, img.shape[0], img.shape[1], sino.shape[0], sino.shape[1]))
        for f in FILTERS:
            rec = iradon(sino32.astype(np.float64), theta=theta, filter_name=f)  # circle=True, n x n
            lines.append("%s iradon %s psnr %.4f" % (name, f, psnr_in_crop(img, rec)))
            if name == "phantom64" and f == "hann":
                save(name + "-iradon-hann.f32", rec.astype(np.float32))
    save("phantom64.f32", phantom.astype(np.float32))
    with open(os.path.join(OUT, "fixtures.txt"), "w") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
