package io.github.reluinr.op;

/**
 * Classical up-sampling of one plane (row-major float[], pixel y*W + x), as the
 * libraries a user would otherwise reach for compute it. All of them align
 * pixel centres: output pixel i sits at input coordinate (i + 1/2) * in/out -
 * 1/2, which is also where the S x S average of a block sits.
 *
 * <ul>
 * <li>{@link Method#SPLINE3}: scikit-image's
 * {@code transform.resize(img, shape, order=3)} (0.19): a cubic B-spline
 * through the samples (scipy.ndimage's spline pre-filter and
 * {@code zoom(grid_mode=True)}, mode 'mirror'), clipped to the input's range as
 * {@code clip=True} does.</li>
 * <li>{@link Method#KEYS}: PIL's {@code Image.resize(..., BICUBIC)}: Keys'
 * cubic convolution with a = -0.5, support 2, its weights renormalised where
 * the support leaves the image.</li>
 * <li>{@link Method#LANCZOS3}: PIL's {@code LANCZOS}: sinc(x) sinc(x/3) on |x|
 * &lt; 3, renormalised the same way.</li>
 * </ul>
 * PIL's support widens by the factor when it shrinks an image; here only
 * up-sampling is needed, where its kernels are used as they are. Results are
 * computed in double and stored as float (PIL's float mode).
 */
public final class Resampling {

	public enum Method {
		SPLINE3, KEYS, LANCZOS3
	}

	private static final double POLE = Math.sqrt(3) - 2;

	private Resampling() {
	}

	/**
	 * Resizes a plane to outH x outW with the method. {@code clip} bounds the
	 * result by the input's minimum and maximum (scikit-image does so by
	 * default; PIL does not for float images); a residual must not be clipped.
	 */
	public static float[] resize(float[] plane, int h, int w, int outH,
			int outW, Method method, boolean clip)
	{
		if (plane.length != h * w || h < 1 || w < 1 || outH < 1 || outW < 1)
			throw new IllegalArgumentException("sizes do not match the plane");
		double[] src = new double[plane.length];
		for (int i = 0; i < src.length; i++)
			src[i] = plane[i];
		double[] out;
		if (method == Method.SPLINE3) {
			double[] coef = splineCoefficients(src, h, w);
			out = separable(coef, h, w, outH, outW, (n, m) -> splineTaps(n, m));
		}
		else {
			Kernel k = method == Method.KEYS
					? Resampling::keys
					: Resampling::lanczos3;
			double support = method == Method.KEYS ? 2 : 3;
			out = separable(src, h, w, outH, outW,
					(n, m) -> pilTaps(n, m, k, support));
		}
		float[] res = new float[out.length];
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		if (clip) for (float v : plane) {
			lo = Math.min(lo, v);
			hi = Math.max(hi, v);
		}
		for (int i = 0; i < res.length; i++)
			res[i] = (float) (clip
					? Math.min(hi, Math.max(lo, out[i]))
					: out[i]);
		return res;
	}

	@FunctionalInterface
	private interface Kernel {

		double at(double x);
	}

	/**
	 * For each output index, the input indices and weights that make it (a 1-D
	 * resampling matrix).
	 */
	private record Taps(int[][] index, double[][] weight) {
	}

	@FunctionalInterface
	private interface TapMaker {

		Taps make(int in, int out);
	}

