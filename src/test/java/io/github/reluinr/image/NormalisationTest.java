package io.github.reluinr.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NormalisationTest {

	private static INDArray tensor(float[] v, int channels) {
		return Nd4j.create(v, new long[]{v.length / channels, channels}, 'c');
	}

	@Test
	void minMaxOverAllChannelsAndExactEnds() {
		// Channel 0 spans 10..20, channel 1 spans 40..50: one range 10..50 for the whole image.
		INDArray img = tensor(new float[]{10, 40, 20, 50, 15, 45}, 2);
		INDArray before = img.dup();
		Normalisation n = Normalisation.of(img);
		assertEquals(10, n.min(), 0);
		assertEquals(50, n.max(), 0);
		assertEquals(40, n.range(), 0);
		INDArray out = n.normalise(img);
		assertEquals(before, img, "input must not change");
		assertEquals(DataType.FLOAT, out.dataType());
		assertArrayEquals(img.shape(), out.shape());
		assertArrayEquals(new float[]{0, 0.75f, 0.25f, 1, 0.125f, 0.875f},
				ImageTensors.toFloatArray(out));
	}

	@Test
	void inverseRecoversTheImage() {
		float[] v = new float[256 * 3];
		for (int i = 0; i < v.length; i++)
			v[i] = (i * 37) % 256;
		INDArray img = tensor(v, 3);
		Normalisation n = Normalisation.of(img);
		INDArray normalised = n.normalise(img);
		assertEquals(0, normalised.minNumber().doubleValue(), 0);
		assertEquals(1, normalised.maxNumber().doubleValue(), 0);
		float[] back = ImageTensors.toFloatArray(n.denormalise(normalised));
		for (int i = 0; i < v.length; i++)
			assertEquals(v[i], back[i], 255 * 1e-7, "index " + i);
		assertArrayEquals(back, n.denormalise(n.normalise(v)));

		// 16-bit values: back within float resolution of the range.
		Normalisation wide = new Normalisation(3, 65535);
		float[] u = {3, 1234, 65534, 65535};
		float[] r = wide.denormalise(wide.normalise(u));
		for (int i = 0; i < u.length; i++)
			assertEquals(u[i], r[i], 65535 * 1e-7);
	}

	@Test
	void doubleStaysDouble() {
		INDArray img = Nd4j.create(new double[]{1, 2, 3, 5}, new long[]{4, 1},
				'c');
		INDArray out = Normalisation.of(img).normalise(img);
		assertEquals(DataType.DOUBLE, out.dataType());
		assertEquals(0.25, out.getDouble(1, 0), 0);
	}

	@Test
	void constantImageIsRejectedWithItsValue() {
		IllegalArgumentException e = assertThrows(
				IllegalArgumentException.class,
				() -> Normalisation.of(tensor(new float[]{7, 7, 7, 7}, 1)));
		assertEquals("the image is constant (min = max = 7.0): nothing to fit",
				e.getMessage());
	}

	@Test
	void nanAndInfinityAreNamed() {
		IllegalArgumentException nan = assertThrows(
				IllegalArgumentException.class, () -> Normalisation.of(tensor(
						new float[]{0, 1, 2, Float.NaN, 4, Float.NaN}, 2)));
		assertTrue(nan.getMessage().contains("2 NaN values"), nan.getMessage());
		assertTrue(nan.getMessage().contains("pixel 1, channel 1"),
				nan.getMessage());

		IllegalArgumentException inf = assertThrows(
				IllegalArgumentException.class, () -> Normalisation
						.of(new float[]{0, Float.NEGATIVE_INFINITY, 1}));
		assertTrue(inf.getMessage().contains("1 infinite value"),
				inf.getMessage());
		assertTrue(inf.getMessage().contains("index 1"), inf.getMessage());

		IllegalArgumentException both = assertThrows(
				IllegalArgumentException.class,
				() -> Normalisation.requireFinite(tensor(
						new float[]{Float.POSITIVE_INFINITY, Float.NaN}, 1)));
		assertTrue(both.getMessage().contains("1 NaN and 1 infinite values"),
				both.getMessage());
		assertTrue(both.getMessage().contains("pixel 0, channel 0"),
				both.getMessage());

		Normalisation.requireFinite(tensor(new float[]{0, 1}, 1));
		assertThrows(IllegalArgumentException.class,
				() -> new Normalisation(2, 1));
		assertThrows(IllegalArgumentException.class,
				() -> new Normalisation(0, Double.NaN));
	}
}
