package io.github.reluinr.image;

import net.imglib2.Cursor;
import net.imglib2.Interval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Converts between ImgLib2 images and the project's tensor layout.
 *
 * <p>
 * ImgLib2 side: dimension 0 is x (width W), dimension 1 is y (height H), an
 * optional dimension 2 holds the C channels; an interval's min offset is
 * respected (pixel (min0, min1) is the first one). Tensor side: a float
 * INDArray [H*W, C], row y*W + x, as {@code ForwardOperator} fixes; as a flat
 * {@code float[]} the same values are interleaved, index (y*W + x)*C + c, which
 * is the tensor in 'c' order and the layout the metrics take.
 *
 * <p>
 * Values are read with {@code getRealFloat()}: 8-bit and 16-bit integers (up to
 * 65535) and 32-bit floats are exact; wider integers and doubles are rounded to
 * float.
 */
public final class ImageTensors {

	/** Largest Java array we allow, as the JDK's collections do. */
	private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

	private ImageTensors() {
	}

	public static int width(Interval image) {
		checkRank(image);
		return Math.toIntExact(image.dimension(0));
	}

	public static int height(Interval image) {
		checkRank(image);
		return Math.toIntExact(image.dimension(1));
	}

	/** 1 for a 2-D image, the size of dimension 2 for a 3-D one. */
	public static int channels(Interval image) {
		checkRank(image);
		return image.numDimensions() == 3
				? Math.toIntExact(image.dimension(2))
				: 1;
	}

	/** The image's values, interleaved: index (y*W + x)*C + c. */
	public static <T extends RealType<T>> float[] toFloatArray(
			RandomAccessibleInterval<T> image)
	{
		int w = width(image);
		int h = height(image);
		int c = channels(image);
		int plane = checkedSize(h, w, 1);
		float[] out = new float[checkedSize(h, w, c)];
		// Flat iteration is x fastest, then y, then channel, from the interval's min.
		Cursor<T> cursor = Views.flatIterable(image).cursor();
		int k = 0;
		while (cursor.hasNext()) {
			float v = cursor.next().getRealFloat();
			out[(k % plane) * c + k / plane] = v;
			k++;
		}
		return out;
	}

	/** The image as a float INDArray [H*W, C]. */
	public static <T extends RealType<T>> INDArray toTensor(
			RandomAccessibleInterval<T> image)
	{
		return fromFloatArray(toFloatArray(image), channels(image));
	}

	/** Interleaved values as [values.length / channels, channels]. */
	public static INDArray fromFloatArray(float[] interleaved, int channels) {
		if (channels < 1 || interleaved.length % channels != 0) {
			throw new IllegalArgumentException(interleaved.length
					+ " values do not split into " + channels + " channels");
		}
		return Nd4j.create(interleaved,
				new long[]{interleaved.length / channels, channels}, 'c');
	}

	/**
	 * A tensor's values in 'c' order (for [H*W, C]: interleaved); works on
	 * views and any data type.
	 */
	public static float[] toFloatArray(INDArray tensor) {
		if (tensor.length() > MAX_VALUES) {
			throw new IllegalArgumentException(
					"tensor too large for a Java array: " + tensor.length());
		}
		return tensor.dup('c').reshape('c', new long[]{tensor.length()})
				.castTo(DataType.FLOAT).toFloatVector();
	}

	/** [H*W, C] as an image: (W, H) for one channel, (W, H, C) for more. */
	public static ArrayImg<FloatType, FloatArray> toImg(INDArray tensor,
			int height, int width)
	{
		return toImg(tensor, height, width, channelsOf(tensor) > 1);
	}

	/**
	 * [H*W, C] as an image of shape (W, H, C) if {@code channelAxis}, else (W,
	 * H), which needs C = 1. The image owns a fresh copy of the values.
	 */
	public static ArrayImg<FloatType, FloatArray> toImg(INDArray tensor,
			int height, int width, boolean channelAxis)
	{
		int c = channelsOf(tensor);
		if (tensor.rank() == 2 && tensor.size(0) != (long) height * width) {
			throw new IllegalArgumentException("tensor has " + tensor.size(0)
					+ " rows, expected H*W = " + height + "*" + width);
		}
		return toImg(toFloatArray(tensor), height, width, c, channelAxis);
	}

	/**
	 * Interleaved values as an image of shape (W, H, C) if {@code channelAxis},
	 * else (W, H) (C = 1).
	 */
	public static ArrayImg<FloatType, FloatArray> toImg(float[] interleaved,
			int height, int width, int channels, boolean channelAxis)
	{
		if (interleaved.length != checkedSize(height, width, channels)) {
			throw new IllegalArgumentException(
					"expected " + height + " x " + width + " x " + channels
							+ " values, got " + interleaved.length);
		}
		if (!channelAxis && channels != 1) {
			throw new IllegalArgumentException(
					"a 2-D image holds one channel, the tensor has "
							+ channels);
		}
		int plane = height * width;
		// ArrayImg storage is planar: x fastest, then y, then channel.
		float[] planar = new float[interleaved.length];
		for (int p = 0; p < plane; p++) {
			for (int k = 0; k < channels; k++)
				planar[k * plane + p] = interleaved[p * channels + k];
		}
		return channelAxis
				? ArrayImgs.floats(planar, width, height, channels)
				: ArrayImgs.floats(planar, width, height);
	}

	private static int channelsOf(INDArray tensor) {
		if (tensor.rank() == 1) return 1;
		if (tensor.rank() == 2) return (int) tensor.size(1);
		throw new IllegalArgumentException(
				"expected a tensor [H*W, C], got rank " + tensor.rank());
	}

	private static void checkRank(Interval image) {
		int n = image.numDimensions();
		if (n != 2 && n != 3) {
			throw new IllegalArgumentException(
					"expected a 2-D (x, y) or 3-D (x, y, channel) image, got "
							+ n + " dimensions");
		}
	}

	private static int checkedSize(long height, long width, long channels) {
		long n = height * width * channels;
		if (height < 1 || width < 1 || channels < 1 || n > MAX_VALUES) {
			throw new IllegalArgumentException("unsupported image size " + width
					+ " x " + height + " x " + channels);
		}
		return (int) n;
	}
}
