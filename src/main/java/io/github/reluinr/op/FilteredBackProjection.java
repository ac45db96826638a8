package io.github.reluinr.op;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Filtered back-projection, the classical CT baseline for {@link RadonOperator}
 * sinograms, in two forms.
 * {@link #reconstruct(INDArray, RadonOperator, String, boolean)} is
 * scikit-image's {@code iradon} (a choice of filters, pixel-driven linear
 * interpolation). The form below, kept for the paper's reference geometry:
 * Ram-Lak filtered back-projection: each projection is convolved with the
 * spatial Ram-Lak kernel (unit detector spacing, zero padding outside the
 * detector), then back-projected with the operator's adjoint and scaled by the
 * angular step.
 *
 * <p>
 * The adjoint spreads each value along its ray with bilinear weights that sum
 * to about one per pixel, so A^T is the discrete back-projection and no other
 * constant is needed: f = A^T (h * p) summed over the angles with trapezoid
 * weights, pi/(K-1) inside and half that at the ends for K angles over 180
 * degrees (Kak and Slaney, eq. 3.61 with tau = 1). Runs once, so plain Java in
 * double.
 */
public final class FilteredBackProjection {

	private FilteredBackProjection() {
	}

	/** The filters of scikit-image's {@code iradon}, by its names. */
	public static final java.util.List<String> FILTERS = java.util.List
			.of("ramp", "shepp-logan", "cosine", "hamming", "hann");

	/**
	 * FBP as scikit-image's
	 * {@code iradon(sinogram, theta, filter_name=filter, circle=circle)}
	 * computes it, for any geometry of {@code op}: every projection is
	 * zero-padded to P = max(64, 2^ceil(log2(2W))) samples (W the diagonal
	 * ceil(sqrt(2) W) with {@code circle}, as iradon pads) and multiplied in
	 * the Fourier domain by 2 Re(FFT(Ram-Lak kernel)) times the window; each
	 * pixel then reads its filtered projections by linear interpolation at its
	 * detector position (zero off the detector), the sum over the K angles
	 * scaled by pi/(2K). With {@code circle}, pixels outside the circle of
	 * radius min(H, W)/2 about the rotation centre are set to 0. Returns [H*W,
	 * C].
	 */
	public static INDArray reconstruct(INDArray sinogram, RadonOperator op,
			String filter, boolean circle)
	{
		int w = op.width(), h = op.height(), angles = op.angleCount();
		int channels = (int) sinogram.size(1);
		if (sinogram.size(0) != (long) angles * w)
			throw new IllegalArgumentException(
					"sinogram must be [" + angles + "*" + w + ", C]");
		// iradon(circle=True) first pads the sinogram to the diagonal, which sets the Fourier length
		double[] kernel = spatialKernel(
				circle ? (int) Math.ceil(Math.sqrt(2) * w) : w, filter);
		int p = kernel.length;
		float[] data = sinogram.castTo(DataType.FLOAT).dup('c').data()
				.asFloat();
		double[] filtered = new double[data.length];
		Parallel.forEach(angles, (long) angles * w * w >= 1 << 16, a -> {
			for (int ch = 0; ch < channels; ch++) {
				for (int t = 0; t < w; t++) {
					double q = 0;
					for (int u = 0; u < w; u++)
						q += kernel[Math.floorMod(t - u, p)]
								* data[(a * w + u) * channels + ch];
					filtered[(a * w + t) * channels + ch] = q;
				}
			}
		});
		double[] theta = op.anglesDegrees();
		double[] cos = new double[angles], sin = new double[angles];
		for (int a = 0; a < angles; a++) {
			cos[a] = Math.cos(Math.toRadians(theta[a]));
			sin[a] = Math.sin(Math.toRadians(theta[a]));
		}
		double cx = op.centreX(), cy = op.centreY(), d0 = op.detectorCentre();
		double radius = Math.min(h, w) / 2;
		float[] image = new float[h * w * channels];
		Parallel.forEach(h, (long) h * w * angles >= 1 << 16, y -> {
			double[] sum = new double[channels];
			for (int x = 0; x < w; x++) {
				double dx = x - cx, dy = y - cy;
				java.util.Arrays.fill(sum, 0);
				if (!circle || dx * dx + dy * dy <= radius * radius) {
					for (int a = 0; a < angles; a++) {
						double u = dx * cos[a] + dy * sin[a] + d0;
						if (!(u >= 0 && u <= w - 1)) continue;
						int u0 = Math.min((int) Math.floor(u), w - 2);
						double f = u - u0;
						for (int ch = 0; ch < channels; ch++) {
							double lo = filtered[(a * w + u0) * channels + ch];
							double hi = w > 1
									? filtered[(a * w + u0 + 1) * channels + ch]
									: lo;
							sum[ch] += lo + f * (hi - lo);
						}
					}
				}
				for (int ch = 0; ch < channels; ch++)
					image[(y * w + x) * channels
							+ ch] = (float) (sum[ch] * Math.PI / (2 * angles));
			}
		});
		return Nd4j.createFromArray(image).reshape((long) h * w, channels);
	}

