package io.github.reluinr.nn;

/**
 * The paper's BW-ReLU: the second-order B-spline wavelet written with seven ReLUs (eq. 2/31),
 * psi_c(z) = (1/6)[r(cz) - 8r(cz-1/2) + 23r(cz-1) - 32r(cz-3/2) + 23r(cz-2) - 8r(cz-5/2) + r(cz-3)].
 * Piecewise linear, zero outside [0, 3/c], knots at multiples of 1/(2c).
 */
public final class BwRelu extends PiecewiseLinearActivation {
    static final double[] KNOTS = {0, 0.5, 1, 1.5, 2, 2.5, 3};
    static final double[] COEFS = {1 / 6.0, -8 / 6.0, 23 / 6.0, -32 / 6.0, 23 / 6.0, -8 / 6.0, 1 / 6.0};

    private static final BwRelu MOTHER = new BwRelu(1.0);

    public BwRelu(double c) {
        super("bw-relu", c, KNOTS, COEFS);
    }

    /** psi(u) with c = 1, the mother wavelet. */
    public static double psi(double u) {
        return MOTHER.value(u);
    }
}
