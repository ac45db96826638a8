package io.github.reluinr.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.phantom.SheppLogan;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class CglsTest {

	private static final int N = 40;
	private static final RadonOperator OP = RadonOperator.scikitImage(N,
			RadonOperator.anglesWithoutEnd(12, 180), 0);

	private static INDArray sinogram(INDArray image) {
		INDArray y = Nd4j.create(DataType.FLOAT, OP.outputSize(),
				image.size(1));
		OP.apply(image, y);
		return y;
	}

	/**
	 * A start away from the object: the object plus smooth and random error.
	 */
	private static INDArray start(INDArray truth, long seed) {
		Nd4j.getRandom().setSeed(seed);
		return truth.add(Nd4j.randn(DataType.FLOAT, truth.shape()).muli(0.3))
				.addi(0.2f);
	}

	/**
	 * Hestenes and Stiefel's property, on which the CT correction rests: with
	 * consistent data every iteration brings x_k closer to the object (12 views
	 * of a 40 x 40 phantom: the data miss most of the image, so the start's
	 * null-space error stays and only the measured part shrinks), and the
	 * residual falls far.
	 */
	@Test
	void theErrorToTheObjectFallsAtEveryIteration() {
		INDArray truth = SheppLogan.image(N, N);
		INDArray y = sinogram(truth);
		INDArray x0 = start(truth, 3);
		double previous = x0.distance2(truth);
		double r0 = sinogram(x0).distance2(y);
		for (int k = 1; k <= 25; k++) {
			double e = Cgls.correct(OP, y, x0, k, null).distance2(truth);
			assertTrue(e <= previous * (1 + 1e-5),
					"iteration " + k + ": " + e + " > " + previous);
			previous = e;
		}
		INDArray x = Cgls.correct(OP, y, x0, 25, null);
		assertTrue(sinogram(x).distance2(y) < 0.02 * r0,
				"residual " + sinogram(x).distance2(y) + " of " + r0);
		assertTrue(previous < 0.9 * x0.distance2(truth),
				"error " + previous + " of " + x0.distance2(truth));
	}

	/**
	 * The correction lies in range(A^T): from two starts that differ by a
	 * vector the data cannot see (v - A^+ A v, here v minus its own CGLS
	 * correction towards A v = 0), the corrections are the same, so what the
	 * network put in the null space is kept.
	 */
	@Test
	void theStartsNullSpacePartIsKept() {
		INDArray truth = SheppLogan.image(N, N);
		INDArray y = sinogram(truth);
		Nd4j.getRandom().setSeed(11);
		INDArray v = Nd4j.randn(DataType.FLOAT, truth.shape());
		// a null-space vector: v corrected towards zero data
		INDArray nullPart = Cgls.correct(OP,
				Nd4j.zeros(DataType.FLOAT, OP.outputSize(), 1), v, 200, null);
		assertTrue(sinogram(nullPart).norm2Number().doubleValue() < 1e-3
				* sinogram(v).norm2Number().doubleValue());
		INDArray x0 = start(truth, 5);
		INDArray a = Cgls.correct(OP, y, x0, 10, null).subi(x0);
		INDArray b = Cgls.correct(OP, y, x0.add(nullPart), 10, null)
				.subi(x0.add(nullPart));
		assertTrue(a.distance2(b) < 1e-3 * a.norm2Number().doubleValue(),
				"corrections differ by " + a.distance2(b) + " of "
						+ a.norm2Number());
	}

	/**
	 * Outside the support nothing moves; no iterations return the start; the
	 * start is not modified; a start that already fits stays where it is.
	 */
	@Test
	void supportZeroIterationsAndAFittingStart() {
		INDArray truth = SheppLogan.image(N, N);
		INDArray y = sinogram(truth);
		INDArray x0 = start(truth, 7);
		INDArray before = x0.dup();
		float[] m = new float[N * N];
		for (int i = 0; i < m.length; i++)
			m[i] = (i % N) < N / 2 ? 1f : 0f; // the left half only
		INDArray support = Nd4j.createFromArray(m).reshape(N * N, 1);
		INDArray x = Cgls.correct(OP, y, x0, 10, support);
		assertEquals(before, x0, "start modified");
		for (int i = 0; i < m.length; i++)
			if (m[i] == 0f)
				assertEquals(x0.getFloat(i, 0), x.getFloat(i, 0), 0f,
						"pixel " + i);
		assertTrue(x.distance2(x0) > 0);
		assertEquals(x0, Cgls.correct(OP, y, x0, 0, null));
		INDArray fitting = Cgls.correct(OP, y, truth, 20, null);
		assertTrue(fitting.distance2(truth) < 1e-3
				* truth.norm2Number().doubleValue());
	}

	/**
	 * With the clip every round the error still never grows (both steps are
	 * projections onto sets holding the non-negative object), the result is
	 * non-negative, and it is closer to the object than the same iterations
	 * without the clip (the phantom's zero background is what the clip knows
	 * and 12 views do not).
	 */
	@Test
	void clippingEveryRoundNeverMovesAwayAndHelpsOnSparseViews() {
		INDArray truth = SheppLogan.image(N, N);
		INDArray y = sinogram(truth);
		INDArray x0 = start(truth, 9);
		double previous = x0.distance2(truth);
		for (int k = Cgls.ROUND; k <= 6 * Cgls.ROUND; k += Cgls.ROUND) {
			INDArray x = Cgls.correct(OP, y, x0, k, null, true);
			assertTrue(x.minNumber().doubleValue() >= 0);
			double e = x.distance2(truth);
			assertTrue(e <= previous * (1 + 1e-5),
					k + " iterations: " + e + " > " + previous);
			previous = e;
		}
		double unclipped = Cgls.correct(OP, y, x0, 6 * Cgls.ROUND, null)
				.distance2(truth);
		assertTrue(previous < 0.8 * unclipped,
				"clipped " + previous + ", unclipped " + unclipped);
		assertEquals(Cgls.correct(OP, y, x0, 7, null),
				Cgls.correct(OP, y, x0, 7, null, false));
	}

	/**
	 * The discrepancy principle: on data with noise of variance s^2, a start at
	 * the object (residual = the noise) is left as it is, and a start far from
	 * it is corrected until the residual is at the noise level, not below (the
	 * noise is not fitted); without noise it runs every iteration.
	 */
	@Test
	void theDiscrepancyPrincipleStopsAtTheNoise() {
		INDArray truth = SheppLogan.image(N, N);
		INDArray y = sinogram(truth);
		double sigma = 0.05 * y.norm2Number().doubleValue()
				/ Math.sqrt(y.length());
		Nd4j.getRandom().setSeed(21);
		INDArray noisy = y
				.add(Nd4j.randn(DataType.FLOAT, y.shape()).muli(sigma));
		Cgls.Corrected atObject = Cgls.correctToDiscrepancy(OP, noisy, truth,
				100, null, true, sigma * sigma, 1.2);
		assertEquals(0, atObject.iterations());
		INDArray x0 = start(truth, 4);
		Cgls.Corrected far = Cgls.correctToDiscrepancy(OP, noisy, x0, 1000,
				null, false, sigma * sigma, 1.2); // no clip: a non-negative image may never reach the noise level
		assertTrue(
				far.iterations() > 0 && far
						.iterations() < 1000,
				"iterations " + far.iterations() + ", residual rms "
						+ sinogram(far.image()).distance2(noisy)
								/ Math.sqrt(y.length())
						+ ", noise " + sigma);
		double rms = sinogram(far.image()).distance2(noisy)
				/ Math.sqrt(y.length());
		assertTrue(rms <= 1.2 * sigma && rms > 0.6 * sigma,
				"residual rms " + rms + ", noise " + sigma);
		assertEquals(100,
				Cgls.correctToDiscrepancy(OP, y, x0, 100, null, true, 0, 1.2)
						.iterations());
	}

	/** Each channel is its own system: two channels as each alone. */
	@Test
	void channelsAreIndependent() {
		INDArray a = SheppLogan.image(N, N);
		INDArray b = a.mul(-2).addi(1);
		INDArray both = Nd4j.hstack(a, b);
		INDArray y = sinogram(both);
		INDArray x0 = Nd4j.hstack(start(a, 1), start(b, 2));
		INDArray x = Cgls.correct(OP, y, x0, 8, null);
		for (int j = 0; j < 2; j++) {
			INDArray alone = Cgls.correct(OP,
					y.get(NDArrayIndex.all(), NDArrayIndex.interval(j, j + 1)),
					x0.get(NDArrayIndex.all(), NDArrayIndex.interval(j, j + 1))
							.dup(),
					8, null);
			INDArray col = x.get(NDArrayIndex.all(),
					NDArrayIndex.interval(j, j + 1));
			assertTrue(
					col.distance2(alone) < 1e-4
							* alone.norm2Number().doubleValue(),
					"channel " + j);
		}
	}
}