	/**
	 * scikit-image's padded projection length for W detectors: max(64,
	 * 2^ceil(log2(2W))).
	 */
	static int paddedLength(int width) {
		int p = 64;
		while (p < 2 * width)
			p *= 2;
		return p;
	}

	/**
	 * scikit-image's Fourier filter ({@code _get_fourier_filter}) of the padded
	 * length P: 2 Re(FFT(f)) with f the periodic spatial Ram-Lak kernel, times
	 * the window of the named filter.
	 */
	public static double[] fourierFilter(int size, String filter) {
		double[] f = new double[size];
		f[0] = 0.25;
		for (int i = 1; i < size; i += 2) {
			int n = Math.min(i, size - i);
			f[i] = -1.0 / (Math.PI * n * Math.PI * n);
		}
		double[] cosTable = cosines(size);
		double[] filt = new double[size];
		for (int j = 0; j < size; j++) {
			double re = 0;
			for (int i = 0; i < size; i++)
				re += f[i] * cosTable[(int) ((long) i * j % size)];
			filt[j] = 2 * re;
		}
		for (int j = 0; j < size; j++) {
			int shifted = (j + size / 2) % size; // numpy.fft.fftshift of an even-length window
			double window = switch (filter) {
				case "ramp" -> 1;
				case "shepp-logan" -> {
					if (j == 0) yield 1;
					double omega = Math.PI * (j < (size + 1) / 2 ? j : j - size)
							/ size;
					yield Math.sin(omega) / omega;
				}
				case "cosine" -> Math.sin(Math.PI * shifted / size);
				case "hamming" ->
					0.54 - 0.46 * Math.cos(2 * Math.PI * shifted / (size - 1));
				case "hann" ->
					0.5 - 0.5 * Math.cos(2 * Math.PI * shifted / (size - 1));
				default -> throw new IllegalArgumentException(
						"filter = " + filter + " is not allowed: use one of "
								+ String.join(", ", FILTERS));
			};
			filt[j] *= window;
		}
		return filt;
	}

	/** cos(2 pi k / size) for k = 0..size-1. */
	private static double[] cosines(int size) {
		double[] c = new double[size];
		for (int k = 0; k < size; k++)
			c[k] = Math.cos(2 * Math.PI * k / size);
		return c;
	}

	/**
	 * The filter as a periodic spatial kernel of the padded length:
	 * Re(IFFT(filter)).
	 */
	static double[] spatialKernel(int width, String filter) {
		return spatialKernel(fourierFilter(paddedLength(width), filter));
	}

	/**
	 * The periodic spatial kernel of a real even Fourier response filt:
	 * Re(IFFT(filt)).
	 */
	static double[] spatialKernel(double[] filt) {
		int size = filt.length;
		double[] k = new double[size];
		double[] cosTable = cosines(size);
		for (int m = 0; m < size; m++) {
			double re = 0;
			for (int j = 0; j < size; j++)
				re += filt[j] * cosTable[(int) ((long) j * m % size)];
			k[m] = re / size;
		}
		return k;
	}

