package io.github.reluinr.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A smoothed total-variation prior on the network's output image: weight * mean
 * over pixels and channels of sqrt(dx^2 + dy^2 + eps^2), each channel apart,
 * with forward differences and a zero difference past the last row and column.
 * Added to the data term of a global operator (CT), where sparse views leave
 * most of the image's frequencies unmeasured: it favours piecewise-smooth
 * images over the streaks the null space allows.
 */
public final class TotalVariation {

	/**
	 * The tasks' smoothing eps, for images in the trainer's units (peak about
	 * 1): CT's and super-resolution's prior.
	 */
	public static final double DEFAULT_EPS = 1e-3;

	private final int height;
	private final int width;
	private final int channels;
	private final double weight;
	private final double eps;

	/**
	 * @param eps
	 *            smoothing, in the units of the image (the trainer's: about 1
	 *            at the image's peak)
	 */
	public TotalVariation(int height, int width, double weight, double eps) {
		this(height, width, 1, weight, eps);
	}

	/**
	 * The same for an image of {@code channels} channels, [height*width,
	 * channels].
	 */
	public TotalVariation(int height, int width, int channels, double weight,
			double eps)
	{
		if (height < 1 || width < 1 || channels < 1)
			throw new IllegalArgumentException("image size must be positive");
		if (!(weight >= 0) || !(eps > 0))
			throw new IllegalArgumentException(
					"weight must be >= 0 and eps > 0");
		this.height = height;
		this.width = width;
		this.channels = channels;
		this.weight = weight;
		this.eps = eps;
	}

	public int pixels() {
		return height * width;
	}

	public int channels() {
		return channels;
	}

	/**
	 * The prior's value for image f [height*width, channels] (row-major), and
	 * its gradient added to grad of the same shape.
	 */
	public double addGradient(INDArray f, INDArray grad) {
		long values = (long) pixels() * channels;
		if (f.length() != values || grad.length() != values)
			throw new IllegalArgumentException("expected " + values
					+ " values, got " + f.length() + " and " + grad.length());
		float[] v = f.dup('c').data().asFloat();
		float[] g = new float[v.length];
		double e2 = eps * eps, sum = 0, scale = weight / v.length;
		int c = channels, row = width * c; // value (y, x, ch) at (y * width + x) * c + ch
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				for (int ch = 0; ch < c; ch++) {
					int i = (y * width + x) * c + ch;
					double dx = x + 1 < width ? v[i + c] - v[i] : 0;
					double dy = y + 1 < height ? v[i + row] - v[i] : 0;
					double s = Math.sqrt(dx * dx + dy * dy + e2);
					sum += s;
					double gx = scale * dx / s, gy = scale * dy / s;
					g[i] -= (float) (gx + gy);
					if (x + 1 < width) g[i + c] += (float) gx;
					if (y + 1 < height) g[i + row] += (float) gy;
				}
			}
		}
		grad.addi(org.nd4j.linalg.factory.Nd4j.create(g, grad.shape(), 'c'));
		return scale * sum;
	}
}
