package io.github.reluinr.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.backend.Kernels;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * K, the square root of the ramp filter: its kernel's spectrum is sqrt of
 * scikit-image's ramp, and applied twice it weighs a view's frequency f (cycles
 * per detector) by about the ramp's 2|f|.
 */
class RampWeightedOperatorTest {

	@Test
	void theKernelsSpectrumIsTheSquareRootOfTheRamp() {
		int size = 128;
		double[] k = RampWeightedOperator.sqrtRampKernel(size);
		double[] ramp = FilteredBackProjection.fourierFilter(size, "ramp");
		for (int j = 0; j < size; j++) {
			double re = 0, im = 0;
			for (int m = 0; m < size; m++) {
				re += k[m] * Math.cos(2 * Math.PI * j * m / size);
				im -= k[m] * Math.sin(2 * Math.PI * j * m / size);
			}
			assertEquals(Math.sqrt(Math.max(ramp[j], 0)), re, 1e-9, "bin " + j);
			assertEquals(0, im, 1e-9, "bin " + j + ": the kernel is even");
		}
	}

	/**
	 * The ND4J form (a product with K's matrix) equals the Java convolution.
	 */
	@Test
	void bothFormsAgree() {
		RampWeightedOperator op = new RampWeightedOperator(RadonOperator
				.scikitImage(24, RadonOperator.anglesWithoutEnd(5, 180), 1.5));
		for (int channels : new int[]{1, 3}) {
			INDArray x = Arrays2.random(op.inputSize(), channels, 4);
			INDArray[] out = new INDArray[2];
			Kernels.Form[] forms = {Kernels.Form.JAVA, Kernels.Form.ND4J};
			for (int i = 0; i < 2; i++) {
				out[i] = Arrays2.zeros(op.outputSize(), channels);
				Kernels.force(forms[i]);
				try {
					op.apply(x, out[i]);
				}
				finally {
					Kernels.force(null);
				}
			}
			double error = Arrays2.norm(out[0].sub(out[1]))
					/ Arrays2.norm(out[0]);
			assertTrue(error < 1e-5, channels + " channels: relative " + error);
		}
	}

	@Test
	void twiceItWeighsAViewsFrequencyByTheRamp() {
		int width = 96;
		RampWeightedOperator op = new RampWeightedOperator(RadonOperator
				.scikitImage(width, RadonOperator.anglesWithoutEnd(1, 180), 0));
		for (double f : new double[]{1.0 / 16, 1.0 / 8, 1.0 / 4, 3.0 / 8}) {
			float[] p = new float[width];
			for (int u = 0; u < width; u++) // a windowed cosine, so that the view's ends do not leak
				p[u] = (float) (Math.cos(2 * Math.PI * f * u)
						* Math.pow(Math.sin(Math.PI * (u + 0.5) / width), 2));
			INDArray view = Nd4j.createFromArray(p).reshape(width, 1);
			INDArray twice = op.weigh(op.weigh(view));
			double gain = Arrays2.dot(view, twice) / Arrays2.dot(view, view);
			assertEquals(2 * f, gain, 0.1 * 2 * f, "frequency " + f);
		}
	}
}
