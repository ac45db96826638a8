package io.github.reluinr.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Bias gradients from the Java kernels: each {@link RowBlocks} block adds its
 * rows into its own row of partial sums (double), and the blocks are reduced in
 * block order, so the result does not depend on the thread count or on
 * scheduling.
 */
final class ColumnSums {

	private ColumnSums() {
	}

	/** One row of partial column sums per block. */
	static double[][] partials(int cols) {
		return new double[RowBlocks.BLOCKS][cols];
	}

	/** target[0, j] = sum over blocks of partial[block][j], in block order. */
	static void store(double[][] partial, INDArray target) {
		int cols = partial[0].length;
		float[] sum = new float[cols];
		for (int j = 0; j < cols; j++) {
			double s = 0;
			for (double[] p : partial)
				s += p[j];
			sum[j] = (float) s;
		}
		DirectBuffers.floats(target).put(0, sum);
	}
}
