#!/usr/bin/env bash
# The third round's table (docs/ct-sparse-protocol.md): the CT defaults on camera-128, the phantom and
# astronaut-128 at 20, 30 and 60 views, every FBP filter and SIRT beside the network; SIRT at 3000 iterations
# once per image at 30 views. Usage: tools/ct-sparse/table.sh OUTDIR (about 45 minutes on 2 cores, one run
# at a time).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:?OUTDIR}"
mkdir -p "$out"
/usr/bin/python3 "$root/tools/ct-sparse/phantom128.py" "$out/phantom-128.tif"
cp "$root/src/main/resources/io/github/reluinr/images/camera-128.png" "$out/camera-128.png"
/usr/bin/python3 -c "
import numpy as np, sys
from skimage import io, color
a = io.imread(sys.argv[1])[..., :3]
io.imsave(sys.argv[2], np.round(color.rgb2gray(a) * 255).astype(np.uint8))" \
  "$root/../shared/data/astronaut-hr128.png" "$out/astronaut-128.png"
for img in camera-128.png phantom-128.tif astronaut-128.png; do
  for views in 20 30 60; do
    stem="$out/${img%.*}-$views"
    /usr/bin/time -f "${img%.*} $views views: %e s" "$root/scripts/relu-inr" ct --input "$out/$img" \
      --angles "$views" --filter all --output "$stem-inr.tif" --fbp-output "$stem-fbp.tif" \
      --sirt-output "$stem-sirt.tif" --metrics "$stem.csv" --quiet
    cat "$stem.csv"
  done
  "$root/scripts/relu-inr" ct --input "$out/$img" --angles 30 --sirt-iterations 3000 --start-from random \
    --epochs 1 --output "$out/${img%.*}-sirt3000-inr.tif" --metrics "$out/${img%.*}-sirt3000.csv" --quiet
  grep ',sirt,' "$out/${img%.*}-sirt3000.csv"
done
