package io.github.reluinr.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ImageTensorsTest {

	private static final int W = 5;
	private static final int H = 3;

	/**
	 * Fills with distinct values derived from the position, so misplaced pixels
	 * show.
	 */
	private static <T extends RealType<T>> void fill(Img<T> img, double scale) {
		Cursor<T> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			long ch = img.numDimensions() > 2 ? c.getLongPosition(2) : 0;
			c.get().setReal(scale * (c.getLongPosition(0)
					+ 10 * c.getLongPosition(1) + 100 * ch));
		}
	}

	private static <T extends RealType<T>> double at(
			RandomAccessibleInterval<T> img, long... pos)
	{
		RandomAccess<T> ra = img.randomAccess();
		ra.setPosition(pos);
		return ra.get().getRealDouble();
	}

	/** Checks tensor[y*W + x, c] = image(min + (x, y, c)) for every pixel. */
	private static <T extends RealType<T>> void assertLayout(
			RandomAccessibleInterval<T> img, INDArray t)
	{
		int w = (int) img.dimension(0);
		int h = (int) img.dimension(1);
		int c = img.numDimensions() > 2 ? (int) img.dimension(2) : 1;
		assertArrayEquals(new long[]{(long) h * w, c}, t.shape());
		assertEquals(DataType.FLOAT, t.dataType());
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				for (int k = 0; k < c; k++) {
					long[] pos = c > 1 || img.numDimensions() > 2
							? new long[]{img.min(0) + x, img.min(1) + y,
									img.min(2) + k}
							: new long[]{img.min(0) + x, img.min(1) + y};
					assertEquals(at(img, pos), t.getDouble(y * w + x, k), 0,
							"x " + x + " y " + y + " c " + k);
				}
			}
		}
	}

	private static void assertSameValues(
			RandomAccessibleInterval<? extends RealType<?>> expected,
			ArrayImg<FloatType, FloatArray> actual)
	{
		assertEquals(expected.numDimensions(), actual.numDimensions());
		for (int d = 0; d < expected.numDimensions(); d++) {
			assertEquals(expected.dimension(d), actual.dimension(d));
		}
		Cursor<? extends RealType<?>> e = Views.flatIterable(expected).cursor();
		Cursor<FloatType> a = Views.flatIterable(actual).cursor();
		while (e.hasNext())
			assertEquals(e.next().getRealDouble(), a.next().getRealDouble(), 0);
	}

	@Test
	void eightBitGrayRoundTrip() {
		Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(W, H);
		fill(img, 1);
		img.firstElement().set(255);
		INDArray t = ImageTensors.toTensor(img);
		assertLayout(img, t);
		assertEquals(255, t.getDouble(0, 0), 0);
		assertEquals(2 + 10 * 1, t.getDouble(1 * W + 2, 0), 0);
		assertSameValues(img, ImageTensors.toImg(t, H, W));
	}

	@Test
	void sixteenBitRoundTripsExactlyUpTo65535() {
		Img<UnsignedShortType> img = ArrayImgs.unsignedShorts(W, H);
		fill(img, 321);
		Cursor<UnsignedShortType> c = img.cursor();
		c.next().set(65535);
		c.next().set(65534);
		c.next().set(0);
		INDArray t = ImageTensors.toTensor(img);
		assertLayout(img, t);
		assertEquals(65535, t.getDouble(0, 0), 0);
		assertEquals(65534, t.getDouble(1, 0), 0);
		assertSameValues(img, ImageTensors.toImg(t, H, W));
	}

	@Test
	void floatThreeChannelRoundTrip() {
		Img<FloatType> img = ArrayImgs.floats(W, H, 3);
		fill(img, 0.37);
		INDArray t = ImageTensors.toTensor(img);
		assertLayout(img, t);
		// Interleaved float[] is the tensor in 'c' order.
		float[] flat = ImageTensors.toFloatArray(img);
		assertArrayEquals(flat, ImageTensors.toFloatArray(t));
		assertEquals((float) (0.37 * (4 + 10 * 2 + 100 * 1)),
				flat[(2 * W + 4) * 3 + 1]);
		ArrayImg<FloatType, FloatArray> back = ImageTensors.toImg(t, H, W);
		assertSameValues(img, back);
	}

	@Test
	void cropViewWithNonZeroMin() {
		Img<UnsignedShortType> img = ArrayImgs.unsignedShorts(7, 6, 3);
		fill(img, 1);
		RandomAccessibleInterval<UnsignedShortType> crop = Views.interval(img,
				new long[]{2, 1, 0}, new long[]{5, 3, 2});
		INDArray t = ImageTensors.toTensor(crop);
		assertLayout(crop, t);
		// First row is the crop's corner (2, 1): 2 + 10 * 1 in channel 0.
		assertEquals(12, t.getDouble(0, 0), 0);
		assertEquals(5 + 30 + 200, t.getDouble(2 * 4 + 3, 2), 0);
		assertSameValues(Views.zeroMin(crop), ImageTensors.toImg(t, 3, 4));

		RandomAccessibleInterval<UnsignedShortType> gray = Views.interval(
				Views.hyperSlice(img, 2, 1), new long[]{1, 2},
				new long[]{3, 5});
		INDArray g = ImageTensors.toTensor(gray);
		assertLayout(gray, g);
		assertEquals(1 + 20 + 100, g.getDouble(0, 0), 0);
	}

	@Test
	void oneChannelCanKeepItsAxis() {
		INDArray t = Nd4j.create(new float[]{1, 2, 3, 4, 5, 6},
				new long[]{6, 1}, 'c');
		ArrayImg<FloatType, FloatArray> gray = ImageTensors.toImg(t, 2, 3);
		assertEquals(2, gray.numDimensions());
		assertEquals(3, gray.dimension(0));
		assertEquals(4, at(gray, 0, 1), 0);
		ArrayImg<FloatType, FloatArray> stack = ImageTensors.toImg(t, 2, 3,
				true);
		assertArrayEquals(new long[]{3, 2, 1}, stack.dimensionsAsLongArray());
		assertEquals(6, at(stack, 2, 1, 0), 0);
	}

	@Test
	void viewsAndDoubleTensorsConvert() {
		INDArray big = Nd4j.create(new double[]{1, 2, 3, 4, 5, 6, 7, 8},
				new long[]{4, 2}, 'c');
		INDArray column = big.getColumn(1, true); // a strided view [4, 1]
		assertArrayEquals(new float[]{2, 4, 6, 8},
				ImageTensors.toFloatArray(column));
		INDArray fOrder = big.dup('f');
		assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6, 7, 8},
				ImageTensors.toFloatArray(fOrder));
	}

	@Test
	void rejectsWrongShapes() {
		assertThrows(IllegalArgumentException.class,
				() -> ImageTensors.toTensor(ArrayImgs.floats(2, 2, 2, 2)));
		assertThrows(IllegalArgumentException.class,
				() -> ImageTensors.toTensor(ArrayImgs.floats(4)));
		INDArray rgb = Nd4j.create(DataType.FLOAT, 6, 3);
		assertThrows(IllegalArgumentException.class,
				() -> ImageTensors.toImg(rgb, 2, 3, false));
		assertThrows(IllegalArgumentException.class,
				() -> ImageTensors.toImg(rgb, 3, 3));
		assertThrows(IllegalArgumentException.class,
				() -> ImageTensors.fromFloatArray(new float[5], 2));
	}
}
