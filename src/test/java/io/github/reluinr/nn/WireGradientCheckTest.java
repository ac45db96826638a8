package io.github.reluinr.nn;

import io.github.reluinr.backend.Kernels;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * WIRE's hand-written backward pass against central finite differences of an
 * independent double forward written here with complex arithmetic from the
 * reference's definition: layer 0 real Linear, then exp(i w z - |s z|^2);
 * complex Linear layers; output Re(final complex Linear). Every real and
 * imaginary part of every weight and bias is a real parameter and every one is
 * checked.
 *
 * <p>
 * omega0 and sigma0 are moderate (3, 1.5 and 8, 2) so that the check is not
 * dominated by units the Gaussian envelope has switched off.
 */
class WireGradientCheckTest {

	@AfterEach
	void restore() {
		Kernels.force(null);
	}

	/**
	 * One named parameter tensor: its values in double, and the network's
	 * gradient for it.
	 */
	record Tensor(String name, double[][] value, double[][] grad) {
	}

	@ParameterizedTest
	@EnumSource(Kernels.Form.class)
	void backwardMatchesFiniteDifferences(Kernels.Form form) {
		Kernels.force(form);
		// {omega0, sigma0, Gabor layers}: one Gabor layer is the real first layer straight into the final one
		for (double[] ws : new double[][]{{3, 1.5, 3}, {8, 2, 3},
				{3, 1.5, 1}})
		{
			double omega0 = ws[0], sigma0 = ws[1];
			WireMlp net = new WireMlp(2, 8, (int) ws[2], 2, omega0, sigma0, 17); // K = 5
			Nd4j.getRandom().setSeed(3);
			INDArray x = Nd4j.rand(DataType.FLOAT, 40, 2).muli(2).subi(1);
			INDArray r = Nd4j.randn(DataType.FLOAT, 40, 2);
			net.forward(x);
			net.backward(r);
			double[][] xs = GradientCheckTest.rows(x),
					rs = GradientCheckTest.rows(r);

			int layers = net.layers();
			double[][][] wr = new double[layers + 1][][],
					wi = new double[layers + 1][][];
			double[][][] br = new double[layers + 1][][],
					bi = new double[layers + 1][][];
			List<Tensor> tensors = new ArrayList<>();
			for (int l = 0; l <= layers; l++) {
				wr[l] = GradientCheckTest.rows(net.weightRe(l));
				br[l] = GradientCheckTest.rows(net.biasRe(l));
				tensors.add(new Tensor("Re W" + l, wr[l],
						GradientCheckTest.rows(net.weightGradRe(l))));
				tensors.add(new Tensor("Re b" + l, br[l],
						GradientCheckTest.rows(net.biasGradRe(l))));
				if (l > 0) {
					wi[l] = GradientCheckTest.rows(net.weightIm(l));
					bi[l] = GradientCheckTest.rows(net.biasIm(l));
					tensors.add(new Tensor("Im W" + l, wi[l],
							GradientCheckTest.rows(net.weightGradIm(l))));
					tensors.add(new Tensor("Im b" + l, bi[l],
							GradientCheckTest.rows(net.biasGradIm(l))));
				}
			}
			double eps = 1e-6;
			long checked = 0;
			for (Tensor t : tensors) {
				for (int i = 0; i < t.value.length; i++) {
					for (int j = 0; j < t.value[i].length; j++) {
						double keep = t.value[i][j];
						t.value[i][j] = keep + eps;
						double plus = loss(omega0, sigma0, wr, wi, br, bi, xs,
								rs);
						t.value[i][j] = keep - eps;
						double minus = loss(omega0, sigma0, wr, wi, br, bi, xs,
								rs);
						t.value[i][j] = keep;
						double numeric = (plus - minus) / (2 * eps);
						assertEquals(numeric, t.grad[i][j],
								1e-3 * Math.abs(numeric) + 2e-4,
								"wire(" + omega0 + "," + sigma0 + ") " + t.name
										+ "[" + i + "," + j + "]");
						checked++;
					}
				}
			}
			assertEquals(WireMlp.parameterCount(2, 8, (int) ws[2], 2), checked);
			assertEquals(net.parameters().length(), checked);
		}
	}

	/** sum(Re(f(x)) * R) in double, complex numbers as {re, im}. */
	static double loss(double w, double s, double[][][] wr, double[][][] wi,
			double[][][] br, double[][][] bi, double[][] xs, double[][] rs)
	{
		int last = wr.length - 1;
		double total = 0;
		for (int n = 0; n < xs.length; n++) {
			// layer 0: real linear, then the wavelet of a real z
			int k = br[0][0].length;
			double[] hr = new double[k], hi = new double[k];
			for (int j = 0; j < k; j++) {
				double z = br[0][0][j];
				for (int i = 0; i < xs[n].length; i++)
					z += xs[n][i] * wr[0][i][j];
				double[] g = gabor(w, s, z, 0);
				hr[j] = g[0];
				hi[j] = g[1];
			}
			for (int l = 1; l <= last; l++) {
				int m = br[l][0].length;
				double[] zr = new double[m], zi = new double[m];
				for (int j = 0; j < m; j++) {
					double re = br[l][0][j], im = bi[l][0][j];
					for (int i = 0; i < hr.length; i++) { // (hr + i hi)(a + i b)
						re += hr[i] * wr[l][i][j] - hi[i] * wi[l][i][j];
						im += hr[i] * wi[l][i][j] + hi[i] * wr[l][i][j];
					}
					if (l < last) {
						double[] g = gabor(w, s, re, im);
						zr[j] = g[0];
						zi[j] = g[1];
					}
					else {
						zr[j] = re;
						zi[j] = im;
					}
				}
				hr = zr;
				hi = zi;
			}
			for (int j = 0; j < hr.length; j++)
				total += hr[j] * rs[n][j]; // the real part only
		}
		return total;
	}

	/**
	 * exp(i w z - |s z|^2) for z = re + i im, as exp of the complex exponent.
	 */
	static double[] gabor(double w, double s, double re, double im) {
		// i w z = i w re - w im; |s z|^2 = s^2 (re^2 + im^2)
		double expRe = -w * im - s * s * (re * re + im * im);
		double expIm = w * re;
		double mag = Math.exp(expRe);
		return new double[]{mag * Math.cos(expIm), mag * Math.sin(expIm)};
	}
}
