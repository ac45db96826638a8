package io.github.reluinr.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** psi against its closed form (eq. 31) and Appendix B's norm. */
class BwReluTest {

	// psi(u) at u = 0, 1/2, ..., 3, worked out by hand from eq. (31): (1/6)(u), (1/6)(1-8*1/2), ...
	private static final double[] KNOT_VALUES = {0, 1 / 12.0, -1 / 2.0, 5 / 6.0,
			-1 / 2.0, 1 / 12.0, 0};

	@Test
	void equalsClosedFormAtAndBetweenItsSevenKnots() {
		for (double c : new double[]{1, 3, 9}) {
			BwRelu act = new BwRelu(c);
			for (int k = 0; k < 7; k++) {
				assertEquals(KNOT_VALUES[k], act.value(k * 0.5 / c), 1e-12,
						"knot " + k + ", c " + c);
			}
			for (int k = 0; k < 6; k++) { // linear between knots: the midpoint is the mean of its ends
				double mid = (k + 0.5) * 0.5 / c;
				assertEquals((KNOT_VALUES[k] + KNOT_VALUES[k + 1]) / 2,
						act.value(mid), 1e-12, "segment " + k);
			}
		}
	}

	@Test
	void isZeroOutsideItsSupport() {
		for (double c : new double[]{0.5, 3, 9}) {
			BwRelu act = new BwRelu(c);
			for (double z : new double[]{-100, -1, -1e-9, 3 / c + 1e-9,
					3 / c + 1, 1e6})
			{
				// the literal 7-term sum cancels in double: allow rounding relative to its largest term
				assertEquals(0.0, act.value(z),
						1e-14 * (1 + 32 * Math.abs(c * z)),
						"z " + z + ", c " + c);
				assertEquals(0.0, act.derivative(z), 1e-9,
						"derivative at z " + z);
			}
			// and nonzero just inside both ends
			assertEquals(1e-3 / 6, act.value(1e-3 / c), 1e-12);
			assertEquals(1e-3 / 6, act.value((3 - 1e-3) / c), 1e-12);
		}
	}

	@Test
	void squaredNormIsOneQuarter() {
		// Appendix B: ||psi||_2^2 = 1/4. psi^2 is quadratic on each half-unit segment, so Simpson is exact.
		double sum = 0;
		for (int k = 0; k < 6; k++) {
			double a = k * 0.5, b = a + 0.5, m = (a + b) / 2;
			double fa = BwRelu.psi(a), fm = BwRelu.psi(m), fb = BwRelu.psi(b);
			sum += (b - a) / 6 * (fa * fa + 4 * fm * fm + fb * fb);
		}
		assertEquals(0.25, sum, 1e-14);
	}

	@Test
	void derivativeIsSlopeOfEachSegment() {
		BwRelu act = new BwRelu(2);
		double[] slopes = {1 / 6.0, -7 / 6.0, 16 / 6.0, -16 / 6.0, 7 / 6.0,
				-1 / 6.0};
		for (int k = 0; k < 6; k++) {
			assertEquals(2 * slopes[k], act.derivative((k + 0.5) * 0.25), 1e-12,
					"segment " + k);
		}
	}

	/**
	 * The CPU kernels' float psi against the hand-worked knot values and
	 * against psi in double of the same float argument, over a dense grid of
	 * [-1, 4] and the infinities: within 2.5e-7 (the six-term float sum it
	 * replaced was 9.9e-7 off), and exactly 0 outside the support.
	 */
	@Test
	void floatKernelPsiIsWithinFloatRoundingOfTheClosedForm() {
		for (int k = 0; k < 7; k++)
			assertEquals(KNOT_VALUES[k], BwRelu.psiOfScaled(k * 0.5f), 1e-7,
					"knot " + k);
		double worst = 0;
		for (int i = 0; i <= 500_000; i++) {
			float u = -1f + 5f * i / 500_000;
			worst = Math.max(worst,
					Math.abs(BwRelu.psiOfScaled(u) - BwRelu.psi(u)));
			if (u < 0 || u > 3)
				assertEquals(0f, BwRelu.psiOfScaled(u), 0f, "outside, u " + u);
		}
		assertTrue(worst < 2.5e-7, "worst error " + worst);
		assertEquals(0f, BwRelu.psiOfScaled(Float.NEGATIVE_INFINITY), 0f);
		assertEquals(0f, BwRelu.psiOfScaled(Float.POSITIVE_INFINITY), 0f);
		assertEquals(0f, BwRelu.psiOfScaled(-Float.MAX_VALUE), 0f);
	}
}
