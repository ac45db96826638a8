package io.github.reluinr.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Initial weight ranges: max |w| must lie within the bound and, for layers with
 * many weights, close to it (for m uniform draws the largest |w| falls short of
 * the bound by about bound/m).
 */
class InitialisationTest {

	static double maxAbs(INDArray a) {
		return a.amaxNumber().doubleValue();
	}

	/**
	 * bound (1 - slack) <= max|w| <= bound, up to float rounding of the bound
	 * itself.
	 */
	static void assertBound(String what, INDArray w, double bound,
			double slack)
	{
		double m = maxAbs(w);
		assertTrue(m <= bound * (1 + 1e-6),
				what + ": max |w| " + m + " above bound " + bound);
		assertTrue(m >= bound * (1 - slack),
				what + ": max |w| " + m + " far below bound " + bound);
	}

	@Test
	void sirenFirstLayerIsOneOverFanInAndLaterLayersSqrtSixOverFanInOverOmega() {
		double omega0 = 30;
		Mlp net = new Mlp(2, 300, 3, 1, new Siren(omega0), 21);
		assertBound("SIREN W0 (600 weights)", net.weight(0), 1.0 / 2, 0.02);
		double later = Math.sqrt(6.0 / 300) / omega0;
		assertBound("SIREN W1 (90000 weights)", net.weight(1), later, 0.001);
		assertBound("SIREN W2 (90000 weights)", net.weight(2), later, 0.001);
		assertBound("SIREN final linear layer (300 weights)", net.weight(3),
				later, 0.05);
		// biases keep PyTorch's default, 1/sqrt(fan_in)
		assertBound("SIREN b0", net.bias(0), 1 / Math.sqrt(2), 0.05);
		assertBound("SIREN b1", net.bias(1), 1 / Math.sqrt(300), 0.05);
		assertBound("SIREN b3", net.bias(3), 1 / Math.sqrt(300), 1.0);
		// the first layer is two orders of magnitude wider than the later ones at omega0 = 30
		assertTrue(maxAbs(net.weight(0)) > 50 * maxAbs(net.weight(1)));
	}

	@Test
	void otherActivationsKeepPyTorchsDefault() {
		for (Activation act : new Activation[]{new Gauss(10), new Relu(),
				new BwRelu(9)})
		{
			Mlp net = new Mlp(2, 300, 3, 1, act, 22);
			assertBound(act.name() + " W0", net.weight(0), 1 / Math.sqrt(2),
					0.02);
			assertBound(act.name() + " W1", net.weight(1), 1 / Math.sqrt(300),
					0.001);
			assertBound(act.name() + " W3", net.weight(3), 1 / Math.sqrt(300),
					0.05);
		}
	}

	@Test
	void wireUsesPyTorchsDefaultOnRealAndImaginaryPartsWithWidthOverSqrtTwoUnits() {
		assertEquals(212, WireMlp.hiddenUnits(300));
		assertEquals(181, WireMlp.hiddenUnits(256));
		assertEquals(45, WireMlp.hiddenUnits(64));
		WireMlp net = new WireMlp(2, 300, 3, 1, 20, 10, 23);
		int k = 212;
		assertEquals(k, net.hidden());
		// comparable to the real 3x300 network's 181,801 parameters
		assertEquals(2 * k + k + 2 * 2 * (k * k + k) + 2 * (k + 1),
				net.parameters().length());
		assertEquals(Mlp.parameterCount(2, 300, 3, 1),
				net.parameters().length(), 200);
		// layer 0: real Linear(2, K)
		assertBound("WIRE W0 (424 weights)", net.weightRe(0), 1 / Math.sqrt(2),
				0.02);
		assertBound("WIRE b0", net.biasRe(0), 1 / Math.sqrt(2), 0.05);
		assertNull(net.weightIm(0));
		// complex layers: Re and Im each U(-1/sqrt(K), 1/sqrt(K)), drawn independently
		double b = 1 / Math.sqrt(k);
		for (int l = 1; l <= 2; l++) {
			assertBound("WIRE Re W" + l, net.weightRe(l), b, 0.001);
			assertBound("WIRE Im W" + l, net.weightIm(l), b, 0.001);
			assertBound("WIRE Re b" + l, net.biasRe(l), b, 0.05);
			assertBound("WIRE Im b" + l, net.biasIm(l), b, 0.05);
			assertTrue(!net.weightRe(l).equals(net.weightIm(l)));
		}
		assertBound("WIRE final Re W", net.weightRe(3), b, 0.05);
		assertBound("WIRE final Im W", net.weightIm(3), b, 0.05);
		// the first (real, fan-in 2) layer is far wider than the complex ones
		assertTrue(maxAbs(net.weightRe(0)) > 9 * maxAbs(net.weightRe(1)));
	}
}
