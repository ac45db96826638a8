#!/usr/bin/env bash
# The runs of docs/ct-sparse-protocol.md: camera-128 and a 128 x 128 Shepp-Logan phantom, 30 views over
# [0, 180), network configurations 1-3 (4 is run by hand, from the best of these), every FBP filter and SIRT.
# Usage: tools/ct-sparse/run.sh OUTDIR [CONFIG...]   (configs: c3 c1.5 lr5e-3 from a random start, sirt and
# sirt-tvW from the SIRT start (W: --tv-weight); default the first three)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:?OUTDIR}"; shift
mkdir -p "$out"
/usr/bin/python3 "$root/tools/ct-sparse/phantom128.py" "$out/phantom-128.tif"
unzip -p "$root/target/relu-inr.jar" io/github/reluinr/images/camera-128.png > "$out/camera-128.png" 2>/dev/null \
  || cp "$root/src/main/resources/io/github/reluinr/images/camera-128.png" "$out/camera-128.png"
configs=("$@"); [ ${#configs[@]} -gt 0 ] || configs=(c3 c1.5 lr5e-3)
for img in camera-128.png phantom-128.tif; do
  for cfg in "${configs[@]}"; do
    case "$cfg" in
      c3) extra=(--c 3 --lr 2e-3 --start-from random) ;;
      sirt) extra=(--c 3) ;;                            # the default: start from SIRT, lr 3e-4
      sirt-tv*) extra=(--c 3 --tv-weight "${cfg#sirt-tv}") ;;
      c1.5) extra=(--c 1.5 --lr 2e-3 --start-from random) ;;
      lr5e-3) extra=(--c 3 --lr 5e-3 --start-from random) ;;
      *) extra=($cfg) ;;
    esac
    stem="$out/${img%.*}-$cfg"
    "$root/scripts/relu-inr" ct --input "$out/$img" --angles 30 --angle-range 180 --width 128 --layers 3 \
      --epochs "${EPOCHS:-1000}" --lr-decay 0.1 --max-minutes "${BUDGET_MINUTES:-10}" --filter all --sirt-iterations "${SIRT:-200}" \
      "${extra[@]}" --output "$stem-inr.tif" --fbp-output "$stem-fbp.tif" --sirt-output "$stem-sirt.tif" \
      --metrics "$stem.csv" --quiet
    cat "$stem.csv"
  done
done
