package io.github.reluinr.nn;

import io.github.reluinr.backend.Kernels;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The gradient summed over tiles of rows (forward and backward of one tile at a
 * time, summed between beginGradientSum and endGradientSum) is the gradient of
 * the whole batch: the loss is a sum over rows.
 */
class TileGradientTest {

	@AfterEach
	void restore() {
		Kernels.force(null);
	}

	private static INDArray rows(INDArray a, long from, long to) {
		return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
	}

	private static double worstRelative(Network net, INDArray x, INDArray dOut,
			long tile)
	{
		net.forward(x);
		net.backward(dOut);
		INDArray whole = net.gradients().dup();
		net.beginGradientSum();
		for (long from = 0; from < x.size(0); from += tile) {
			long to = Math.min(x.size(0), from + tile);
			net.forward(rows(x, from, to));
			net.backward(rows(dOut, from, to));
		}
		net.endGradientSum();
		INDArray tiled = net.gradients().dup();
		double scale = whole.amaxNumber().doubleValue();
		assertTrue(scale > 0, "a gradient that is not zero");
		return whole.sub(tiled).amaxNumber().doubleValue() / scale;
	}

	@Test
	void tiledGradientIsTheWholeBatchGradient() {
		for (Kernels.Form form : Kernels.Form.values()) {
			Kernels.force(form);
			Nd4j.getRandom().setSeed(11);
			INDArray x = Nd4j.rand(DataType.FLOAT, 5000, 2).muli(2).subi(1);
			INDArray dOut = Nd4j.randn(DataType.FLOAT, 5000, 1).muli(1e-3);
			// 700-row tiles with a last one of 100; the Java form also cuts the whole batch into chunks of 2048
			try (Mlp mlp = new Mlp(2, 40, 3, 1, new BwRelu(9), 1)) {
				double d = worstRelative(mlp, x, dOut, 700);
				assertTrue(d < 1e-5, form + " mlp: tiled gradient differs by "
						+ d + " of its largest entry");
			}
			try (WireMlp wire = new WireMlp(2, 40, 2, 1, 10, 5, 1)) {
				double d = worstRelative(wire, x, dOut, 700);
				assertTrue(d < 1e-5, form + " wire: tiled gradient differs by "
						+ d + " of its largest entry");
			}
		}
	}

	@Test
	void tilesAlignedToTheChunkGiveTheSameBits() {
		Kernels.force(Kernels.Form.JAVA);
		Nd4j.getRandom().setSeed(12);
		int n = (int) (3 * Mlp.CHUNK + 17);
		INDArray x = Nd4j.rand(DataType.FLOAT, n, 2).muli(2).subi(1);
		INDArray dOut = Nd4j.randn(DataType.FLOAT, n, 1).muli(1e-3);
		try (Mlp mlp = new Mlp(2, 32, 2, 1, new BwRelu(9), 2)) {
			assertTrue(worstRelative(mlp, x, dOut, Mlp.CHUNK) == 0.0,
					"aligned tiles sum the same chunks in the same order");
		}
	}

	/**
	 * A slot keeps its tile's activations while other tiles are forwarded in
	 * other slots: back-propagating it later gives the gradient of forwarding
	 * and back-propagating it at once, to the bit, in both kernel forms.
	 */
	@Test
	void aSlotKeepsItsTilesActivations() {
		for (Kernels.Form form : Kernels.Form.values()) {
			Kernels.force(form);
			Nd4j.getRandom().setSeed(13);
			INDArray x1 = Nd4j.rand(DataType.FLOAT, 600, 2).muli(2).subi(1);
			INDArray x2 = Nd4j.rand(DataType.FLOAT, 450, 2).muli(2).subi(1);
			INDArray d1 = Nd4j.randn(DataType.FLOAT, 600, 1);
			try (Mlp mlp = new Mlp(2, 24, 3, 1, new BwRelu(3), 4)) {
				mlp.forward(x1);
				mlp.backward(d1);
				INDArray direct = mlp.gradients().dup();
				assertTrue(direct.amaxNumber().doubleValue() > 0);
				mlp.forward(x1); // slot 0
				assertTrue(mlp.useSlot(1));
				mlp.forward(x2); // another tile in slot 1, then slot 0's is back-propagated
				mlp.useSlot(2);
				mlp.forward(x2);
				mlp.useSlot(0);
				mlp.backward(d1);
				assertTrue(direct.equals(mlp.gradients()), form
						+ ": slot 0 back-propagated after others were forwarded");
			}
		}
	}
}
