package io.github.reluinr.nn;

import java.util.Locale;

/**
 * What a training run needs in memory, in the layout {@code train.Trainer}
 * uses: per pixel only the network's input, its output f, the best output so
 * far and dL/df (plus the measurements and the task's own copies of the image),
 * and one tile's working set of activations and gradients. When the activations
 * of every pixel also fit (a global operator such as Radon), the trainer keeps
 * them instead of recomputing each tile's forward pass.
 *
 * <p>
 * The limit is what ND4J may allocate off-heap: javacpp's {@code maxbytes}, by
 * default the JVM's maximum heap.
 */
public final class MemoryBudget {

	/**
	 * A job is refused when its estimate exceeds this fraction of the limit.
	 */
	public static final double USABLE_FRACTION = 0.9;
	/**
	 * A global operator's run keeps all activations (no recomputation) when
	 * they take at most this fraction.
	 */
	public static final double KEEP_FRACTION = 0.5;

	private MemoryBudget() {
	}

	/**
	 * Bytes that persist per pixel and channel-independent per pixel:
	 * coordinates (2 floats), f, best f, dL/df, residual-sized measurement
	 * copies and the task's own image copies, 8 floats per channel.
	 */
	public static long perPixelBytes(int channels) {
		return 4L * (2 + 8L * channels);
	}

	/**
	 * Bytes of a tiled run of an MLP: the per-pixel arrays, one tile of
	 * {@code tileRows} rows of activations, and the parameters with their
	 * gradient, Adam's two moments and the tiles' double-precision gradient sum
	 * (6 x 4 bytes each). The trainer says which tile it will use
	 * ({@code Trainer.tileRowsBeforeStart()}).
	 */
	public static long estimate(long pixels, long tileRows, int width,
			int layers, int channels)
	{
		long tile = Math.min(pixels, tileRows);
		return perPixelBytes(channels) * pixels
				+ Mlp.bufferBytes(tile, width, layers, channels)
				+ 24L * Mlp.parameterCount(2, width, layers, channels);
	}

	/**
	 * Bytes of the same run with every pixel's activations kept (one tile of
	 * all rows).
	 */
	public static long estimateKeepingActivations(long pixels, long bytesPerRow,
			int channels)
	{
		return perPixelBytes(channels) * pixels + bytesPerRow * pixels;
	}

	/**
	 * True if this job fits: its estimate is at most {@link #USABLE_FRACTION}
	 * of {@link #limit()}.
	 */
	public static boolean fits(long pixels, long tileRows, int width,
			int layers, int channels)
	{
		return estimate(pixels, tileRows, width, layers, channels) <= limit()
				* USABLE_FRACTION;
	}

	/**
	 * A one-line refusal naming the sizes and what to change, or null if the
	 * job fits.
	 */
	public static String refusal(long pixels, long tileRows, int width,
			int layers, int channels)
	{
		long need = estimate(pixels, tileRows, width, layers, channels);
		long limit = limit();
		if (need <= limit * USABLE_FRACTION) return null;
		return String.format(Locale.ROOT,
				"this job needs about %.1f GiB of ND4J memory (%d pixels, width %d, %d layers) but %.1f GiB may be used: "
						+ "use a smaller width or image, or give Java more memory (-Xmx)",
				gib(need), pixels, width, layers, gib(limit));
	}

	public static double gib(long bytes) {
		return bytes / (double) (1L << 30);
	}

	public static long limit() {
		String p = System.getProperty("org.bytedeco.javacpp.maxbytes");
		long max = Runtime.getRuntime().maxMemory();
		if (p != null) {
			try {
				max = parse(p);
			}
			catch (NumberFormatException ignored) {
				// keep the JVM's default, as javacpp does
			}
		}
		return max;
	}

	/** javacpp's size syntax: a number of bytes with an optional k, m or g. */
	public static long parse(String s) {
		s = s.trim().toLowerCase(Locale.ROOT);
		long mult = 1;
		if (s.endsWith("g")) mult = 1L << 30;
		else if (s.endsWith("m")) mult = 1L << 20;
		else if (s.endsWith("k")) mult = 1L << 10;
		if (mult > 1) s = s.substring(0, s.length() - 1);
		return Long.parseLong(s) * mult;
	}
}
