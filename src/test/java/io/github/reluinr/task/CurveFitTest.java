package io.github.reluinr.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.train.TrainingConfig;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Univariate fits in the engine, and the paper's Figure 3 experiment.
 *
 * <p>Figure 3, as set up here before any run (and not changed after seeing results):
 * <ul>
 *   <li>f(x) = sin(pi x) + x/2, sampled at the 9 points x_i = -1 + i/4, i = 0..8;
 *   <li>one hidden layer of 64 BW-ReLU neurons (the shallow net of eq. 29, whose norm is eq. 30),
 *       seed 0 for every c, so all start from the same weights (the initialisation does not depend on c);
 *   <li>c = 0.5, 2 and 6;
 *   <li>Adam at a constant learning rate 5e-3 (the reference's univariate script), full batch, until
 *       the training MSE is at most 1e-4 (RMS residual 0.01), at most 20000 epochs; the paper varied
 *       the learning rate per c to reach equal loss, which is done here only for a c that misses it;
 *   <li>error between the samples: RMS of g - f at the 400 cell centres x = -1 + (j + 1/2)/200 (none is a
 *       sample point);
 *   <li>claim to check: c = 2 has both the lowest variation norm and the lowest error.
 * </ul>
 *
 * <p>What happened (seed 0, this CPU): all three reached the target (MSE 1.0e-4, 9.5e-5, 6.6e-5 in 511,
 * 86, 71 epochs) and
 * <pre>
 *   c     norm (eq. 30)   RMS error between samples
 *   0.5       137.5          0.038
 *   2         207.0          0.053
 *   6         732.1          0.855
 * </pre>
 * so the middle c is NOT the best for this function: the lowest norm and the lowest error both belong
 * to c = 0.5. Figure 3's actual claim, that the interpolator with the lowest norm generalises best,
 * holds (the norm ranks the three exactly as the error does), and c = 6 is the oscillatory, high-norm
 * fit of Figure 3(c). Why the middle one loses:
 * <ul>
 *   <li>not unequal training: with target 1e-6 instead of 1e-4 the norms and errors barely move
 *       (133.8 / 207.5 / 749.8 and 0.034 / 0.052 / 0.827);
 *   <li>the optimum lies elsewhere: a finer sweep (c = 0.1, 0.25, 0.5, 1, 2, 3, 4, 6) gives norms 748,
 *       315, 138, 110, 207, 350, 477, 732 and errors 0.040, 0.042, 0.038, 0.024, 0.053, 0.31, 0.58, 0.85:
 *       Figure 3's U-shape, with both minima at c = 1. This f varies slowly compared with the sample
 *       spacing 1/4, so its best c is low, and {0.5, 2, 6} brackets c = 1 with 0.5 the nearer.
 *       A faster function shows Figure 3 with the middle c winning: sin(4 pi x) at 33 points gives
 *       the lowest norm (371) and error (0.020) at c = 3, and c &lt;= 0.5 cannot fit it at all (MSE 0.3
 *       after 20000 epochs even at lr 0.32);
 *   <li>the norm's domain: eq. (30) sums the kinks of all seven ReLUs of every neuron on the whole
 *       line, while the function is only compared on [-1, 1]. For small c the wavelets are wide and
 *       most kinks fall outside (90% of eq. 30's mass at c = 0.5, 98% at c = 0.1), so eq. (30)
 *       overstates the variation the data see: TV(g') on [-1, 1] of the c = 0.1 fit is 13.2 (the
 *       piecewise-linear interpolant's minimum is 11.3) while eq. (30) says 748. This is why c = 0.1
 *       has a high norm but a small error; within the fitted range of c the ranking still agrees.
 * </ul>
 * The test therefore asserts, for the stated setting, what Figure 3's caption claims (lowest norm =
 * lowest error, the largest c worst), and, over the finer sweep, the U-shape with one c minimising both.
 */
class CurveFitTest {
    static double f(double x) {
        return Math.sin(Math.PI * x) + 0.5 * x;
    }

    static double[] samples() {
        double[] x = new double[9];
        for (int i = 0; i < 9; i++) x[i] = -1 + i / 4.0;
        return x;
    }

    static double[] values(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = f(x[i]);
        return y;
    }

    static double[] dense() {
        double[] x = new double[400];
        for (int j = 0; j < 400; j++) x[j] = -1 + (j + 0.5) / 200;
        return x;
    }

    static TrainingConfig figure3(double c, double lr) {
        return TrainingConfig.fit().layers(1).width(64).c(c).lr(lr).lrDecay(1).epochs(20_000).targetLoss(1e-4).seed(0);
    }

    record Outcome(double c, double lr, int epochs, double loss, double norm, double error) {}

    private static final java.util.Map<Double, Outcome> RUNS = new java.util.concurrent.ConcurrentHashMap<>();

    /** One fit per c (cached: both tests share runs), the learning rate raised only if the target is missed. */
    static Outcome run(double c) {
        return RUNS.computeIfAbsent(c, k -> {
            double lr = 5e-3;
            Outcome o = run(c, lr);
            while (o.loss() > 1e-4 && lr < 0.1) o = run(c, lr *= 4);
            return o;
        });
    }

    static Outcome run(double c, double lr) {
        double[] x = samples(), y = values(x), xd = dense();
        try (CurveFit fit = CurveFit.fit(x, y, figure3(c, lr), null, null)) {
            double[] g = fit.evaluate(xd);
            double se = 0;
            for (int j = 0; j < xd.length; j++) se += (g[j] - f(xd[j])) * (g[j] - f(xd[j]));
            return new Outcome(c, lr, fit.training().epochsRun(), fit.loss(x, y), fit.variationNorm(), Math.sqrt(se / xd.length));
        }
    }

    static Outcome[] table(String title, double... cs) {
        Outcome[] out = new Outcome[cs.length];
        for (int i = 0; i < cs.length; i++) out[i] = run(cs[i]);
        System.out.println(title);
        System.out.println("     c        lr  epochs    train MSE   var. norm  RMS error between samples");
        for (Outcome o : out) {
            System.out.printf(Locale.ROOT, "%6.2f  %8.4f  %6d  %11.3e  %10.2f  %10.4f%n", o.c(), o.lr(), o.epochs(), o.loss(), o.norm(), o.error());
        }
        for (Outcome o : out) assertTrue(o.loss() <= 1e-4, "c " + o.c() + " did not reach the target loss: " + o.loss());
        return out;
    }

    static int argmin(Outcome[] out, java.util.function.ToDoubleFunction<Outcome> key) {
        int best = 0;
        for (int i = 1; i < out.length; i++) if (key.applyAsDouble(out[i]) < key.applyAsDouble(out[best])) best = i;
        return best;
    }

    @Test
    void figure3LowestNormIsLowestErrorAndTooLargeCIsWorst() {
        Outcome[] out = table("Figure 3: f(x) = sin(pi x) + x/2 at 9 points, 1x64 BW-ReLU, target MSE 1e-4", 0.5, 2, 6);
        int byNorm = argmin(out, Outcome::norm), byError = argmin(out, Outcome::error);
        assertEquals(byNorm, byError, "lowest norm at c " + out[byNorm].c() + ", lowest error at c " + out[byError].c());
        // c = 6: the oscillatory fit of Figure 3(c), highest norm and error
        assertTrue(out[2].norm() > out[0].norm() && out[2].norm() > out[1].norm());
        assertTrue(out[2].error() > out[0].error() && out[2].error() > out[1].error());
        // the stated claim "the middle c is best" did not hold here (see the class comment): record it
        System.out.println("lowest norm and error at c = " + out[byNorm].c() + (byNorm == 1 ? " (the middle c)" : " (not the middle c)"));
    }

    @Test
    void finerSweepShowsFigure3sUShapeWithOneCMinimisingNormAndError() {
        double[] cs = {0.25, 0.5, 1, 2, 6};
        Outcome[] out = table("Figure 3, finer sweep", cs);
        int byNorm = argmin(out, Outcome::norm), byError = argmin(out, Outcome::error);
        assertEquals(byNorm, byError, "lowest norm at c " + out[byNorm].c() + ", lowest error at c " + out[byError].c());
        // an interior minimum: too small a c needs large output weights, too large a c oscillates
        assertTrue(byNorm > 0 && byNorm < cs.length - 1, "minimum at an end: c " + cs[byNorm]);
        for (int i = 0; i < byNorm; i++) assertTrue(out[i].norm() > out[i + 1].norm(), "norm not falling towards the minimum at c " + cs[i]);
        for (int i = byNorm; i + 1 < cs.length; i++) assertTrue(out[i + 1].norm() > out[i].norm(), "norm not rising after the minimum at c " + cs[i + 1]);
    }

    @Test
    void fitsSamplesAtUnevenCoordinatesAndKeepsTheNetworkThatReachedTheTarget() {
        double[] x = {-0.9, -0.7, -0.2, 0.05, 0.1, 0.6, 1.4};
        double[] y = {0.3, -0.1, 0.8, 0.2, 0.25, -0.6, 1.0};
        TrainingConfig cfg = TrainingConfig.fit().layers(2).width(32).c(3).lr(5e-3).lrDecay(1).epochs(5000).targetLoss(1e-5).seed(3);
        try (CurveFit fit = CurveFit.fit(x, y, cfg, null, null)) {
            assertTrue(fit.training().finalLoss() <= 1e-5, "loss " + fit.training().finalLoss());
            assertTrue(fit.training().stoppedEarly() && fit.training().epochsRun() < 5000);
            // the network was left at the parameters that reached the target: its own loss is the
            // reported one, so its variation norm belongs to the reported output
            assertEquals(fit.training().finalLoss(), fit.loss(x, y), 1e-7);
            float[] best = fit.training().output().dup('c').data().asFloat();
            double[] g = fit.evaluate(x);
            for (int i = 0; i < x.length; i++) assertEquals(best[i], g[i], 1e-6);
            assertTrue(fit.variationNorm() > 0);
        }
    }
}