	/** Horizontal pass, then vertical (PIL's order). */
	private static double[] separable(double[] src, int h, int w, int outH,
			int outW, TapMaker taps)
	{
		Taps tx = taps.make(w, outW), ty = taps.make(h, outH);
		double[] mid = new double[h * outW];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < outW; x++) {
				double s = 0;
				int[] idx = tx.index[x];
				double[] wt = tx.weight[x];
				for (int k = 0; k < idx.length; k++)
					s += src[y * w + idx[k]] * wt[k];
				mid[y * outW + x] = s;
			}
		}
		double[] out = new double[outH * outW];
		for (int y = 0; y < outH; y++) {
			int[] idx = ty.index[y];
			double[] wt = ty.weight[y];
			for (int x = 0; x < outW; x++) {
				double s = 0;
				for (int k = 0; k < idx.length; k++)
					s += mid[idx[k] * outW + x] * wt[k];
				out[y * outW + x] = s;
			}
		}
		return out;
	}

	/**
	 * PIL's precompute_coeffs for up-sampling: centre (i + 1/2) * in/out, taps
	 * in [centre - support, centre + support), normalised.
	 */
	private static Taps pilTaps(int in, int out, Kernel kernel,
			double support)
	{
		double scale = (double) in / out;
		double filterScale = Math.max(scale, 1.0);
		double sup = support * filterScale;
		int[][] index = new int[out][];
		double[][] weight = new double[out][];
		for (int i = 0; i < out; i++) {
			double centre = (i + 0.5) * scale;
			int xmin = Math.max((int) (centre - sup + 0.5), 0);
			int xmax = Math.min((int) (centre + sup + 0.5), in) - xmin;
			index[i] = new int[xmax];
			weight[i] = new double[xmax];
			double sum = 0;
			for (int x = 0; x < xmax; x++) {
				double v = kernel.at((x + xmin - centre + 0.5) / filterScale);
				index[i][x] = x + xmin;
				weight[i][x] = v;
				sum += v;
			}
			if (sum != 0) for (int x = 0; x < xmax; x++)
				weight[i][x] /= sum;
		}
		return new Taps(index, weight);
	}

	/** Keys' cubic convolution kernel with a = -0.5 (PIL's bicubic_filter). */
	static double keys(double x) {
		double a = -0.5;
		x = Math.abs(x);
		if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
		if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
		return 0;
	}

	/** Lanczos with a = 3 (PIL's lanczos_filter). */
	static double lanczos3(double x) {
		if (x > -3 && x < 3) return sinc(x) * sinc(x / 3);
		return 0;
	}

	private static double sinc(double x) {
		if (x == 0) return 1;
		x *= Math.PI;
		return Math.sin(x) / x;
	}

	/** The cubic B-spline beta3. */
	static double bspline3(double x) {
		x = Math.abs(x);
		if (x < 1) return 2.0 / 3 - x * x + 0.5 * x * x * x;
		if (x < 2) {
			double t = 2 - x;
			return t * t * t / 6;
		}
		return 0;
	}

	/**
	 * Whole-sample mirror of an index into [0, n): ... 2 1 | 0 1 2 ... n-1 |
	 * n-2 ...
	 */
	static int mirror(int k, int n) {
		if (n == 1) return 0;
		int period = 2 * n - 2;
		k = Math.floorMod(k, period);
		return k < n ? k : period - k;
	}

	/**
	 * Spline evaluation taps at scipy.ndimage.zoom's grid-mode coordinates,
	 * coefficients mirrored.
	 */
	private static Taps splineTaps(int in, int out) {
		double scale = (double) in / out;
		int[][] index = new int[out][4];
		double[][] weight = new double[out][4];
		for (int i = 0; i < out; i++) {
			double t = (i + 0.5) * scale - 0.5;
			int k0 = (int) Math.floor(t) - 1;
			for (int k = 0; k < 4; k++) {
				index[i][k] = mirror(k0 + k, in);
				weight[i][k] = bspline3(t - (k0 + k));
			}
		}
		return new Taps(index, weight);
	}

	/**
	 * The interpolating cubic B-spline's coefficients of a plane (rows, then
	 * columns), mirror boundaries.
	 */
	private static double[] splineCoefficients(double[] src, int h, int w) {
		double[] c = src.clone();
		double[] line = new double[Math.max(h, w)];
		for (int y = 0; y < h; y++) {
			System.arraycopy(c, y * w, line, 0, w);
			prefilter(line, w);
			System.arraycopy(line, 0, c, y * w, w);
		}
		for (int x = 0; x < w; x++) {
			for (int y = 0; y < h; y++)
				line[y] = c[y * w + x];
			prefilter(line, h);
			for (int y = 0; y < h; y++)
				c[y * w + x] = line[y];
		}
		return c;
	}

	/**
	 * Unser's recursive cubic-spline pre-filter on line[0..n) with whole-sample
	 * mirror boundaries, in place.
	 */
	static void prefilter(double[] line, int n) {
		if (n == 1) return;
		double z = POLE;
		// causal initial value: the exact sum over the mirrored signal
		double zn = Math.pow(z, n - 1);
		double sum = line[0] + zn * line[n - 1];
		double z2n = zn * zn;
		double zk = z;
		for (int k = 1; k < n - 1; k++) {
			sum += (zk + z2n / zk) * line[k];
			zk *= z;
		}
		line[0] = sum / (1 - z2n);
		for (int k = 1; k < n; k++)
			line[k] += z * line[k - 1];
		line[n - 1] = z / (z * z - 1) * (line[n - 1] + z * line[n - 2]);
		for (int k = n - 2; k >= 0; k--)
			line[k] = z * (line[k + 1] - line[k]);
		for (int k = 0; k < n; k++)
			line[k] *= 6;
	}
}
