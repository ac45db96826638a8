package io.github.reluinr.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The variation norm (Section 4) against its definition, and eq. (53) against a
 * hand computation.
 *
 * <p>
 * Univariate definition: ||g||_V = TV(g'), the total variation of the
 * derivative (the L1 norm of g'' with its Dirac impulses). For one BW-ReLU
 * neuron g(x) = v psi(c (w x - b)):
 * <ul>
 * <li>g'(x) = v c w psi'(u) with u = c (w x - b). psi' is piecewise constant;
 * eq. (2)/(31) writes psi as sum_i a_i relu(u - t_i) with a = (1, -8, 23, -32,
 * 23, -8, 1)/6, so psi' jumps by a_i at t_i and TV_u(psi') = sum_i |a_i| = 96/6
 * = 16.
 * <li>x -> u is affine and monotone (decreasing when w &lt; 0); total variation
 * does not change under a monotone change of variable, so g' takes the same
 * values in the same (or reversed) order as v c w psi'(u): TV_x(g') = |v| c |w|
 * TV_u(psi') = 16 c |v| |w|.
 * </ul>
 * That is eq. (30) for one neuron (eq. 24/25 with c = 1), with ONE factor c|w|,
 * not (c|w|)^2: the smooth form int |g''| dx has g'' = v (c w)^2 psi''(u), but
 * dx = du / (c |w|) takes one factor back. Equivalently, each of the seven ReLU
 * neurons (a_i v) relu(c w x - c b - t_i) has the ReLU norm of eq. (21), |a_i
 * v| * c|w|, and the seven add up because their kinks sit at different points.
 *
 * <p>
 * In d dimensions the norm is the Radon-domain TV; a neuron depends on x only
 * through w^T x, so along the unit direction u = w/||w|| it is the univariate
 * neuron v psi(c (||w|| t - b)) with norm 16 c |v| ||w|| (eq. 30), and along a
 * direction at angle theta to u its second derivative is scaled by cos(theta):
 * the norm is carried by the neuron's own direction.
 *
 * <p>
 * Eq. (25)/(30) for a whole network is the norm of its representation (a sum
 * over neurons): the function's norm can be smaller when neurons overlap and
 * cancel, never larger.
 */
class VariationNormTest {

	private static final double[] A = {1 / 6.0, -8 / 6.0, 23 / 6.0, -32 / 6.0,
			23 / 6.0, -8 / 6.0, 1 / 6.0};

	/**
	 * TV of g' on [lo, hi] from secant slopes on a uniform grid of n steps. For
	 * a continuous piecewise linear g whose kinks are more than one step apart
	 * this is exact up to rounding: the secant slope across a kink lies between
	 * the slopes on either side, so it adds nothing to the sum of |jumps|. The
	 * grids below are 10 to 100 times finer than the knot spacing 1/(2 c |w|);
	 * much finer grids only add rounding (psi's seven ReLU terms cancel in
	 * double, and each slope divides by the step).
	 */
	static double tvOfDerivative(DoubleUnaryOperator g, double lo, double hi,
			int n)
	{
		double h = (hi - lo) / n;
		double prevSlope = Double.NaN, tv = 0, prev = g.applyAsDouble(lo);
		for (int j = 1; j <= n; j++) {
			double cur = g.applyAsDouble(lo + j * h);
			double slope = (cur - prev) / h;
			if (j > 1) tv += Math.abs(slope - prevSlope);
			prevSlope = slope;
			prev = cur;
		}
		return tv;
	}

	@Test
	void motherWaveletsReluCoefficientsSumTo16() {
		double s = 0;
		for (double a : A)
			s += Math.abs(a);
		assertEquals(16.0, s, 1e-14);
		// and psi' read off numerically has that total variation
		assertEquals(16.0, tvOfDerivative(BwRelu::psi, -1, 4, 5_000), 1e-7);
	}

	@Test
	void singleNeuronNormIsTheTotalVariationOfItsDerivative() {
		// {v, w, b, c}: both signs of v and w, c below and above 1
		double[][] cases = {{1, 1, 0, 1}, {-0.7, 2.5, 0.3, 3},
				{2, -1.5, -0.4, 0.5}, {0.3, 0.8, 0.1, 9},
				{-1.2, -0.25, 0.2, 6}};
		for (double[] p : cases) {
			double v = p[0], w = p[1], b = p[2], c = p[3];
			BwRelu act = new BwRelu(c); // act.value(z) = psi(c z)
			DoubleUnaryOperator g = x -> v * act.value(w * x - b);
			// support in x: c (w x - b) in [0, 3], i.e. between b/w and b/w + 3/(c w); pad by 1 on each side
			double e1 = b / w, e2 = b / w + 3 / (c * w);
			double lo = Math.min(e1, e2) - 1, hi = Math.max(e1, e2) + 1;
			double numeric = tvOfDerivative(g, lo, hi, 20_000);
			double eq30 = 16 * c * Math.abs(v) * Math.abs(w);
			assertEquals(eq30, numeric, 1e-6 * eq30,
					"v " + v + ", w " + w + ", c " + c);

			// the library's eq. (30) and eq. (53) for a 1-1-1 network with these weights say the same
			assertEquals(eq30, VariationNorm.shallow(c,
					matrix(new double[][]{{w}}), matrix(new double[][]{{v}})),
					1e-5 * eq30);
			try (Mlp net = new Mlp(1, 1, 1, 1, act, 0)) {
				net.weight(0).assign(matrix(new double[][]{{w}}));
				net.bias(0).assign(matrix(new double[][]{{-b}})); // the network adds its bias: w x + b_net
				net.weight(1).assign(matrix(new double[][]{{v}}));
				net.bias(1).assign(matrix(new double[][]{{0.4}})); // an output offset changes no derivative
				assertEquals(eq30, VariationNorm.of(net), 1e-5 * eq30);
				// and the network computes g
				INDArray x = Nd4j.create(new float[]{(float) ((e1 + e2) / 2)},
						new long[]{1, 1}, 'c');
				assertEquals(g.applyAsDouble((e1 + e2) / 2) + 0.4,
						net.forward(x).getDouble(0, 0), 1e-5);
			}
		}
	}

	@Test
	void bivariateNeuronsNormLivesAlongItsWeightDirection() {
		double v = -0.8, c = 2, b = 0.3;
		double[] w = {1.2, -0.5}; // ||w|| = 1.3
		double norm = Math.hypot(w[0], w[1]);
		BwRelu act = new BwRelu(c);
		double eq30 = 16 * c * Math.abs(v) * norm;
		for (double theta : new double[]{0, 0.4, 1.0, Math.PI / 2}) {
			// unit direction at angle theta from w/||w||
			double ux = w[0] / norm, uy = w[1] / norm;
			double dx = Math.cos(theta) * ux - Math.sin(theta) * uy,
					dy = Math.sin(theta) * ux + Math.cos(theta) * uy;
			DoubleUnaryOperator g = t -> v
					* act.value(w[0] * t * dx + w[1] * t * dy - b);
			double tv = tvOfDerivative(g, -10, 10, 40_000);
			assertEquals(eq30 * Math.abs(Math.cos(theta)), tv,
					1e-6 * eq30 + 1e-9, "theta " + theta);
		}
		assertEquals(eq30,
				VariationNorm.shallow(c, matrix(new double[][]{{w[0]}, {w[1]}}),
						matrix(new double[][]{{v}})),
				1e-5 * eq30);
	}

	@Test
	void networkFormulaIsExactForSeparateNeuronsAndAnUpperBoundWhenTheyCancel() {
		double c = 4;
		BwRelu act = new BwRelu(c);
		// three neurons with disjoint supports: the jumps of g' cannot cancel, TV(g') = eq. (25/30)
		double[] v = {1.5, -0.5, 2}, w = {3, -2, 1.5}, b = {-2.4, 0.1, 1.2};
		DoubleUnaryOperator g = x -> {
			double s = 0;
			for (int k = 0; k < 3; k++)
				s += v[k] * act.value(w[k] * x - b[k]);
			return s;
		};
		double eq30 = VariationNorm.shallow(c, matrix(new double[][]{w}),
				matrix(new double[][]{{v[0]}, {v[1]}, {v[2]}}));
		assertEquals(16 * c * (1.5 * 3 + 0.5 * 2 + 2 * 1.5), eq30, 1e-4);
		assertEquals(eq30, tvOfDerivative(g, -3, 3, 30_000), 1e-6 * eq30);

		// two overlapping neurons, the second shifted by two knots (2 / (2c)): jumps of g' meet at the
		// same points and partly cancel. At knot k the jump is c (a_k - a_{k-2} / 2), so
		// TV(g') = c (1 + 8 + 22.5 + 28 + 11.5 + 8 + 10.5 + 4 + 0.5) / 6 = c * 94/6, below the
		// representation's 16 c (1 + 1/2) = c * 144/6.
		DoubleUnaryOperator h = x -> act.value(x)
				- 0.5 * act.value(x - 2 / (2 * c));
		double representation = 16 * c * (1 + 0.5);
		double function = tvOfDerivative(h, -1, 2, 30_000);
		assertEquals(c * 94 / 6, function, 1e-6 * representation);
		assertTrue(function < representation);
	}

	@Test
	void deepNetworkNormIsEquation53ByHand() {
		// Paper's layout: g(x) = W3 psi(c (W2 psi(c (W1 psi(c (W0 x + b0)) + b1)) + b2)) + b3 with W_l
		// [fanOut x fanIn]; the network stores W_l^T. Eq. (53): 16 c (sum_k ||row k of W0|| ||column k
		// of W1|| + sum_k ||column k of W2|| + sum_k ||column k of W3||).
		double c = 2;
		double[][] w0 = {{3, 4}, {0, 1}}; // rows: 5, 1
		double[][] w1 = {{3, 0}, {4, -2}}; // columns: 5, 2      -> layer 1: 5*5 + 1*2 = 27
		double[][] w2 = {{1, 6}, {0, 8}}; // columns: 1, 10     -> layer 2: 11
		double[][] w3 = {{-0.5, 1.5}}; // columns: 0.5, 1.5  -> layer 3: 2
		double expected = 16 * 2 * (27 + 11 + 2); // = 1280
		double[][] biases = {{0.1, -0.2}, {0.3, 0.05}, {-0.4, 0.2}, {0.7}};
		try (Mlp net = net(2, 2, 3, 1, c, new double[][][]{w0, w1, w2, w3},
				biases))
		{
			assertEquals(1280, expected);
			assertEquals(expected, VariationNorm.of(net), 1e-9 * expected);
			// the stored transposes really are these matrices: the network computes the formula above
			for (double[] x : new double[][]{{0.1, 0.05}, {-0.3, 0.2},
					{0.02, -0.01}})
			{
				double[] a = x;
				BwRelu act = new BwRelu(c);
				double[][][] ws = {w0, w1, w2};
				for (int l = 0; l < 3; l++) {
					double[] z = affine(ws[l], a, biases[l]);
					for (int k = 0; k < z.length; k++)
						z[k] = act.value(z[k]);
					a = z;
				}
				double expectedOut = affine(w3, a, biases[3])[0];
				INDArray in = Nd4j.create(
						new float[]{(float) x[0], (float) x[1]},
						new long[]{1, 2}, 'c');
				assertEquals(expectedOut, net.forward(in).getDouble(0, 0),
						1e-4 * Math.max(1, Math.abs(expectedOut)));
			}
			// biases do not enter
			net.bias(1).assign(5);
			assertEquals(expected, VariationNorm.of(net), 1e-9 * expected);
		}
	}

	@Test
	void oneAndTwoHiddenLayersGiveEquation30AndItsOneLayerExtension() {
		// One hidden layer: eq. (30) itself, with vector outputs |v_k| = ||column k of the output matrix||.
		double[][] w0 = {{3, 4}, {0.6, 0.8}}; // rows: 5, 1
		double[][] v = {{0.5, -2}, {-1.2, 1.5}}; // columns: 1.3, 2.5
		try (Mlp net = net(2, 2, 1, 2, 3, new double[][][]{w0, v},
				new double[][]{{0.2, -0.1}, {0, 1}}))
		{
			assertEquals(16 * 3 * (5 * 1.3 + 1 * 2.5), VariationNorm.of(net),
					1e-4); // 432
			assertEquals(432, VariationNorm.of(net), 1e-4);
		}
		// Two hidden layers: 16 c (sum_k ||w0_k|| ||column k of W1|| + sum_k ||column k of W2||).
		double[][] a0 = {{2}, {-1}, {0.5}}; // rows: 2, 1, 0.5
		double[][] a1 = {{1, 0, 0.6}, {2, 0, 0}, {2, -4, 0.8}}; // columns: 3, 4, 1 -> 2*3 + 1*4 + 0.5*1 = 10.5
		double[][] a2 = {{-1, 3, 0.25}}; // columns: 1, 3, 0.25 -> 4.25
		try (Mlp net = net(1, 3, 2, 1, 0.5, new double[][][]{a0, a1, a2},
				new double[][]{{0, 0, 0}, {0, 0, 0}, {0}}))
		{
			assertEquals(16 * 0.5 * (10.5 + 4.25), VariationNorm.of(net), 1e-4); // 118
			assertEquals(118, VariationNorm.of(net), 1e-4);
		}
	}

	@Test
	void isOnlyDefinedForBwRelu() {
		try (Mlp net = new Mlp(2, 4, 2, 1, new Relu(), 0)) {
			assertThrows(IllegalArgumentException.class,
					() -> VariationNorm.of(net));
		}
	}

	/**
	 * A network with the paper's matrices W_l [fanOut x fanIn] (stored
	 * transposed) and biases.
	 */
	static Mlp net(int in, int width, int layers, int out, double c,
			double[][][] paperWeights, double[][] biases)
	{
		Mlp net = new Mlp(in, width, layers, out, new BwRelu(c), 0);
		for (int l = 0; l <= layers; l++) {
			net.weight(l).assign(matrix(transpose(paperWeights[l])));
			net.bias(l).assign(matrix(new double[][]{biases[l]}));
		}
		return net;
	}

	static double[] affine(double[][] w, double[] x, double[] b) {
		double[] z = new double[w.length];
		for (int i = 0; i < w.length; i++) {
			z[i] = b[i];
			for (int j = 0; j < x.length; j++)
				z[i] += w[i][j] * x[j];
		}
		return z;
	}

	static double[][] transpose(double[][] m) {
		double[][] t = new double[m[0].length][m.length];
		for (int i = 0; i < m.length; i++)
			for (int j = 0; j < m[0].length; j++)
				t[j][i] = m[i][j];
		return t;
	}

	static INDArray matrix(double[][] m) {
		float[] f = new float[m.length * m[0].length];
		for (int i = 0; i < m.length; i++)
			for (int j = 0; j < m[0].length; j++)
				f[i * m[0].length + j] = (float) m[i][j];
		return Nd4j.create(f, new long[]{m.length, m[0].length}, 'c');
	}
}
