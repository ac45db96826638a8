#!/usr/bin/env bash
# Builds the native BW-ReLU kernels (reluinr_kernels.c) into the classes directory, where NativeKernels
# loads them from the jar. Called by Maven (process-classes) as: build-kernels.sh JAVA_HOME OUTPUT_DIR.
# Only Linux x86-64 with a C compiler gets them; elsewhere this says so and the Java kernels run (same results).
set -u
java_home="$1"
out="$2"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/reluinr_kernels.c"
if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
  echo "relu-inr native kernels: not built on $(uname -s) $(uname -m); the Java kernels run"
  exit 0
fi
cc="${CC:-cc}"
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "relu-inr native kernels: no C compiler ($cc); the Java kernels run"
  exit 0
fi
mkdir -p "$out"
# -ffp-contract=off and no -ffast-math: Java's rounding, step by step (the kernels must match the Java ones to the bit).
if "$cc" -std=c11 -O2 -fPIC -shared -ffp-contract=off -fno-strict-aliasing -Wall \
    -I"$java_home/include" -I"$java_home/include/linux" -o "$out/libreluinr-kernels.so" "$src"; then
  echo "relu-inr native kernels: built $out/libreluinr-kernels.so"
else
  rm -f "$out/libreluinr-kernels.so"
  echo "relu-inr native kernels: $cc failed; the Java kernels run"
fi
exit 0