	/**
	 * Reconstructs [H*W, C] from a sinogram [angles*W, C] in the layout of
	 * {@code op}, with the default angular weight
	 * {@link #angularWeight(double[])}.
	 */
	public static INDArray reconstruct(INDArray sinogram, RadonOperator op) {
		return reconstruct(sinogram, op, angularWeight(op.anglesDegrees()));
	}

	/**
	 * As {@link #reconstruct(INDArray, RadonOperator)} with an explicit weight
	 * per angle (radians).
	 */
	public static INDArray reconstruct(INDArray sinogram, RadonOperator op,
			double angularWeight)
	{
		INDArray filtered = filter(sinogram, op.width());
		halveEnds(filtered, op.angleCount(), op.width());
		INDArray image = Nd4j.create(DataType.FLOAT, op.inputSize(),
				sinogram.size(1));
		op.adjoint(filtered, image);
		return image.muli(angularWeight);
	}

	/**
	 * Weight of the angles in the back-projection sum, the trapezoid rule over
	 * linspace(min, max, K): (max - min)/(K - 1) in radians for interior
	 * angles, half that at both ends ({@link #halveEnds}). Equal weights would
	 * count the direction of 0 and 180 degrees twice, which streaks the image
	 * along it. A single angle gets pi.
	 */
	public static double angularWeight(double[] anglesDegrees) {
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		for (double a : anglesDegrees) {
			min = Math.min(min, a);
			max = Math.max(max, a);
		}
		return anglesDegrees.length > 1
				? Math.toRadians(max - min) / (anglesDegrees.length - 1)
				: Math.PI;
	}

	/**
	 * The trapezoid rule's half weights: scales the first and last projection
	 * by 1/2, in place.
	 */
	static void halveEnds(INDArray filtered, int angles, int width) {
		if (angles < 2) return;
		filtered.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, width),
				org.nd4j.linalg.indexing.NDArrayIndex.all()).muli(0.5);
		filtered.get(
				org.nd4j.linalg.indexing.NDArrayIndex.interval(
						(long) (angles - 1) * width, (long) angles * width),
				org.nd4j.linalg.indexing.NDArrayIndex.all()).muli(0.5);
	}

	/**
	 * The spatial Ram-Lak kernel h[n] for n = 0..length-1 (it is even): 1/4, 0
	 * for even n, -1/(pi n)^2 for odd n.
	 */
	public static double[] ramLak(int length) {
		double[] h = new double[length];
		h[0] = 0.25;
		for (int n = 1; n < length; n += 2)
			h[n] = -1.0 / (Math.PI * Math.PI * n * n);
		return h;
	}

	/**
	 * Ramp-filters every projection (rows of width W) of a [angles*W, C]
	 * sinogram; returns a new array.
	 */
	public static INDArray filter(INDArray sinogram, int width) {
		return convolveViews(sinogram, width, ramLak(width));
	}

	/**
	 * Convolves every projection (rows of width W) of a [angles*W, C] sinogram
	 * with the even kernel h (h[|t - u|] for detectors t, u); returns a new
	 * array.
	 */
	static INDArray convolveViews(INDArray sinogram, int width, double[] h) {
		long rows = sinogram.size(0);
		int channels = (int) sinogram.size(1);
		if (rows % width != 0)
			throw new IllegalArgumentException(
					"sinogram rows are not a multiple of the width");
		int angles = (int) (rows / width);
		float[] data = sinogram.castTo(DataType.FLOAT).dup('c').data()
				.asFloat();
		float[] result = new float[data.length];
		Parallel.forEach(angles, (long) angles * width * width >= 1 << 16,
				a -> {
					double[] projection = new double[width];
					for (int ch = 0; ch < channels; ch++) {
						for (int u = 0; u < width; u++)
							projection[u] = data[(a * width + u) * channels
									+ ch];
						for (int t = 0; t < width; t++) {
							double q = 0;
							for (int u = 0; u < width; u++)
								q += h[Math.abs(t - u)] * projection[u];
							result[(a * width + t) * channels + ch] = (float) q;
						}
					}
				});
		return Nd4j.createFromArray(result).reshape(rows, channels);
	}
}
