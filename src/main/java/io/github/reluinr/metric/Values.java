package io.github.reluinr.metric;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Array plumbing shared by the metrics: copies and checks, done in double. */
final class Values {

	private Values() {
	}

	/**
	 * The values of {@code a} in 'c' order as doubles (exact for float and
	 * double arrays).
	 */
	static double[] of(INDArray a) {
		if (a == null) throw new IllegalArgumentException("array is null");
		// dup('c') makes views and 'f'-ordered arrays contiguous in the project's order.
		return a.dup('c').reshape('c', new long[]{a.length()})
				.castTo(DataType.DOUBLE).toDoubleVector();
	}

	static double[] of(float[] a) {
		if (a == null) throw new IllegalArgumentException("array is null");
		double[] d = new double[a.length];
		for (int i = 0; i < a.length; i++)
			d[i] = a[i];
		return d;
	}

	static void sameShape(INDArray truth, INDArray estimate) {
		if (truth == null || estimate == null)
			throw new IllegalArgumentException("array is null");
		if (!java.util.Arrays.equals(truth.shape(), estimate.shape())) {
			throw new IllegalArgumentException(
					"truth and estimate differ in shape: "
							+ java.util.Arrays.toString(truth.shape()) + " vs "
							+ java.util.Arrays.toString(estimate.shape()));
		}
	}

	static void sameLength(int truth, int estimate) {
		if (truth != estimate) {
			throw new IllegalArgumentException(
					"truth and estimate differ in size: " + truth + " vs "
							+ estimate + " values");
		}
		if (truth == 0)
			throw new IllegalArgumentException("the images are empty");
	}

	/**
	 * max - min of the values; the project's peak / data range for a ground
	 * truth.
	 */
	static double range(double[] truth) {
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		for (double v : truth) {
			if (!Double.isFinite(v)) {
				throw new IllegalArgumentException("the ground truth contains "
						+ v + ": its range (the peak) is undefined");
			}
			if (v < min) min = v;
			if (v > max) max = v;
		}
		double r = max - min;
		if (!(r > 0)) {
			throw new IllegalArgumentException(
					"the ground truth is constant (min = max = " + min
							+ "): its range, the peak of the metric, is 0; pass a peak explicitly");
		}
		return r;
	}

	static void positiveFinite(String name, double v) {
		if (!(v > 0) || Double.isInfinite(v)) {
			throw new IllegalArgumentException(
					name + " must be positive and finite, got " + v);
		}
	}
}
