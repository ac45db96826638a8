package io.github.reluinr.task;

import io.github.reluinr.op.AveragePoolOperator;
import io.github.reluinr.op.Resampling;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The classical x S up-samplings a user would otherwise pick, in the input's
 * units, channel by channel: scikit-image's bicubic ({@code transform.resize},
 * order 3), PIL's bicubic and Lanczos, and iterative back-projection (Irani and
 * Peleg 1991): scikit-image's bicubic, corrected again and again by the bicubic
 * up-sampling of what its S x S averages still miss, until they match the input
 * (the same average-pool operator as the network's loss). ImageJ's own bicubic
 * needs ImageJ and is added by the command layer.
 */
public final class SuperResolutionBaselines {

	/** Method names as they appear in the metrics' {@code method} column. */
	public static final String SKIMAGE = "bicubic-skimage", PIL = "bicubic-pil",
			LANCZOS = "lanczos-pil", BACK_PROJECTION = "back-projection";

	/**
	 * Back-projection's default iterations: enough for its averages to match
	 * the input to about 1e-5 of the range at x2 to x8.
	 */
	public static final int DEFAULT_ITERATIONS = 30;

	/** One baseline's image and the seconds it took. */
	public record Baseline(String method, Image2D image, double seconds) {
	}

	private SuperResolutionBaselines() {
	}

	/**
	 * Every baseline of this class, strongest-expected last (back-projection).
	 */
	public static List<Baseline> all(Image2D low, int scale, int iterations) {
		List<Baseline> out = new ArrayList<>();
		long t0 = System.nanoTime();
		Image2D skimage = resize(low, scale, Resampling.Method.SPLINE3, true);
		out.add(new Baseline(SKIMAGE, skimage, seconds(t0)));
		t0 = System.nanoTime();
		out.add(new Baseline(PIL,
				resize(low, scale, Resampling.Method.KEYS, false),
				seconds(t0)));
		t0 = System.nanoTime();
		out.add(new Baseline(LANCZOS,
				resize(low, scale, Resampling.Method.LANCZOS3, false),
				seconds(t0)));
		t0 = System.nanoTime();
		out.add(new Baseline(BACK_PROJECTION,
				backProjection(low, scale, iterations), seconds(t0)));
		return out;
	}

	private static double seconds(long t0) {
		return (System.nanoTime() - t0) / 1e9;
	}

	/**
	 * Each channel resized S times by the method; {@code clip} bounds it by the
	 * channel's input range.
	 */
	public static Image2D resize(Image2D low, int scale,
			Resampling.Method method, boolean clip)
	{
		int h = low.height(), w = low.width(), c = low.channels();
		int oh = h * scale, ow = w * scale;
		float[] in = low.pixels().dup('c').castTo(DataType.FLOAT).data()
				.asFloat();
		float[] out = new float[oh * ow * c];
		float[] plane = new float[h * w];
		for (int ch = 0; ch < c; ch++) {
			for (int i = 0; i < h * w; i++)
				plane[i] = in[i * c + ch];
			float[] up = Resampling.resize(plane, h, w, oh, ow, method, clip);
			for (int i = 0; i < up.length; i++)
				out[i * c + ch] = up[i];
		}
		return new Image2D(Nd4j.create(out, new long[]{(long) oh * ow, c}, 'c'),
				oh, ow);
	}

	/**
	 * Iterative back-projection: x0 = scikit-image's bicubic; x(k+1) = x(k) +
	 * B(y - A x(k)), A the S x S average pooling and B the same bicubic (cubic
	 * B-spline) up-sampling, unclipped. A B is a low-pass filter with
	 * eigenvalues in (0, 1], so the averages converge to y (the Nyquist
	 * frequency most slowly, by a factor of about 0.6 per iteration).
	 */
	public static Image2D backProjection(Image2D low, int scale,
			int iterations)
	{
		if (iterations < 0)
			throw new IllegalArgumentException("iterations must be >= 0");
		int h = low.height(), w = low.width(), c = low.channels();
		AveragePoolOperator pool = new AveragePoolOperator(h, w, scale);
		INDArray y = low.pixels().castTo(DataType.FLOAT);
		INDArray x = resize(low, scale, Resampling.Method.SPLINE3, true)
				.pixels().dup('c');
		INDArray averages = Nd4j.create(DataType.FLOAT, (long) h * w, c);
		for (int k = 0; k < iterations; k++) {
			pool.apply(x, averages);
			INDArray residual = y.sub(averages);
			x.addi(resize(new Image2D(residual, h, w), scale,
					Resampling.Method.SPLINE3, false).pixels());
			residual.close();
		}
		averages.close();
		return new Image2D(x, h * scale, w * scale);
	}

	/**
	 * The largest |(S x S average of image) - low| over pixels and channels:
	 * how far it is from consistent.
	 */
	public static double maxAverageError(Image2D image, Image2D low,
			int scale)
	{
		AveragePoolOperator pool = new AveragePoolOperator(low.height(),
				low.width(), scale);
		INDArray averages = Nd4j.create(DataType.FLOAT,
				(long) low.height() * low.width(), low.channels());
		pool.apply(image.pixels().castTo(DataType.FLOAT), averages);
		return averages.subi(low.pixels().castTo(DataType.FLOAT)).amaxNumber()
				.doubleValue();
	}
}
