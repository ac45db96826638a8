package io.github.reluinr.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A smoothed total-variation prior on the network's output image: weight * mean
 * over pixels of sqrt(dx^2 + dy^2 + eps^2), with forward differences and a zero
 * difference past the last row and column. Added to the data term of a global
 * operator (CT), where sparse views leave most of the image's frequencies
 * unmeasured: it favours piecewise-smooth images over the streaks the null
 * space allows.
 */
public final class TotalVariation {

	private final int height;
	private final int width;
	private final double weight;
	private final double eps;

	/**
	 * @param eps
	 *            smoothing, in the units of the image (the trainer's: about 1
	 *            at the image's peak)
	 */
	public TotalVariation(int height, int width, double weight, double eps) {
		if (height < 1 || width < 1)
			throw new IllegalArgumentException("image size must be positive");
		if (!(weight >= 0) || !(eps > 0))
			throw new IllegalArgumentException(
					"weight must be >= 0 and eps > 0");
		this.height = height;
		this.width = width;
		this.weight = weight;
		this.eps = eps;
	}

	public int pixels() {
		return height * width;
	}

	/**
	 * The prior's value for image f [height*width, 1] (row-major), and its
	 * gradient added to grad [height*width, 1].
	 */
	public double addGradient(INDArray f, INDArray grad) {
		if (f.length() != pixels() || grad.length() != pixels())
			throw new IllegalArgumentException("expected " + pixels()
					+ " pixels, got " + f.length() + " and " + grad.length());
		float[] v = f.dup('c').data().asFloat();
		float[] g = new float[v.length];
		double e2 = eps * eps, sum = 0, scale = weight / v.length;
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				int i = y * width + x;
				double dx = x + 1 < width ? v[i + 1] - v[i] : 0;
				double dy = y + 1 < height ? v[i + width] - v[i] : 0;
				double s = Math.sqrt(dx * dx + dy * dy + e2);
				sum += s;
				double gx = scale * dx / s, gy = scale * dy / s;
				g[i] -= (float) (gx + gy);
				if (x + 1 < width) g[i + 1] += (float) gx;
				if (y + 1 < height) g[i + width] += (float) gy;
			}
		}
		grad.addi(org.nd4j.linalg.factory.Nd4j.create(g, grad.shape(), 'c'));
		return scale * sum;
	}
}
