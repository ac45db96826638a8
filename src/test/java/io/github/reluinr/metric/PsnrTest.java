package io.github.reluinr.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class PsnrTest {

	@Test
	void handComputedGray() {
		float[] truth = {0, 1, 2, 3};
		float[] estimate = {0, 1, 2, 4};
		assertEquals(0.25, Psnr.mse(truth, estimate), 0);
		// MSE 0.25, peak = range of truth = 3: 10 log10(9 / 0.25) = 10 log10(36).
		assertEquals(15.563025007672874, Psnr.compute(truth, estimate), 1e-12);
		assertEquals(10 * Math.log10(255.0 * 255.0 / 0.25),
				Psnr.compute(truth, estimate, 255), 1e-12);
	}

	@Test
	void handComputedMultichannelIsMeanOverAllValues() {
		// Two pixels, two channels, interleaved: errors 1, 0, 0, 2 -> MSE 5/4; peak 30 - 0 = 30.
		float[] truth = {0, 10, 3, 30};
		float[] estimate = {1, 10, 3, 28};
		double expected = 10 * Math.log10(720); // 900 / 1.25
		assertEquals(28.573324964312685, expected, 1e-12);
		assertEquals(expected, Psnr.compute(truth, estimate), 1e-12);
		assertEquals(expected,
				Psnr.compute(Nd4j.create(truth, new long[]{2, 2}, 'c'),
						Nd4j.create(estimate, new long[]{2, 2}, 'c')),
				1e-12);
	}

	@Test
	void identicalImagesGiveInfinity() {
		float[] a = {0, 1, 2};
		assertEquals(Double.POSITIVE_INFINITY, Psnr.compute(a, a.clone()));
	}

	@Test
	void undefinedInputsAreRejected() {
		IllegalArgumentException e = assertThrows(
				IllegalArgumentException.class,
				() -> Psnr.compute(new float[]{2, 2}, new float[]{1, 2}));
		assertTrue(e.getMessage().contains("constant"), e.getMessage());
		assertThrows(IllegalArgumentException.class,
				() -> Psnr.compute(new float[]{0, 1}, new float[]{0}));
		assertThrows(IllegalArgumentException.class,
				() -> Psnr.compute(new float[]{0, 1}, new float[]{0, 1}, 0));
		assertThrows(IllegalArgumentException.class, () -> Psnr.compute(
				Nd4j.create(new float[]{0, 1, 2, 3}, new long[]{2, 2}, 'c'),
				Nd4j.create(new float[]{0, 1, 2, 3}, new long[]{4, 1}, 'c')));
	}
}
