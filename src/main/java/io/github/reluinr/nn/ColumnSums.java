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

	/**
	 * Stores partials [block][o * cols + j] summed in block order into the
	 * float array target, read as [cols, groups] (c-order), then zeroes them:
	 * groups = 1 for a [k, cols] target stored as it is, the layer's outputs
	 * for an output layer's [cols, outputs] weight gradient.
	 */
	static void storeAndClear(double[][] partial, INDArray target, int groups) {
		int n = partial[0].length, cols = n / groups;
		float[] sum = new float[n];
		for (int i = 0; i < n; i++) {
			double s = 0;
			for (double[] p : partial)
				s += p[i];
			int o = i / cols, j = i % cols;
			sum[groups == 1 ? i : j * groups + o] = (float) s;
		}
		DirectBuffers.floats(target).put(0, sum);
		for (double[] p : partial)
			java.util.Arrays.fill(p, 0);
	}
}
