package io.github.reluinr.task;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An image as the engine sees it: pixels [H*W, C] (row-major, pixel y*W + x) in
 * the units given.
 */
public record Image2D(INDArray pixels, int height, int width) {

	public Image2D {
		if (pixels.rank() != 2 || pixels.size(0) != (long) height * width) {
			throw new IllegalArgumentException(
					"pixels must be [" + height + "*" + width + ", C], got "
							+ java.util.Arrays.toString(pixels.shape()));
		}
	}

	public int channels() {
		return (int) pixels.size(1);
	}
}
