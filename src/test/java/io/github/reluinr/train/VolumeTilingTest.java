package io.github.reluinr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.image.VolumeGrid;
import io.github.reluinr.nn.Activations;
import io.github.reluinr.nn.Network;
import io.github.reluinr.op.AxialPoolOperator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The z-pool is tile-local in the row-tiled trainer: tiles of whole blocks
 * (here 7 blocks of 4 voxels, the last tile shorter) give the untiled run's
 * loss curve to float rounding.
 */
class VolumeTilingTest {

	private static List<Double> losses(AxialPoolOperator op, INDArray coords,
			INDArray y, long tileRows)
	{
		TrainingConfig cfg = TrainingConfig.superResolution().width(16)
				.epochs(40).lr(1e-2).tileRows(tileRows);
		List<Double> losses = new ArrayList<>();
		try (Network net = Activations.network("bw-relu", 3, cfg.width(),
				cfg.layers(), 1, cfg.c(), cfg.omega0(), cfg.sigma0(), 3))
		{
			Trainer.Plan plan = Trainer.plan(net, op, op.inputSize(), 1, cfg);
			assertTrue(plan.tileLocal());
			assertEquals(0, plan.tileRows() % op.tileQuantum());
			new Trainer(cfg).train(net, coords, op, y, null,
					(e, n, loss, psnr, s) -> losses.add(loss), null);
		}
		return losses;
	}

	@Test
	void tiledAndUntiledAgree() {
		AxialPoolOperator op = new AxialPoolOperator(3, 6, 5, 4, 1);
		INDArray coords = VolumeGrid.grid(op.highDepth(), op.highHeight(),
				op.highWidth(), VolumeGrid.extents(op.highDepth(),
						op.highHeight(), op.highWidth(), 1, 1, 1),
				op.naturalIndexOfRow());
		float[] v = new float[(int) op.outputSize()];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) (0.5 + 0.4 * Math.sin(0.37 * i));
		INDArray y = Nd4j.create(v, new long[]{v.length, 1}, 'c');
		List<Double> untiled = losses(op, coords, y, 1L << 40);
		List<Double> tiled = losses(op, coords, y, 30); // rounded down to 28 rows = 7 blocks
		assertEquals(untiled.size(), tiled.size());
		for (int i = 0; i < untiled.size(); i++)
			assertEquals(untiled.get(i), tiled.get(i), 1e-5 * untiled.get(i),
					"epoch " + (i + 1));
		assertTrue(untiled.get(untiled.size() - 1) < 0.8 * untiled.get(0),
				"a real training run: " + untiled);
	}
}
