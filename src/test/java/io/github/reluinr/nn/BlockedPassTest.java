package io.github.reluinr.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.backend.Kernels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The cache-blocked CPU pass computes what the layer-by-layer pass computes:
 * the same outputs and gradient (up to the float rounding of products cut into
 * other row counts) on blocks that do not divide the batch.
 */
class BlockedPassTest {

	@AfterEach
	void restore() {
		Kernels.force(null);
		System.clearProperty("reluinr.blocked");
	}

	@Test
	void blockSizesAreMultiplesOfSixteenThatDivideTheChunk() {
		assertEquals(64, BlockedPass.blockRows(64));
		assertEquals(64, BlockedPass.blockRows(70)); // rounded down to 16s
		assertEquals(16, BlockedPass.blockRows(1));
		assertEquals(Mlp.CHUNK, BlockedPass.blockRows(10 * Mlp.CHUNK));
		assertEquals(0, Mlp.CHUNK % BlockedPass.BLOCK_ROWS);
	}

	@Test
	void blockedPassMatchesTheLayerByLayerPass() {
		Kernels.force(Kernels.Form.JAVA);
		Nd4j.getRandom().setSeed(21);
		int n = 5 * 64 + 37; // five blocks of 64 rows and a last one of 37
		INDArray x = Nd4j.rand(DataType.FLOAT, n, 2).muli(2).subi(1);
		INDArray dOut = Nd4j.randn(DataType.FLOAT, n, 3);
		float[][] out = new float[2][], grad = new float[2][];
		for (int k = 0; k < 2; k++) {
			System.setProperty("reluinr.blocked", k == 0 ? "false" : "true");
			try (Mlp mlp = new Mlp(2, 24, 3, 3, new BwRelu(3), 5, 64)) {
				out[k] = mlp.forward(x).dup().reshape(-1).toFloatVector();
				mlp.backward(dOut);
				grad[k] = mlp.gradients().dup().toFloatVector();
			}
		}
		assertTrue(maxAbs(grad[0]) > 1, "a gradient that is not zero");
		assertTrue(worst(out[0], out[1]) < 1e-5,
				"outputs differ by " + worst(out[0], out[1]));
		assertTrue(worst(grad[0], grad[1]) < 1e-5,
				"gradients differ by " + worst(grad[0], grad[1]));
		// every parameter's gradient is there, biases included: none is zero in one pass only
		for (int i = 0; i < grad[0].length; i++)
			assertEquals(grad[0][i] == 0, grad[1][i] == 0, "parameter " + i);
	}

	private static double maxAbs(float[] v) {
		double m = 0;
		for (float f : v)
			m = Math.max(m, Math.abs(f));
		return m;
	}

	/** Largest difference relative to the largest entry of a. */
	private static double worst(float[] a, float[] b) {
		double d = 0;
		for (int i = 0; i < a.length; i++)
			d = Math.max(d, Math.abs(a[i] - b[i]));
		return d / maxAbs(a);
	}
}
