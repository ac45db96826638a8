package io.github.reluinr.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.train.TrainingConfig;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Univariate fits in the engine, and the paper's Figure 3 experiment.
 *
 * <p>
 * Figure 3's claim: among BW-ReLU fits of the same samples at c = 0.5, 2 and 6,
 * the middle c has both the lowest variation norm (eq. 30) and the lowest error
 * between the samples. Each protocol was written down and committed before its
 * first run ({@code docs/figure3-protocol.md}); both are kept.
 *
 * <p>
 * <b>Protocol 1</b> (first session): f(x) = sin(pi x) + x/2 at the 9 points -1
 * + i/4, 1 x 64 BW-ReLU, seed 0, Adam at a constant 5e-3 until the training MSE
 * is at most 1e-4 (cap 20000 epochs, the rate raised 4x only for a c that
 * misses it), error = RMS of g - f at the 400 cell centres of [-1, 1]. Outcome
 * (all three reached the target):
 * 
 * <pre>
 *   c     norm (eq. 30)   RMS error between samples
 *   0.5       137.5          0.038
 *   2         207.0          0.053
 *   6         732.1          0.855
 * </pre>
 * 
 * The middle c was NOT best; the norm still ranked the three exactly as the
 * error did. Not unequal training (target 1e-6 barely moves them), but a
 * function slow for its samples: a finer sweep (c = 0.1 ... 6) gives the
 * U-shape with both minima at c = 1, and {0.5, 2, 6} brackets c = 1 with 0.5
 * the nearer. Eq. (30) also counts kinks outside [-1, 1] (90% of its mass at c
 * = 0.5), so it overstates the variation the data see at small c; within the
 * fitted range the ranking agrees.
 *
 * <p>
 * <b>Protocol 2</b> (second session): the reference script's sampling and width
 * (20 points linspace(-1, 1, 20), 1 x 100), otherwise as protocol 1, with f(x)
 * = sin(2 pi x) + x/2, chosen because the best c grows with the function's
 * frequency (c = 1 for sin(pi x) above; 3 for sin(4 pi x) at 33 points in a
 * look by the first session). Prediction: c = 2 lowest on both. Outcome, seed
 * 0:
 * 
 * <pre>
 *   c     epochs   norm (eq. 30)   RMS error between samples
 *   0.5    2939        755.3          0.045
 *   2        93        175.8          0.017
 *   6        79        991.7          0.158
 * </pre>
 * 
 * Figure 3's ordering, and its U (the paper's norms: 1131 / 17.8 / 103). Seeds
 * 1-4, run once after seed 0 to see whether it was luck: c = 2 had both the
 * lowest norm (174, 163, 183, 184) and the lowest error (0.021, 0.018, 0.024,
 * 0.015) in every one. The test runs seed 0 only.
 */
class CurveFitTest {

	/**
	 * One univariate experiment: the function, its samples and the network
	 * width, fixed in advance.
	 */
	record Protocol(String name, java.util.function.DoubleUnaryOperator f,
			double[] samples, int width) {

		double[] values() {
			double[] y = new double[samples.length];
			for (int i = 0; i < y.length; i++)
				y[i] = f.applyAsDouble(samples[i]);
			return y;
		}
	}

	static double[] linspace(double a, double b, int n) {
		double[] x = new double[n];
		for (int i = 0; i < n; i++)
			x[i] = a + (b - a) * i / (n - 1);
		return x;
	}

	/** Protocol 1: sin(pi x) + x/2 at the 9 points -1 + i/4, 1 x 64. */
	static final Protocol PROTOCOL_1 = new Protocol(
			"protocol 1: sin(pi x) + x/2 at 9 points, 1x64",
			x -> Math.sin(Math.PI * x) + 0.5 * x, linspace(-1, 1, 9), 64);
	/**
	 * Protocol 2: the reference script's 20 samples and width 100, f = sin(2 pi
	 * x) + x/2.
	 */
	static final Protocol PROTOCOL_2 = new Protocol(
			"protocol 2: sin(2 pi x) + x/2 at 20 points, 1x100",
			x -> Math.sin(2 * Math.PI * x) + 0.5 * x, linspace(-1, 1, 20), 100);

	static double[] dense() {
		double[] x = new double[400];
		for (int j = 0; j < 400; j++)
			x[j] = -1 + (j + 0.5) / 200;
		return x;
	}

	static TrainingConfig figure3(int width, double c, double lr) {
		return TrainingConfig.fit().layers(1).width(width).c(c).lr(lr)
				.lrDecay(1).epochs(20_000).targetLoss(1e-4).seed(0);
	}

	record Outcome(double c, double lr, int epochs, double loss, double norm,
			double error) {
	}

	private static final java.util.Map<String, Outcome> RUNS = new java.util.concurrent.ConcurrentHashMap<>();

	/**
	 * One fit per c (cached: tests share runs), the learning rate raised only
	 * if the target is missed.
	 */
	static Outcome run(Protocol p, double c) {
		return RUNS.computeIfAbsent(p.name() + " c=" + c, k -> {
			double lr = 5e-3;
			Outcome o = run(p, c, lr);
			while (o.loss() > 1e-4 && lr < 0.1)
				o = run(p, c, lr *= 4);
			return o;
		});
	}

	static Outcome run(Protocol p, double c, double lr) {
		double[] x = p.samples(), y = p.values(), xd = dense();
		try (CurveFit fit = CurveFit.fit(x, y, figure3(p.width(), c, lr), null,
				null))
		{
			double[] g = fit.evaluate(xd);
			double se = 0;
			for (int j = 0; j < xd.length; j++) {
				double e = g[j] - p.f().applyAsDouble(xd[j]);
				se += e * e;
			}
			return new Outcome(c, lr, fit.training().epochsRun(),
					fit.loss(x, y), fit.variationNorm(),
					Math.sqrt(se / xd.length));
		}
	}

