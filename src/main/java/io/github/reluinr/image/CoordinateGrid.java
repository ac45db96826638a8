package io.github.reluinr.image;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The network's input coordinates, as the reference builds them: each axis is
 * linspace(-1, 1, n) and the rows follow the project's pixel order, x fastest.
 * <ul>
 * <li>1-D: [N, 1], row i = (x_i);
 * <li>2-D: [H*W, 2], row y*W + x = (x_x, y_y) (meshgrid 'xy' flattened in 'c'
 * order);
 * <li>3-D: [D*H*W, 3], row (z*H + y)*W + x = (x_x, y_y, z_z), z outermost like
 * ImgLib2's (x, y, z).
 * </ul>
 * Values are numpy's {@code linspace(-1, 1, n)} in float64 (i * (2 / (n - 1)) -
 * 1, the last set to exactly 1, and [-1] for n = 1) cast to float32, bit for
 * bit.
 */
public final class CoordinateGrid {

	private CoordinateGrid() {
	}

	/** numpy.linspace(-1, 1, n) in double. */
	public static double[] linspace(int n) {
		if (n < 1)
			throw new IllegalArgumentException(
					"an axis needs at least one sample, got " + n);
		double[] v = new double[n];
		if (n == 1) {
			v[0] = -1;
			return v;
		}
		// numpy's own steps; -1 + 2.0 * i / (n - 1) differs in the last bit for some i (even in float32,
		// e.g. the centre of n = 99 is -2^-53, not 0).
		double step = 2.0 / (n - 1);
		for (int i = 0; i < n; i++)
			v[i] = i * step + -1.0;
		v[n - 1] = 1.0;
		return v;
	}

	/** [n, 1]. */
	public static INDArray grid(int n) {
		double[] x = linspace(n);
		float[] out = new float[n];
		for (int i = 0; i < n; i++)
			out[i] = (float) x[i];
		return Nd4j.create(out, new long[]{n, 1}, 'c');
	}

	/** [H*W, 2], rows (x, y) in pixel order y*W + x. */
	public static INDArray grid(int height, int width) {
		double[] x = linspace(width);
		double[] y = linspace(height);
		float[] out = new float[size(1, height, width) * 2];
		int k = 0;
		for (int j = 0; j < height; j++) {
			for (int i = 0; i < width; i++) {
				out[k++] = (float) x[i];
				out[k++] = (float) y[j];
			}
		}
		return Nd4j.create(out, new long[]{(long) height * width, 2}, 'c');
	}

	/** [D*H*W, 3], rows (x, y, z) in order (z*H + y)*W + x. */
	public static INDArray grid(int depth, int height, int width) {
		double[] x = linspace(width);
		double[] y = linspace(height);
		double[] z = linspace(depth);
		float[] out = new float[size(depth, height, width) * 3];
		int k = 0;
		for (int l = 0; l < depth; l++) {
			for (int j = 0; j < height; j++) {
				for (int i = 0; i < width; i++) {
					out[k++] = (float) x[i];
					out[k++] = (float) y[j];
					out[k++] = (float) z[l];
				}
			}
		}
		return Nd4j.create(out, new long[]{(long) depth * height * width, 3},
				'c');
	}

	private static int size(long depth, long height, long width) {
		long n = depth * height * width;
		if (n * 3 > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("grid too large: " + depth
					+ " x " + height + " x " + width);
		}
		return (int) n;
	}
}
