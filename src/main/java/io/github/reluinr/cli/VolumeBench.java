package io.github.reluinr.cli;

import io.github.reluinr.image.VolumeGrid;
import io.github.reluinr.nn.Activations;
import io.github.reluinr.nn.Network;
import io.github.reluinr.op.AxialPoolOperator;
import io.github.reluinr.op.ForwardOperator;
import io.github.reluinr.op.IdentityOperator;
import io.github.reluinr.phantom.CellVolume;
import io.github.reluinr.train.Trainer;
import io.github.reluinr.train.TrainingConfig;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code relu-inr bench --volume D} (issue 21): seconds per epoch of a volume
 * of size x size x D voxels (the synthetic cell at 0.1 um), fit (identity) or
 * superres (z-pool x4 of the volume, trained on all D planes).
 */
final class VolumeBench {

	private VolumeBench() {
	}

	static int run(int size, int depth, String task, int width, int layers,
			int epochs, int warmup, String activation)
	{
		if (depth < 2 || depth > 4096
				|| (task.equals(io.github.reluinr.task.TaskDescription.SUPERRES)
						&& depth % 4 != 0))
		{
			System.err.println(
					"relu-inr bench: --volume: 2..4096 planes (a multiple of 4 for superres)");
			return ReluInrCli.BAD_INPUT;
		}
		float[] v = new CellVolume(size * 0.1, size * 0.1, depth * 0.1,
				CellVolume.SEED).voxels(depth, size, size, 0.1, 0.1);
		float max = 0;
		for (float f : v)
			max = Math.max(max, f);
		for (int i = 0; i < v.length; i++)
			v[i] /= max;
		ForwardOperator op;
		INDArray coords, y;
		VolumeGrid.Extents e = VolumeGrid.extents(depth, size, size, 1, 1, 1);
		if (task.equals(io.github.reluinr.task.TaskDescription.SUPERRES)) {
			AxialPoolOperator pool = new AxialPoolOperator(depth / 4, size,
					size, 4, 1);
			int[] order = pool.naturalIndexOfRow();
			coords = VolumeGrid.grid(depth, size, size, e, order);
			INDArray x = Nd4j.create(AxialPoolOperator.toOrder(v, 1, order),
					new long[]{v.length, 1}, 'c');
			y = Nd4j.create(DataType.FLOAT, pool.outputSize(), 1);
			pool.apply(x, y);
			op = pool;
		}
		else {
			coords = VolumeGrid.grid(depth, size, size, e);
			y = Nd4j.create(v, new long[]{v.length, 1}, 'c');
			op = new IdentityOperator(depth * size, size);
		}
		TrainingConfig cfg = TrainingConfig.fit().activation(activation)
				.width(width).layers(layers).epochs(warmup + epochs)
				.decayHorizon(1000);
		double[] end = new double[warmup + epochs + 1];
		try (Network net = Activations.network(activation, 3, width, layers, 1,
				9, 30, 10, 0))
		{
			new Trainer(cfg).train(net, coords, op, y, null,
					new io.github.reluinr.train.TrainingListener() {

						@Override
						public void planned(Trainer.Plan pl) {
							System.out.println(pl.describe());
						}

						@Override
						public void epochDone(int ep, int total, double loss,
								double psnr, double s)
					{
							end[ep] = s;
						}
					}, null);
		}
		double perEpoch = (end[warmup + epochs] - end[warmup]) / epochs;
		long hwm = Bench.vmHwm();
		System.out.printf(Locale.ROOT,
				"task %s, volume %dx%dx%d (%d voxels), %dx%d %s, %d timed epochs%n",
				task, size, size, depth, (long) v.length, layers, width,
				activation, epochs);
		System.out.printf(Locale.ROOT,
				"volume=%dx%dx%d seconds_per_epoch=%.4f peak_mb=%d%n", size,
				size, depth, perEpoch, hwm >> 20);
		return 0;
	}
}
