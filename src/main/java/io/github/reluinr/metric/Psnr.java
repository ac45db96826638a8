package io.github.reluinr.metric;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Peak signal-to-noise ratio, PSNR = 10 log10(peak^2 / MSE), in dB.
 *
 * <p>
 * The project's rule: metrics are taken in the ground truth's own units, and
 * the peak is the range of the ground truth (max - min), which is what the
 * overloads without a peak use. The MSE is the mean over all values, so a
 * multi-channel image counts every channel of every pixel once (the same as
 * {@code skimage.metrics.peak_signal_noise_ratio} with
 * {@code data_range = peak}). MSE 0 gives {@code +Infinity}; a NaN in the
 * estimate gives NaN. Sums run in double; the layout of the values does not
 * matter as long as truth and estimate share it.
 */
public final class Psnr {

	private Psnr() {
	}

	/** Mean squared error over all values. */
	public static double mse(double[] truth, double[] estimate) {
		Values.sameLength(truth.length, estimate.length);
		double sum = 0;
		for (int i = 0; i < truth.length; i++) {
			double d = truth[i] - estimate[i];
			sum += d * d;
		}
		return sum / truth.length;
	}

	public static double mse(float[] truth, float[] estimate) {
		return mse(Values.of(truth), Values.of(estimate));
	}

	/** PSNR with the given peak (must be positive and finite). */
	public static double compute(double[] truth, double[] estimate,
			double peak)
	{
		Values.positiveFinite("peak", peak);
		double mse = mse(truth, estimate);
		if (mse == 0) return Double.POSITIVE_INFINITY;
		return 10 * Math.log10(peak * peak / mse);
	}

	/**
	 * PSNR with peak = max - min of the truth.
	 *
	 * @throws IllegalArgumentException
	 *             if the truth is constant or not finite (the peak is
	 *             undefined)
	 */
	public static double compute(double[] truth, double[] estimate) {
		return compute(truth, estimate, Values.range(truth));
	}

	public static double compute(float[] truth, float[] estimate, double peak) {
		return compute(Values.of(truth), Values.of(estimate), peak);
	}

	public static double compute(float[] truth, float[] estimate) {
		return compute(Values.of(truth), Values.of(estimate));
	}

	/**
	 * Any shape, e.g. the project's [H*W, C]; truth and estimate must have the
	 * same shape.
	 */
	public static double compute(INDArray truth, INDArray estimate,
			double peak)
	{
		Values.sameShape(truth, estimate);
		return compute(Values.of(truth), Values.of(estimate), peak);
	}

	public static double compute(INDArray truth, INDArray estimate) {
		Values.sameShape(truth, estimate);
		return compute(Values.of(truth), Values.of(estimate));
	}
}
