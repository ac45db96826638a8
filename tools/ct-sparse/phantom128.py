#!/usr/bin/env python3
"""Writes the 128 x 128 Shepp-Logan phantom of the sparse-view protocol (docs/ct-sparse-protocol.md):
skimage.data.shepp_logan_phantom() resized with anti-aliasing, float32 TIFF, values 0-1.
Usage: /usr/bin/python3 tools/ct-sparse/phantom128.py OUT.tif"""
import sys
import numpy as np
import tifffile
from skimage import data
from skimage.transform import resize

img = resize(data.shepp_logan_phantom(), (128, 128), anti_aliasing=True).astype(np.float32)
tifffile.imwrite(sys.argv[1], img)
