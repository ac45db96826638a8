package io.github.reluinr.image;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Min-max normalisation to [0, 1], as the reference code does before fitting:
 * (v - min) / (max - min), with min and max taken over the whole image, all
 * channels together (so the channels keep their relative levels), and its
 * inverse v * (max - min) + min to bring a result back to the image's units.
 *
 * <p>
 * min and max are kept as doubles and the arithmetic runs in double, rounded
 * once to the output type; min maps to exactly 0 and max to exactly 1. Both
 * directions return a new array of the input's shape (double stays double,
 * every other type becomes float) and never modify the input.
 */
public final class Normalisation {

	private final double min;
	private final double max;

	/** A normalisation with a known range; needs finite min < max. */
	public Normalisation(double min, double max) {
		if (!Double.isFinite(min) || !Double.isFinite(max)) {
			throw new IllegalArgumentException(
					"min and max must be finite, got " + min + " and " + max);
		}
		if (min == max) throw constant(min);
		if (min > max)
			throw new IllegalArgumentException(
					"min " + min + " is above max " + max);
		this.min = min;
		this.max = max;
	}

	/**
	 * The normalisation of an image (any shape, e.g. [H*W, C]).
	 *
	 * @throws IllegalArgumentException
	 *             if the image holds NaN or infinite values, or is constant
	 */
	public static Normalisation of(INDArray image) {
		return of(values(image), image.rank() == 2 ? image.size(1) : 0);
	}

	/** The normalisation of values in any layout. */
	public static Normalisation of(float[] values) {
		double[] d = new double[values.length];
		for (int i = 0; i < values.length; i++)
			d[i] = values[i];
		return of(d, 0);
	}

	/**
	 * Throws IllegalArgumentException naming the problem if the image holds NaN
	 * or infinite values; fitting to them would turn every weight into NaN.
	 */
	public static void requireFinite(INDArray image) {
		requireFinite(values(image), image.rank() == 2 ? image.size(1) : 0);
	}

	public double min() {
		return min;
	}

	public double max() {
		return max;
	}

	public double range() {
		return max - min;
	}

	/** (v - min) / (max - min), as a new array. */
	public INDArray normalise(INDArray image) {
		double[] v = values(image);
		double r = max - min;
		for (int i = 0; i < v.length; i++)
			v[i] = (v[i] - min) / r;
		return create(v, image);
	}

	/**
	 * v * (max - min) + min, as a new array: a normalised result back in the
	 * image's units.
	 */
	public INDArray denormalise(INDArray normalised) {
		double[] v = values(normalised);
		double r = max - min;
		for (int i = 0; i < v.length; i++)
			v[i] = v[i] * r + min;
		return create(v, normalised);
	}

	public float[] normalise(float[] values) {
		float[] out = new float[values.length];
		double r = max - min;
		for (int i = 0; i < values.length; i++)
			out[i] = (float) ((values[i] - min) / r);
		return out;
	}

	public float[] denormalise(float[] values) {
		float[] out = new float[values.length];
		double r = max - min;
		for (int i = 0; i < values.length; i++)
			out[i] = (float) (values[i] * r + min);
		return out;
	}

	@Override
	public String toString() {
		return "Normalisation[min=" + min + ", max=" + max + "]";
	}

	private static Normalisation of(double[] v, long channels) {
		requireFinite(v, channels);
		if (v.length == 0)
			throw new IllegalArgumentException(
					"the image is empty: nothing to fit");
		double lo = Double.POSITIVE_INFINITY;
		double hi = Double.NEGATIVE_INFINITY;
		for (double x : v) {
			if (x < lo) lo = x;
			if (x > hi) hi = x;
		}
		return new Normalisation(lo, hi);
	}

	/**
	 * channels > 0: report positions as (pixel, channel) of [H*W, C]; else as a
	 * flat index.
	 */
	private static void requireFinite(double[] v, long channels) {
		int nan = 0;
		int inf = 0;
		int first = -1;
		for (int i = 0; i < v.length; i++) {
			if (Double.isNaN(v[i])) nan++;
			else if (Double.isInfinite(v[i])) inf++;
			else continue;
			if (first < 0) first = i;
		}
		if (first < 0) return;
		String what = nan > 0 && inf > 0
				? nan + " NaN and " + inf + " infinite values"
				: nan > 0
						? nan + " NaN value" + (nan > 1 ? "s" : "")
						: inf + " infinite value" + (inf > 1 ? "s" : "");
		String where = channels > 0
				? "pixel " + first / channels + ", channel " + first % channels
				: "index " + first;
		throw new IllegalArgumentException("the image contains " + what
				+ " (the first at " + where + "): replace them before fitting");
	}

	private static IllegalArgumentException constant(double v) {
		return new IllegalArgumentException(
				"the image is constant (min = max = " + v
						+ "): nothing to fit");
	}

	private static double[] values(INDArray a) {
		return a.dup('c').reshape('c', new long[]{a.length()})
				.castTo(DataType.DOUBLE).toDoubleVector();
	}

	private static INDArray create(double[] v, INDArray like) {
		long[] shape = like.shape();
		if (like.dataType() == DataType.DOUBLE)
			return Nd4j.create(v, shape, 'c');
		float[] f = new float[v.length];
		for (int i = 0; i < v.length; i++)
			f[i] = (float) v[i];
		return Nd4j.create(f, shape, 'c');
	}
}
