#!/usr/bin/env bash
# The fourth round's table (docs/ct-sparse-protocol.md): the CT defaults on camera-128, the phantom,
# astronaut-128 and coins-128 (held out) at 20, 30 and 60 views, every FBP filter and SIRT beside the network;
# SIRT at 3000 and 10000 iterations once per image at 30 views. Usage: tools/ct-sparse/table.sh OUTDIR
# [IMAGES [VIEWS]] (defaults: all four images, "20 30 60"; about 8 minutes per network run on 2 cores).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:?OUTDIR}"
images="${2:-camera-128.png phantom-128.tif astronaut-128.png coins-128.png}"
views_list="${3:-20 30 60}"
mkdir -p "$out"
[ -f "$out/phantom-128.tif" ] || /usr/bin/python3 "$root/tools/ct-sparse/phantom128.py" "$out/phantom-128.tif"
cp "$root/src/main/resources/io/github/reluinr/images/camera-128.png" "$out/camera-128.png"
/usr/bin/python3 -c "
import numpy as np, sys
from skimage import io, color, data
a = io.imread(sys.argv[1])[..., :3]
io.imsave(sys.argv[2], np.round(color.rgb2gray(a) * 255).astype(np.uint8))
c = data.coins().astype(np.float64)            # 303 x 384, scikit-image's own sample
y0, x0 = (c.shape[0] - 256) // 2, (c.shape[1] - 256) // 2
c = c[y0:y0 + 256, x0:x0 + 256].reshape(128, 2, 128, 2).mean(axis=(1, 3))
io.imsave(sys.argv[3], np.round(c).astype(np.uint8))" \
  "$root/../shared/data/astronaut-hr128.png" "$out/astronaut-128.png" "$out/coins-128.png"
for img in $images; do
  for views in $views_list; do
    stem="$out/${img%.*}-$views"
    /usr/bin/time -f "${img%.*} $views views: %e s" "$root/scripts/relu-inr" ct --input "$out/$img" \
      --angles "$views" --filter all --output "$stem-inr.tif" --fbp-output "$stem-fbp.tif" \
      --sirt-output "$stem-sirt.tif" --metrics "$stem.csv" --quiet
    cat "$stem.csv"
  done
  case " $views_list " in *" 30 "*)
    for it in 3000 10000; do
      "$root/scripts/relu-inr" ct --input "$out/$img" --angles 30 --sirt-iterations $it --start-from random \
        --epochs 1 --output "$out/${img%.*}-sirt$it-inr.tif" --metrics "$out/${img%.*}-sirt$it.csv" --quiet
      grep ',sirt,' "$out/${img%.*}-sirt$it.csv"
    done ;;
  esac
done
