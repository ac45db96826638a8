package io.github.reluinr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The smoothed total variation against its closed form on a ramp and against
 * central finite differences of its own value.
 */
class TotalVariationTest {

	@Test
	void rampHasTheClosedFormValue() {
		int h = 5, w = 7;
		double a = 0.3, eps = 1e-2, weight = 2;
		float[] f = new float[h * w];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				f[y * w + x] = (float) (a * x);
		INDArray img = Nd4j.create(f, new long[]{h * w, 1}, 'c');
		INDArray grad = Nd4j.zeros(DataType.FLOAT, h * w, 1);
		double v = new TotalVariation(h, w, weight, eps).addGradient(img, grad);
		// every column but the last has |grad f| = a; the last has no difference: eps
		double expected = weight
				* (h * (w - 1) * Math.sqrt(a * a + eps * eps) + h * eps)
				/ (h * w);
		assertEquals(expected, v, 1e-6);
		// interior pixels of a ramp: -a/s from their own difference, +a/s from the left neighbour's
		assertEquals(0, grad.getDouble(2 * w + 3), 1e-6);
	}

	@Test
	void gradientMatchesFiniteDifferences() {
		int h = 6, w = 5;
		double eps = 0.05, weight = 1.7;
		TotalVariation tv = new TotalVariation(h, w, weight, eps);
		SplittableRandom r = new SplittableRandom(3);
		double[] f = new double[h * w];
		for (int i = 0; i < f.length; i++)
			f[i] = r.nextDouble();
		INDArray grad = Nd4j.zeros(DataType.FLOAT, h * w, 1);
		tv.addGradient(image(f), grad);
		double step = 1e-3;
		for (int i = 0; i < f.length; i++) {
			double[] up = f.clone(), down = f.clone();
			up[i] += step;
			down[i] -= step;
			double numeric = (value(tv, up) - value(tv, down)) / (2 * step);
			assertEquals(numeric, grad.getDouble(i), 2e-3 * weight,
					"pixel " + i);
		}
	}

	/**
	 * Channels are apart: a 3-channel image's value is the mean of its
	 * channels' single-channel values, and each channel's gradient is its own
	 * divided by 3.
	 */
	@Test
	void channelsAreTakenApart() {
		int h = 4, w = 5, c = 3;
		SplittableRandom r = new SplittableRandom(5);
		float[] all = new float[h * w * c];
		for (int i = 0; i < all.length; i++)
			all[i] = (float) r.nextDouble();
		INDArray img = Nd4j.create(all, new long[]{h * w, c}, 'c');
		INDArray grad = Nd4j.zeros(DataType.FLOAT, h * w, c);
		double v = new TotalVariation(h, w, c, 2, 0.05).addGradient(img, grad);
		double sum = 0;
		for (int ch = 0; ch < c; ch++) {
			INDArray one = img.getColumn(ch).dup().reshape(h * w, 1);
			INDArray g = Nd4j.zeros(DataType.FLOAT, h * w, 1);
			sum += new TotalVariation(h, w, 2, 0.05).addGradient(one, g);
			for (int i = 0; i < h * w; i++)
				assertEquals(g.getDouble(i) / c, grad.getDouble(i, ch), 1e-7,
						"channel " + ch + " pixel " + i);
		}
		assertEquals(sum / c, v, 1e-6);
	}

	@Test
	void gradientIsAddedNotAssigned() {
		TotalVariation tv = new TotalVariation(2, 2, 1, 1e-3);
		INDArray grad = Nd4j.ones(DataType.FLOAT, 4, 1);
		tv.addGradient(Nd4j.zeros(DataType.FLOAT, 4, 1), grad); // a flat image: zero gradient
		assertEquals(4, grad.sumNumber().doubleValue(), 1e-6);
	}

	@Test
	void refusesAnImageOfAnotherSize() {
		TotalVariation tv = new TotalVariation(3, 3, 1, 1e-3);
		assertThrows(IllegalArgumentException.class,
				() -> tv.addGradient(Nd4j.zeros(DataType.FLOAT, 8, 1),
						Nd4j.zeros(DataType.FLOAT, 8, 1)));
	}

	private static INDArray image(double[] f) {
		return Nd4j.create(f, new long[]{f.length, 1}, 'c')
				.castTo(DataType.FLOAT);
	}

	private static double value(TotalVariation tv, double[] f) {
		return tv.addGradient(image(f),
				Nd4j.zeros(DataType.FLOAT, f.length, 1));
	}
}