	static Outcome[] table(Protocol p, double... cs) {
		Outcome[] out = new Outcome[cs.length];
		for (int i = 0; i < cs.length; i++)
			out[i] = run(p, cs[i]);
		System.out.println("Figure 3, " + p.name() + ", target MSE 1e-4");
		System.out.println(
				"     c        lr  epochs    train MSE   var. norm  RMS error between samples");
		for (Outcome o : out) {
			System.out.printf(Locale.ROOT,
					"%6.2f  %8.4f  %6d  %11.3e  %10.2f  %10.4f%n", o.c(),
					o.lr(), o.epochs(), o.loss(), o.norm(), o.error());
		}
		for (Outcome o : out)
			assertTrue(o.loss() <= 1e-4, "c " + o.c()
					+ " did not reach the target loss: " + o.loss());
		return out;
	}

	static int argmin(Outcome[] out,
			java.util.function.ToDoubleFunction<Outcome> key)
	{
		int best = 0;
		for (int i = 1; i < out.length; i++)
			if (key.applyAsDouble(out[i]) < key.applyAsDouble(out[best]))
				best = i;
		return best;
	}

	@Test
	void figure3MiddleCHasTheLowestNormAndTheLowestErrorBetweenSamples() {
		Outcome[] out = table(PROTOCOL_2, 0.5, 2, 6);
		assertEquals(2.0, out[argmin(out, Outcome::norm)].c(),
				"lowest variation norm");
		assertEquals(2.0, out[argmin(out, Outcome::error)].c(),
				"lowest RMS error between the samples");
		// Figure 3's U: too small a c needs large output weights, too large a c oscillates; both ends
		// are clearly worse, not ties (seed 0: norms 755 / 176 / 992, errors 0.045 / 0.017 / 0.158)
		assertTrue(out[0].norm() > 2 * out[1].norm()
				&& out[2].norm() > 2 * out[1].norm());
		assertTrue(out[0].error() > 1.5 * out[1].error()
				&& out[2].error() > 1.5 * out[1].error());
	}

	@Test
	void figure3LowestNormIsLowestErrorAndTooLargeCIsWorst() {
		Outcome[] out = table(PROTOCOL_1, 0.5, 2, 6);
		int byNorm = argmin(out, Outcome::norm),
				byError = argmin(out, Outcome::error);
		assertEquals(byNorm, byError, "lowest norm at c " + out[byNorm].c()
				+ ", lowest error at c " + out[byError].c());
		// c = 6: the oscillatory fit of Figure 3(c), highest norm and error
		assertTrue(
				out[2].norm() > out[0].norm() && out[2].norm() > out[1].norm());
		assertTrue(out[2].error() > out[0].error()
				&& out[2].error() > out[1].error());
		// the stated claim "the middle c is best" did not hold here (see the class comment): record it
		System.out.println("lowest norm and error at c = " + out[byNorm].c()
				+ (byNorm == 1 ? " (the middle c)" : " (not the middle c)"));
	}

	@Test
	void finerSweepShowsFigure3sUShapeWithOneCMinimisingNormAndError() {
		double[] cs = {0.25, 0.5, 1, 2, 6};
		Outcome[] out = table(PROTOCOL_1, cs);
		int byNorm = argmin(out, Outcome::norm),
				byError = argmin(out, Outcome::error);
		assertEquals(byNorm, byError, "lowest norm at c " + out[byNorm].c()
				+ ", lowest error at c " + out[byError].c());
		// an interior minimum: too small a c needs large output weights, too large a c oscillates
		assertTrue(byNorm > 0 && byNorm < cs.length - 1,
				"minimum at an end: c " + cs[byNorm]);
		for (int i = 0; i < byNorm; i++)
			assertTrue(out[i].norm() > out[i + 1].norm(),
					"norm not falling towards the minimum at c " + cs[i]);
		for (int i = byNorm; i + 1 < cs.length; i++)
			assertTrue(out[i + 1].norm() > out[i].norm(),
					"norm not rising after the minimum at c " + cs[i + 1]);
	}

	@Test
	void fitsSamplesAtUnevenCoordinatesAndKeepsTheNetworkThatReachedTheTarget() {
		double[] x = {-0.9, -0.7, -0.2, 0.05, 0.1, 0.6, 1.4};
		double[] y = {0.3, -0.1, 0.8, 0.2, 0.25, -0.6, 1.0};
		TrainingConfig cfg = TrainingConfig.fit().layers(2).width(32).c(3)
				.lr(5e-3).lrDecay(1).epochs(5000).targetLoss(1e-5).seed(3);
		try (CurveFit fit = CurveFit.fit(x, y, cfg, null, null)) {
			assertTrue(fit.training().finalLoss() <= 1e-5,
					"loss " + fit.training().finalLoss());
			assertTrue(fit.training().stoppedEarly()
					&& fit.training().epochsRun() < 5000);
			// the network was left at the parameters that reached the target: its own loss is the
			// reported one, so its variation norm belongs to the reported output
			assertEquals(fit.training().finalLoss(), fit.loss(x, y), 1e-7);
			float[] best = fit.training().output().dup('c').data().asFloat();
			double[] g = fit.evaluate(x);
			for (int i = 0; i < x.length; i++)
				assertEquals(best[i], g[i], 1e-6);
			assertTrue(fit.variationNorm() > 0);
		}
	}
}
