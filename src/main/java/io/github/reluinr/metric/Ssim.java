package io.github.reluinr.metric;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mean structural similarity (SSIM, Wang et al. 2004), computed as
 * scikit-image's
 * {@code structural_similarity(truth, estimate, gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False, data_range=dataRange, channel_axis=-1)} does on
 * float64 arrays:
 * <ul>
 * <li>local statistics are Gaussian-weighted with sigma 1.5, truncated at 3.5
 * sigma: radius int(3.5 * 1.5 + 0.5) = 5, an 11 x 11 window, weights exp(-x^2 /
 * (2 sigma^2)) normalised to sum 1;
 * <li>filtering follows {@code scipy.ndimage.gaussian_filter}: separable, mode
 * 'reflect', which mirrors including the edge sample (d c b a | a b c d);
 * <li>population (co)variances: v_x = G(x^2) - mu_x^2, v_xy = G(xy) - mu_x
 * mu_y;
 * <li>C1 = (0.01 L)^2, C2 = (0.03 L)^2 with L = dataRange, and S = (2 mu_x mu_y
 * + C1)(2 v_xy + C2) / ((mu_x^2 + mu_y^2 + C1)(v_x + v_y + C2));
 * <li>the map is cropped by 5 pixels on every side (skimage's
 * {@code crop(S, pad)}) before the mean; the crop drops every pixel whose
 * window reaches past the edge, so the boundary mode shapes only the discarded
 * border of the map, not the score;
 * <li>several channels: each channel is scored on its own and the scores are
 * averaged.
 * </ul>
 * The map is computed in bands of {@link #BAND} rows, so the working memory is
 * a few rows of the image. Like skimage, images smaller than the 11 x 11 window
 * are rejected. Everything runs in double: on float32 arrays skimage computes
 * in float32 and differs from this class by about 1e-6.
 *
 * <p>
 * Layout: values are interleaved, index (y*W + x)*C + c, which is the project's
 * [H*W, C] INDArray in 'c' order. The overloads without a data range use the
 * project's rule, L = max - min of the truth. SSIM is symmetric in its two
 * images; only the data range depends on which one is the truth.
 */
public final class Ssim {

	public static final double SIGMA = 1.5;
	public static final double TRUNCATE = 3.5;
	/**
	 * Filter radius as scipy.ndimage computes it: int(truncate * sigma + 0.5) =
	 * 5.
	 */
	public static final int RADIUS = (int) (TRUNCATE * SIGMA + 0.5);
	/** Window side, 11; also the smallest image side accepted. */
	public static final int WINDOW = 2 * RADIUS + 1;
	public static final double K1 = 0.01;
	public static final double K2 = 0.03;

	private Ssim() {
	}

	public static double compute(double[] truth, double[] estimate, int height,
			int width, int channels, double dataRange)
	{
		checkLayout(truth.length, estimate.length, height, width, channels);
		Values.positiveFinite("dataRange", dataRange);
		double c1 = (K1 * dataRange) * (K1 * dataRange);
		double c2 = (K2 * dataRange) * (K2 * dataRange);
		Filter filter = new Filter(height, width);
		double sum = 0;
		for (int c = 0; c < channels; c++) {
			sum += channel(truth, estimate, channels, c, filter, c1, c2);
		}
		return sum / channels;
	}

	/** SSIM with L = max - min of the truth. */
	public static double compute(double[] truth, double[] estimate, int height,
			int width, int channels)
	{
		return compute(truth, estimate, height, width, channels,
				Values.range(truth));
	}

	public static double compute(float[] truth, float[] estimate, int height,
			int width, int channels, double dataRange)
	{
		return compute(Values.of(truth), Values.of(estimate), height, width,
				channels, dataRange);
	}

	public static double compute(float[] truth, float[] estimate, int height,
			int width, int channels)
	{
		return compute(Values.of(truth), Values.of(estimate), height, width,
				channels);
	}

	/** Images as [H*W, C] (or a vector of H*W values for one channel). */
	public static double compute(INDArray truth, INDArray estimate, int height,
			int width, double dataRange)
	{
		Values.sameShape(truth, estimate);
		return compute(Values.of(truth), Values.of(estimate), height, width,
				channels(truth), dataRange);
	}

	public static double compute(INDArray truth, INDArray estimate, int height,
			int width)
	{
		Values.sameShape(truth, estimate);
		return compute(Values.of(truth), Values.of(estimate), height, width,
				channels(truth));
	}

	private static int channels(INDArray a) {
		if (a.rank() == 1) return 1;
		if (a.rank() == 2) return (int) a.size(1);
		throw new IllegalArgumentException(
				"expected an image as [H*W, C], got rank " + a.rank());
	}

	private static void checkLayout(int truth, int estimate, int height,
			int width, int channels)
	{
		Values.sameLength(truth, estimate);
		if (channels < 1)
			throw new IllegalArgumentException(
					"channels must be >= 1, got " + channels);
		if (height < WINDOW || width < WINDOW) {
			throw new IllegalArgumentException(
					"SSIM needs images of at least " + WINDOW + " x " + WINDOW
							+ " pixels (its Gaussian window), got " + height
							+ " x " + width);
		}
		if ((long) height * width * channels != truth) {
			throw new IllegalArgumentException(
					"expected " + height + " x " + width + " x " + channels
							+ " = " + (long) height * width * channels
							+ " values, got " + truth);
		}
	}

	/**
	 * Output rows per band of the SSIM map: the working arrays hold (BAND + 10)
	 * image rows, not the image.
	 */
	static final int BAND = 64;

	/**
	 * One channel's mean over the cropped map, in bands of output rows. Every
	 * scored pixel's window lies inside the image (the crop drops the others),
	 * so the bands need no reflection and compute exactly what whole-image
	 * filtering computes there, in the same order.
	 */
	private static double channel(double[] truth, double[] estimate,
			int channels, int c, Filter f, double c1, double c2)
	{
		int w = f.width;
		int band = Math.min(BAND, f.height - 2 * RADIUS);
		int inRows = band + 2 * RADIUS;
		double[][] in = new double[5][inRows * w];
		double[][] mean = new double[5][band * w];
		double[] tmp = new double[band * w];
		double sum = 0;
		for (int r0 = RADIUS; r0 < f.height - RADIUS; r0 += band) {
			int r1 = Math.min(f.height - RADIUS, r0 + band);
			int rowsIn = r1 - r0 + 2 * RADIUS;
			for (int k = 0; k < rowsIn; k++) {
				int src = (r0 - RADIUS + k) * w;
				for (int q = 0; q < w; q++) {
					double x = truth[(src + q) * channels + c];
					double y = estimate[(src + q) * channels + c];
					int i = k * w + q;
					in[0][i] = x;
					in[1][i] = y;
					in[2][i] = x * x;
					in[3][i] = y * y;
					in[4][i] = x * y;
				}
			}
			for (int m = 0; m < 5; m++)
				f.band(in[m], r1 - r0, tmp, mean[m]);
			double[] ux = mean[0], uy = mean[1], uxx = mean[2], uyy = mean[3],
					uxy = mean[4];
			for (int r = 0; r < r1 - r0; r++) {
				for (int q = RADIUS; q < w - RADIUS; q++) {
					int i = r * w + q;
					double mx = ux[i];
					double my = uy[i];
					double vx = uxx[i] - mx * mx;
					double vy = uyy[i] - my * my;
					double vxy = uxy[i] - mx * my;
					// Same operation order as skimage, so S(x, x) is exactly 1 and S is symmetric.
					double a1 = 2 * mx * my + c1;
					double a2 = 2 * vxy + c2;
					double b1 = mx * mx + my * my + c1;
					double b2 = vx + vy + c2;
					sum += (a1 * a2) / (b1 * b2);
				}
			}
		}
		return sum
				/ ((double) (f.height - 2 * RADIUS) * (f.width - 2 * RADIUS));
	}

	/**
	 * scipy.ndimage.gaussian_filter(sigma 1.5, truncate 3.5) on one H x W
	 * plane, where it is scored: only pixels whose window lies inside the
	 * plane, so its 'reflect' mode never enters.
	 */
	private static final class Filter {

		final int height;
		final int width;
		final double[] weights = gaussianWeights();
		Filter(int height, int width) {
			this.height = height;
			this.width = width;
		}

		/**
		 * The filter at `rows` consecutive output rows from the rows + 2 RADIUS
		 * input rows around them (in), for the columns whose window lies inside
		 * the image; tmp holds the vertical pass.
		 */
		void band(double[] in, int rows, double[] tmp, double[] out) {
			double w0 = weights[RADIUS];
			for (int r = 0; r < rows; r++) {
				for (int q = 0; q < width; q++) {
					int centre = (r + RADIUS) * width + q;
					double s = w0 * in[centre];
					for (int j = 1; j <= RADIUS; j++) {
						s += weights[RADIUS + j] * (in[centre - j * width]
								+ in[centre + j * width]);
					}
					tmp[r * width + q] = s;
				}
			}
			for (int r = 0; r < rows; r++) {
				int row = r * width;
				for (int q = RADIUS; q < width - RADIUS; q++) {
					double s = w0 * tmp[row + q];
					for (int j = 1; j <= RADIUS; j++) {
						s += weights[RADIUS + j]
								* (tmp[row + q - j] + tmp[row + q + j]);
					}
					out[row + q] = s;
				}
			}
		}

		/**
		 * scipy's _gaussian_kernel1d: exp(-0.5 / sigma^2 * x^2), normalised by
		 * its sum.
		 */
		private static double[] gaussianWeights() {
			double[] w = new double[WINDOW];
			double a = -0.5 / (SIGMA * SIGMA);
			double sum = 0;
			for (int i = 0; i < WINDOW; i++) {
				int x = i - RADIUS;
				w[i] = Math.exp(a * (x * x));
				sum += w[i];
			}
			for (int i = 0; i < WINDOW; i++)
				w[i] /= sum;
			return w;
		}
	}
}
