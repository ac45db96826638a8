package io.github.reluinr.nn;

import io.github.reluinr.backend.Kernels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The hand-written backward pass against central finite differences, for every
 * parameter tensor, in both kernel forms. L(theta) = sum(f(x) * R) for a fixed
 * random R, so dL/df = R.
 *
 * <p>
 * The finite differences use an independent double-precision forward pass
 * written here from the definition (loops and the activation's closed form),
 * with a step of 1e-6: BW-ReLU has a kink every 1/(2c), and a larger step in
 * float would cross kinks and measure the wrong slope. Every single gradient
 * entry is checked against it.
 *
 * <p>
 * SIREN runs with its own initialisation and omega0 = 30 (its usual scale); the
 * Gaussian runs with s = 2, since at the WIRE code's s = 10 a width-6 net with
 * PyTorch's initialisation has almost every unit at exp(-(10 z)^2) ~ 0 and the
 * check would be nearly vacuous. ReLU+PE checks the network on encoded
 * coordinates, with the encoding recomputed here in double from its definition.
 */
class GradientCheckTest {

	@AfterEach
	void restore() {
		Kernels.force(null);
	}

	@ParameterizedTest
	@EnumSource(Kernels.Form.class)
	void backwardMatchesFiniteDifferences(Kernels.Form form) {
		Kernels.force(form);
		for (Activation act : new Activation[]{new BwRelu(2.5), new Relu(),
				new Siren(30), new Gauss(2)})
		{
			Mlp net = new Mlp(2, 6, 3, 2, act, 11);
			Nd4j.getRandom().setSeed(3);
			INDArray x = Nd4j.rand(DataType.FLOAT, 40, 2).muli(2).subi(1);
			check(act.name(), net, x, rows(x), UnaryOperator.identity());
		}
	}

	@ParameterizedTest
	@EnumSource(Kernels.Form.class)
	void backwardMatchesFiniteDifferencesOnPositionallyEncodedCoordinates(
			Kernels.Form form)
	{
		Kernels.force(form);
		int side = 32; // L = 3: 2 + 2*2*3 = 14 features
		Nd4j.getRandom().setSeed(5);
		INDArray coords = Nd4j.rand(DataType.FLOAT, 30, 2).muli(2).subi(1);
		INDArray encoded = PositionalEncoding.encode(coords, side);
		Mlp net = new Mlp(PositionalEncoding.features(2, side), 5, 2, 1,
				new Relu(), 13);
		check("relu-pe", net, encoded, rows(coords),
				c -> encode(c, PositionalEncoding.frequencies(side)));
	}

	/** The encoding from its definition, in double. */
	static double[] encode(double[] c, int frequencies) {
		double[] out = new double[c.length * (1 + 2 * frequencies)];
		int k = 0;
		for (double v : c)
			out[k++] = v;
		for (int i = 0; i < frequencies; i++) {
			for (double v : c) {
				out[k++] = Math.sin(Math.pow(2, i) * Math.PI * v);
				out[k++] = Math.cos(Math.pow(2, i) * Math.PI * v);
			}
		}
		return out;
	}

	/**
	 * Runs the network's backward on x and checks every gradient entry against
	 * the double forward on encode(raw rows).
	 */
	static void check(String label, Mlp net, INDArray x, double[][] raw,
			UnaryOperator<double[]> encode)
	{
		Activation act = net.activation();
		Nd4j.getRandom().setSeed(4);
		INDArray r = Nd4j.randn(DataType.FLOAT, x.size(0), net.outputs());
		net.forward(x);
		net.backward(r);
		double[][] xs = new double[raw.length][];
		for (int n = 0; n < raw.length; n++)
			xs[n] = encode.apply(raw[n]);
		double[][] rs = rows(r);
		double[][][] w = new double[net.layers() + 1][][];
		double[][] b = new double[net.layers() + 1][];
		for (int l = 0; l <= net.layers(); l++) {
			w[l] = rows(net.weight(l));
			b[l] = rows(net.bias(l))[0];
		}
		double eps = 1e-6;
		long checked = 0;
		for (int l = 0; l <= net.layers(); l++) {
			double[][] gw = rows(net.weightGradient(l));
			for (int i = 0; i < w[l].length; i++) {
				for (int j = 0; j < w[l][i].length; j++) {
					double keep = w[l][i][j];
					w[l][i][j] = keep + eps;
					double plus = loss(act, w, b, xs, rs);
					w[l][i][j] = keep - eps;
					double minus = loss(act, w, b, xs, rs);
					w[l][i][j] = keep;
					double numeric = (plus - minus) / (2 * eps);
					// float backward vs double reference: 1e-3 relative plus float noise
					assertEquals(numeric, gw[i][j],
							1e-3 * Math.abs(numeric) + 2e-4,
							label + " W" + l + "[" + i + "," + j + "]");
					checked++;
				}
			}
			double[] gb = rows(net.biasGradient(l))[0];
			for (int j = 0; j < b[l].length; j++) {
				double keep = b[l][j];
				b[l][j] = keep + eps;
				double plus = loss(act, w, b, xs, rs);
				b[l][j] = keep - eps;
				double minus = loss(act, w, b, xs, rs);
				b[l][j] = keep;
				double numeric = (plus - minus) / (2 * eps);
				assertEquals(numeric, gb[j], 1e-3 * Math.abs(numeric) + 2e-4,
						label + " b" + l + "[" + j + "]");
				checked++;
			}
		}
		assertTrue(checked == net.parameters().length(),
				label + ": every parameter checked");
	}

	static double[][] rows(INDArray a) {
		long r = a.rank() == 1 ? 1 : a.size(0);
		int c = (int) (a.length() / r);
		float[] f = a.dup('c').data().asFloat();
		double[][] out = new double[(int) r][c];
		for (int i = 0; i < r; i++)
			for (int j = 0; j < c; j++)
				out[i][j] = f[i * c + j];
		return out;
	}

	/** sum(f(x) * R) with f computed in double from the definition. */
	static double loss(Activation act, double[][][] w, double[][] b,
			double[][] xs, double[][] rs)
	{
		int last = w.length - 1;
		double total = 0;
		for (int n = 0; n < xs.length; n++) {
			double[] h = xs[n];
			for (int l = 0; l <= last; l++) {
				double[] z = new double[b[l].length];
				for (int j = 0; j < z.length; j++) {
					double s = b[l][j];
					for (int i = 0; i < h.length; i++)
						s += h[i] * w[l][i][j];
					z[j] = l < last ? act.value(s) : s;
				}
				h = z;
			}
			for (int j = 0; j < h.length; j++)
				total += h[j] * rs[n][j];
		}
		return total;
	}
}
