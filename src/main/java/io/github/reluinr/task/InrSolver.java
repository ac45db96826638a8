package io.github.reluinr.task;

import io.github.reluinr.image.CoordinateGrid;
import io.github.reluinr.model.InrModel;
import io.github.reluinr.model.ModelFileException;
import io.github.reluinr.nn.Activations;
import io.github.reluinr.nn.BwRelu;
import io.github.reluinr.nn.Mlp;
import io.github.reluinr.nn.Network;
import io.github.reluinr.nn.PositionalEncoding;
import io.github.reluinr.nn.VariationNorm;
import io.github.reluinr.op.ForwardOperator;
import io.github.reluinr.train.StopReason;
import io.github.reluinr.train.Trainer;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import io.github.reluinr.train.TrainingResult;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one thing every task does: fit a network f on the output grid so that A
 * f(coords) matches the (normalised) measurements. Tasks differ only in the
 * operator and in how they normalise and report.
 *
 * <p>
 * The method ({@link TrainingConfig#activation()}, one of
 * {@link Activations#NAMES}) chooses the network; for {@code relu-pe} the
 * network is fed the positional encoding of the grid, with side length
 * max(height, width).
 */
public final class InrSolver {

	/**
	 * The trained network's best output and what is reported about it;
	 * activation is the method name. The variation norm is that of the network
	 * of the output: the trainer leaves the network at the parameters of its
	 * lowest-loss epoch (with a target loss, the epoch that reached it).
	 */
	public record Solution(TrainingResult training, Double variationNorm,
			String activation) {
	}

	/**
	 * A first phase on the same network and grid before the data term: the
	 * network is trained to make {@code operator} of it match {@code target}
	 * with {@code config} (super-resolution's warm start fits it to a classical
	 * up-sampling, A = identity). Skipped for a network loaded from init_model
	 * (that network is the start). Epochs and seconds in the solution are both
	 * phases'.
	 */
	public record Pretraining(ForwardOperator operator, INDArray target,
			TrainingConfig config) {
	}

	private InrSolver() {
	}

	public static Solution solve(ForwardOperator op, INDArray measurements,
			int height, int width, TrainingConfig config, INDArray reference,
			TrainingListener listener, BooleanSupplier cancelled)
	{
		return solve(op, measurements, height, width, config, reference,
				listener, cancelled, null);
	}

	/** The same, after a {@link Pretraining} phase (null: none). */
	public static Solution solve(ForwardOperator op, INDArray measurements,
			int height, int width, TrainingConfig config, INDArray reference,
			TrainingListener listener, BooleanSupplier cancelled,
			Pretraining pretraining)
	{
		INDArray coords = CoordinateGrid.grid(height, width);
		if (Activations
				.encodesPositions(Activations.check(config.activation())))
		{
			INDArray grid = coords;
			coords = PositionalEncoding.encode(grid,
					PositionalEncoding.sideLength(height, width));
			grid.close();
		}
		int side = Activations.encodesPositions(config.activation())
				? PositionalEncoding.sideLength(height, width)
				: 0;
		try {
			return solve(op, measurements, coords, config, reference, listener,
					cancelled, height, width, side, pretraining);
		}
		finally {
			coords.close();
		}
	}

	/**
	 * The same on any network inputs [N, d] (coordinates, or their encoding;
	 * e.g. [N, 1] for a curve), in the operator's input order.
	 */
	public static Solution solve(ForwardOperator op, INDArray measurements,
			INDArray coords, TrainingConfig config, INDArray reference,
			TrainingListener listener, BooleanSupplier cancelled)
	{
		return solve(op, measurements, coords, config, reference, listener,
				cancelled, 0, 0, 0, null);
	}

	/**
	 * gridHeight, gridWidth: the 2-D grid the coordinates sample (0: not a 2-D
	 * grid, and no model is handed to the config's model sink); encodingSide:
	 * the positional encoding's side length, or 0.
	 */
	private static Solution solve(ForwardOperator op, INDArray measurements,
			INDArray coords, TrainingConfig config, INDArray reference,
			TrainingListener listener, BooleanSupplier cancelled,
			int gridHeight, int gridWidth, int encodingSide,
			Pretraining pretraining)
	{
		String method = Activations.check(config.activation());
		try (Network net = Activations.network(method, (int) coords.size(1),
				config.width(), config.layers(), (int) measurements.size(1),
				config.c(), config.omega0(), config.sigma0(), config.seed()))
		{
			InrModel init = config.initModel();
			if (init != null) {
				String mismatch = init.mismatch(method, config.width(),
						config.layers(), net.outputs(), config.c(),
						config.omega0(), config.sigma0(), gridHeight,
						gridWidth);
				if (mismatch != null) throw new ModelFileException(mismatch);
				init.loadInto(net);
			}
			TrainingResult result = pretraining == null || init != null
					? new Trainer(config).train(net, coords, op, measurements,
							reference, listener, cancelled)
					: afterPretraining(net, coords, op, measurements, config,
							reference, listener, cancelled, pretraining);
			Double norm = net instanceof Mlp mlp
					&& mlp.activation() instanceof BwRelu
							? VariationNorm.of(mlp)
							: null;
			if (gridHeight > 0)
				handToModelSink(config, net, method, encodingSide, gridHeight,
						gridWidth, result, norm);
			return new Solution(result, norm, method);
		}
	}

	/**
	 * The pretraining phase, then the data term on the same network; one result
	 * for both.
	 */
	private static TrainingResult afterPretraining(Network net, INDArray coords,
			ForwardOperator op, INDArray measurements, TrainingConfig config,
			INDArray reference, TrainingListener listener,
			BooleanSupplier cancelled, Pretraining pre)
	{
		int first = pre.config().epochs(), total = first + config.epochs();
		TrainingResult warm = new Trainer(pre.config())
				.train(net, coords, pre.operator(), pre.target(), reference,
						listener == null
								? null
								: (e, n, loss, psnr, sec) -> listener
										.epochDone(e, total, loss, psnr, sec),
						cancelled);
		warm.output().close();
		boolean stopped = warm.stopReason() == StopReason.CANCELLED;
		TrainingResult r = stopped
				// cancelled in the first phase: report its network's data term honestly, training no epoch on it
				? new Trainer(config.copy().epochs(1)
						.targetLoss(Double.POSITIVE_INFINITY)).train(net,
								coords, op, measurements, reference, null, null)
				// one time budget for both phases
				: new Trainer(config.copy().maxSeconds(
						Math.max(1e-9, config.maxSeconds() - warm.seconds())))
						.train(net, coords, op, measurements, reference,
								listener == null
										? null
										: (e, n, loss, psnr, sec) -> listener
												.epochDone(first + e, total,
														loss, psnr,
														warm.seconds() + sec),
								cancelled);
		return new TrainingResult(r.output(), r.bestLoss(),
				r.bestEpoch() + warm.epochsRun(), r.finalLoss(),
				r.epochsRun() + warm.epochsRun(), r.seconds() + warm.seconds(),
				stopped ? StopReason.CANCELLED : r.stopReason());
	}

	/**
	 * Gives a trained network on a 2-D grid to the config's model sink (if
	 * any), with the run's numbers: every task that trains a network of its own
	 * calls this once the network holds its best parameters.
	 */
	static void handToModelSink(TrainingConfig config, Network net,
			String method, int encodingSide, int gridHeight, int gridWidth,
			TrainingResult result, Double norm)
	{
		if (config.modelSink() == null) return;
		config.modelSink()
				.accept(InrModel.of(net, method, config.c(), config.omega0(),
						config.sigma0(), config.width(), config.layers(),
						encodingSide, gridHeight, gridWidth)
						.withRun(result.epochsRun(), result.bestEpoch(),
								result.finalLoss(), result.bestLoss(),
								result.stopReason().csv(), norm));
	}

	/**
	 * The config with its model sink (if any) told how the task maps raw
	 * outputs to pixels: pixel = raw * range + min in every channel. Tasks call
	 * this before solving.
	 */
	public static TrainingConfig mapOutput(TrainingConfig config, String task,
			double min, double range)
	{
		java.util.function.Consumer<InrModel> sink = config.modelSink();
		if (sink == null) return config;
		return config.copy()
				.modelSink(m -> sink.accept(m.withOutput(task, min, range)));
	}

	/**
	 * A fresh real-valued network as the config describes it (activation, c,
	 * width, layers, seed).
	 */
	public static Mlp network(TrainingConfig config, int inputs, int outputs) {
		return new Mlp(inputs, config.width(), config.layers(), outputs,
				Activations.create(config.activation(), config.c(),
						config.omega0(), config.sigma0()),
				config.seed());
	}
}
