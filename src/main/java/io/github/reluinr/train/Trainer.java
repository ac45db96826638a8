package io.github.reluinr.train;

import io.github.reluinr.backend.Kernels;
import io.github.reluinr.backend.Profile;
import io.github.reluinr.nn.MemoryBudget;
import io.github.reluinr.nn.Network;
import io.github.reluinr.op.ForwardOperator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Minimises mean((A f(coords) - y)^2) over the network's parameters with Adam,
 * full batch, one optimiser step per epoch. Task-agnostic: the task supplies
 * the operator A and measurements y.
 *
 * <p>
 * An epoch runs over tiles of rows (pixels), so that only one tile's
 * activations exist at a time and stay in the CPU's caches, and sums the tiles'
 * gradients (in double) into the exact full-batch gradient. For a tile-local
 * operator ({@link ForwardOperator#tileLocal()}: identity, average pooling)
 * forward, residual and backward of a tile run in one sweep. For a global
 * operator (Radon) the forward sweep produces f for all pixels, the residual
 * and its adjoint give dL/df for all pixels, and then either the activations of
 * every pixel were kept (one tile, when they fit the {@link MemoryBudget}) or
 * the network keeps as many tiles' activations as the budget allows (its slots,
 * {@link Network#useSlot}) and the backward sweep recomputes the others'
 * forward passes. Per pixel only f, the best f so far and (global operators)
 * dL/df persist.
 */
public final class Trainer {

	/**
	 * Rows per tile with the Java kernels (CPU): one
	 * {@link io.github.reluinr.nn.Mlp#CHUNK} (about 160 MB of activations at
	 * width 300), so tiled and untiled gradients agree to the bit.
	 */
	public static final long CPU_TILE_ROWS = io.github.reluinr.nn.Mlp.CHUNK;
	/**
	 * Rows per tile in the ND4J-operation form (CUDA): large, a GPU has the
	 * memory bandwidth.
	 */
	public static final long ND4J_TILE_ROWS = 1L << 17;

	private static final WorkspaceConfiguration EPOCH_WORKSPACE = WorkspaceConfiguration
			.builder().policyAllocation(AllocationPolicy.OVERALLOCATE)
			.policyLearning(LearningPolicy.FIRST_LOOP).build();

	private final TrainingConfig config;
	private static final int TRACE = Integer.getInteger("reluinr.trace", 0);

	public Trainer(TrainingConfig config) {
		this.config = config;
	}

	/** Tile rows for a requested value (0: the backend's default). */
	/**
	 * The tile size a run will use, for a memory estimate made before ND4J
	 * starts (the commands check a job first, and inside Fiji ND4J must be
	 * started from the plugin's class loader): the backend's tile once ND4J
	 * runs or the kernel form is forced, else the CPU tile.
	 */
	public static long tileRowsBeforeStart() {
		if (io.github.reluinr.backend.Backend.cpuIfStarted() != null
				|| System.getProperty("reluinr.kernels") != null)
			return tileRowsFor(0);
		long p = tileRowsProperty();
		return p > 0 ? p : CPU_TILE_ROWS;
	}

	public static long tileRowsFor(long requested) {
		if (requested > 0) return requested;
		long p = tileRowsProperty();
		if (p > 0) return p;
		return Kernels.java() ? CPU_TILE_ROWS : ND4J_TILE_ROWS;
	}

	/** -Dreluinr.tileRows, or 0 when not set (or not a positive number). */
	private static long tileRowsProperty() {
		String p = System.getProperty("reluinr.tileRows");
		if (p == null) return 0;
		try {
			return Math.max(0, Long.parseLong(p.trim()));
		}
		catch (NumberFormatException e) {
			return 0;
		}
	}

	/**
	 * How an epoch is laid out: tiles of {@code tileRows} pixels ({@code tiles}
	 * of them), whether the operator is tile-local, and for a global one
	 * whether the forward pass is recomputed per tile: all but the first
	 * {@code keptTiles} tiles (whose activations the network keeps in slots)
	 * stream through one more slot, and all of them but the one forwarded last
	 * are recomputed. keepBytes is the estimate with all activations kept,
	 * limit what ND4J may allocate.
	 */
	public record Plan(String operator, long pixels, long tileRows, int tiles,
			boolean tileLocal, boolean recompute, int keptTiles, long keepBytes,
			long limit, double maxSeconds) {

		/** Tiles whose forward pass the backward sweep recomputes. */
		public int recomputedTiles() {
			return recompute ? Math.max(0, tiles - keptTiles - 1) : 0;
		}

		public String describe() {
			String layout;
			if (tiles == 1) {
				layout = String.format(Locale.ROOT, "one tile of %d pixels",
						pixels);
			}
			else {
				layout = String.format(Locale.ROOT, "%d tiles of %d pixels",
						tiles, tileRows);
			}
			String how;
			if (tileLocal) {
				how = operator
						+ " is tile-local: forward, residual and backward per tile";
			}
			else if (recompute) {
				how = String.format(Locale.ROOT,
						"%s is global: the backward sweep recomputes the forward pass of %d of the %d tiles, "
								+ "keeping the activations of %d (every pixel's would need %.1f GiB; "
								+ "kept activations may take %.1f GiB, half of the %.1f GiB ND4J may use)",
						operator, recomputedTiles(), tiles,
						tiles - recomputedTiles(), MemoryBudget.gib(keepBytes),
						MemoryBudget.gib(
								(long) (limit * MemoryBudget.KEEP_FRACTION)),
						MemoryBudget.gib(limit));
			}
			else {
				how = String.format(Locale.ROOT,
						"%s is global: every pixel's activations kept (%.1f GiB of %.1f GiB)",
						operator, MemoryBudget.gib(keepBytes),
						MemoryBudget.gib(limit));
			}
			String budget = Double.isInfinite(maxSeconds)
					? ""
					: String.format(Locale.ROOT, "; time budget %.0f s",
							maxSeconds);
			return "training in " + layout + "; " + how + budget;
		}
	}

	/** The layout of an epoch for this network, operator and config. */
	public static Plan plan(Network net, ForwardOperator op, long pixels,
			int channels, TrainingConfig config)
	{
		long rows = Math.max(1,
				Math.min(pixels, tileRowsFor(config.tileRows())));
		long keepBytes = MemoryBudget.estimateKeepingActivations(pixels,
				net.bufferBytesPerRow(), channels);
		long limit = MemoryBudget.limit();
		boolean local = op.tileLocal() && config.prior() == null; // a prior sees the whole image
		boolean recompute = false;
		if (local) {
			long q = op.tileQuantum();
			rows = Math.min(pixels, Math.max(q, rows / q * q));
		}
		else {
			Boolean forced = config.recompute();
			recompute = forced != null
					? forced
					: keepBytes > limit * MemoryBudget.KEEP_FRACTION;
			if (!recompute || rows >= pixels) {
				rows = pixels;
				recompute = false;
			}
		}
		int tiles = Math.toIntExact((pixels + rows - 1) / rows);
		int kept = 0;
		if (recompute && net.hasSlots()) {
			Integer forced = config.keptTiles() != null
					? config.keptTiles()
					: Integer.getInteger("reluinr.keptTiles"); // for experiments
			// else what the keep budget holds beyond the per-pixel arrays and the streaming slot
			long want = forced != null
					? forced
					: ((long) (limit * MemoryBudget.KEEP_FRACTION)
							- MemoryBudget.perPixelBytes(channels) * pixels
							- rows * net.bufferBytesPerRow())
							/ (rows * net.keptBytesPerRow());
			kept = (int) Math.max(0, Math.min(tiles - 1, want));
		}
		return new Plan(op.name(), pixels, rows, tiles, local, recompute, kept,
				keepBytes, limit, config.maxSeconds());
	}

	/**
	 * @param net
	 *            the network (Mlp, WireMlp, ...), outputs = channels of y
	 * @param coords
	 *            [N, net.inputs()]: grid coordinates, or their positional
	 *            encoding
	 * @param op
	 *            forward operator with inputSize N
	 * @param measurements
	 *            y, [M, C]
	 * @param reference
	 *            optional [N, C] image for the progress PSNR (peak 1:
	 *            normalised units), or null
	 * @param listener
	 *            progress, or null
	 * @param cancelled
	 *            polled before every epoch; true stops and returns the best
	 *            result so far
	 */
	public TrainingResult train(Network net, INDArray coords,
			ForwardOperator op, INDArray measurements, INDArray reference,
			TrainingListener listener, BooleanSupplier cancelled)
	{
		long n = coords.size(0);
		long m = measurements.size(0);
		long channels = measurements.size(1);
		if (op.inputSize() != n || op.outputSize() != m)
			throw new IllegalArgumentException(
					"operator shape does not match coordinates and measurements");
		if (net.outputs() != channels)
			throw new IllegalArgumentException(
					"network outputs must equal measurement channels");
		if (coords.size(1) != net.inputs())
			throw new IllegalArgumentException(
					"network inputs must equal coordinate columns");
		int epochs = config.epochs();
		double targetLoss = config.targetLoss();
		Plan plan = plan(net, op, n, (int) channels, config);
		if (listener != null) listener.planned(plan);

		Adam adam = new Adam(config.schedule());
		adam.setBeta1(0.9);
		adam.setBeta2(0.999);
		adam.setEpsilon(1e-8);
		INDArray params = net.parameters();
		INDArray grads = net.gradients();
		INDArray state = Nd4j.create(DataType.FLOAT, 1,
				adam.stateSize(params.length()));
		GradientUpdater<?> updater = adam.instantiate(state, true);

		if (config.prior() != null && (config.prior().pixels() != n
				|| config.prior().channels() != channels))
			throw new IllegalArgumentException(
					"the prior's image must be the network's output grid and channels");
		Epoch sweep = new Epoch(net, coords, op, measurements, reference, plan,
				2.0 / ((double) m * channels), config.prior());
		INDArray bestParams = params.dup(); // the parameters that produced the best output, restored at the end
		double bestLoss = Double.POSITIVE_INFINITY;
		int bestEpoch = 0;
		double lastLoss = Double.NaN;
		int epoch = 0;
		StopReason stop = StopReason.EPOCHS;
		boolean reached = false;
		double maxSeconds = config.maxSeconds();
		long start = System.nanoTime();
		String wsName = "relu-inr-epoch-" + Thread.currentThread().getId();
		while (epoch < epochs) {
			if (cancelled != null && cancelled.getAsBoolean()) {
				stop = StopReason.CANCELLED;
				break;
			}
			double loss;
			double psnr = Double.NaN;
			try (MemoryWorkspace ws = Nd4j.getWorkspaceManager()
					.getAndActivateWorkspace(EPOCH_WORKSPACE, wsName))
			{
				// At the target, stop before the step: the network keeps the parameters that reached
				// it, so what is measured on it afterwards (its variation norm) belongs to this output.
				// A tile-local sweep has computed the gradient by then; it is simply not applied.
				long t0 = Profile.start();
				loss = sweep.run(targetLoss);
				if (loss < bestLoss) {
					bestLoss = loss;
					bestEpoch = epoch + 1;
					sweep.keepCurrentAsBest();
					bestParams.assign(params);
				}
				if (reference != null)
					psnr = 10 * Math.log10(1.0 / (sweep.referenceSquaredError
							/ ((double) n * channels)));
				reached = !Double.isNaN(targetLoss) && loss <= targetLoss;
				if (!reached) {
					long t = Profile.start();
					updater.applyUpdater(grads, epoch, 0);
					params.subi(grads);
					Profile.add(Profile.Phase.OPTIMISER, t);
				}
				Profile.add(Profile.Phase.EPOCH, t0);
			}
			lastLoss = loss;
			epoch++;
			if (TRACE > 0 && epoch % TRACE == 0)
				System.err.printf(Locale.ROOT,
						"trace epoch %d loss %.6g psnr %.3f%n", epoch, loss,
						psnr);
			if (listener != null)
				listener.epochDone(epoch, epochs, loss, psnr,
						(System.nanoTime() - start) / 1e9);
			if (reached) {
				if (epoch < epochs) stop = StopReason.TARGET_LOSS;
				break;
			}
			if (!Double.isFinite(loss)) {
				stop = StopReason.DIVERGED;
				break;
			}
			if (epoch < epochs
					&& (System.nanoTime() - start) / 1e9 >= maxSeconds)
			{
				stop = StopReason.TIME;
				break;
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		// The network leaves with the parameters of its best output, so that what is measured or saved
		// from it afterwards (variation norm, model file) belongs to the output returned.
		if (bestLoss < Double.POSITIVE_INFINITY) params.assign(bestParams);
		bestParams.close();
		INDArray best = sweep.finish();
		state.close();
		Nd4j.getWorkspaceManager().destroyWorkspace(Nd4j.getWorkspaceManager()
				.getWorkspaceForCurrentThread(EPOCH_WORKSPACE, wsName));
		return new TrainingResult(best, bestLoss, bestEpoch, lastLoss, epoch,
				seconds, stop);
	}

	/** Rows [from, to) of a c-order [N, k] array, as a contiguous view. */
	static INDArray rows(INDArray a, long from, long to) {
		if (from == 0 && to == a.size(0)) return a;
		return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
	}

	/**
	 * One epoch's forward, loss and gradient, over the plan's tiles; the
	 * per-pixel arrays it keeps.
	 */
	private static final class Epoch {

		private final Network net;
		private final INDArray coords;
		private final ForwardOperator op;
		private final INDArray y;
		private final INDArray reference;
		private final Plan plan;
		private final double lossScale;
		private final long n;
		private final long channels;
		private final boolean summing;
		private final Map<Long, ForwardOperator> tileOps = new HashMap<>();
		private INDArray current; // f of this epoch, every pixel
		private INDArray best; // f of the lowest-loss epoch so far
		// global operators: the residual and dL/df of every pixel; tile-local: one tile's
		private final INDArray residual;
		private final INDArray outputGrad;
		private final TotalVariation prior;
		private double priorValue;
		double referenceSquaredError;

		Epoch(Network net, INDArray coords, ForwardOperator op, INDArray y,
				INDArray reference, Plan plan, double lossScale,
				TotalVariation prior)
		{
			this.prior = prior;
			this.net = net;
			this.coords = coords;
			this.op = op;
			this.y = y;
			this.reference = reference;
			this.plan = plan;
			this.lossScale = lossScale;
			this.n = coords.size(0);
			this.channels = y.size(1);
			current = Nd4j.create(DataType.FLOAT, n, channels);
			best = Nd4j.create(DataType.FLOAT, n, channels);
			if (plan.tileLocal()) {
				long outRows = 0;
				for (long from = 0; from < n; from += plan.tileRows()) {
					long to = Math.min(n, from + plan.tileRows());
					outRows = Math.max(outRows,
							op.tileOutputRow(to) - op.tileOutputRow(from));
					tileOp(from, to); // created here, outside the epoch's workspace: they live across epochs
				}
				residual = Nd4j.create(DataType.FLOAT, Math.max(1, outRows),
						channels);
				outputGrad = Nd4j.create(DataType.FLOAT, plan.tileRows(),
						channels);
			}
			else {
				residual = Nd4j.create(DataType.FLOAT, y.size(0), channels);
				outputGrad = Nd4j.create(DataType.FLOAT, n, channels);
			}
			summing = plan.tiles() > 1;
		}

		/**
		 * Forward, loss and (unless the loss is at the target) the gradient
		 * into net.gradients(); returns the loss.
		 */
		double run(double targetLoss) {
			referenceSquaredError = 0;
			if (summing) net.beginGradientSum();
			double squares = plan.tileLocal()
					? tileLocalSweep()
					: globalSweep(targetLoss);
			if (summing) net.endGradientSum();
			return squares / ((double) y.size(0) * channels) + priorValue;
		}

		private double tileLocalSweep() {
			double squares = 0;
			for (long from = 0; from < n; from += plan.tileRows()) {
				long to = Math.min(n, from + plan.tileRows());
				INDArray f = forwardTile(from, to);
				long o0 = op.tileOutputRow(from), o1 = op.tileOutputRow(to);
				ForwardOperator tile = tileOp(from, to);
				INDArray res = rows(residual, 0, o1 - o0);
				tile.apply(f, res);
				res.subi(rows(y, o0, o1));
				double norm = res.norm2Number().doubleValue();
				squares += norm * norm;
				INDArray g = rows(outputGrad, 0, to - from);
				tile.adjoint(res, g);
				g.muli(lossScale);
				backwardTile(g);
			}
			return squares;
		}

		private double globalSweep(double targetLoss) {
			// Kept tiles in their own slots; the others through slot `kept`, the last of them
			// forwarded first, so that the first back-propagated is still in its slot.
			int kept = plan.keptTiles();
			for (int t = 0; t < kept; t++) {
				net.useSlot(t);
				forwardTile(t);
			}
			net.useSlot(kept);
			for (int t = plan.tiles() - 1; t >= kept; t--)
				forwardTile(t);
			op.apply(current, residual);
			residual.subi(y);
			double norm = residual.norm2Number().doubleValue();
			double squares = norm * norm;
			priorValue = 0;
			if (!Double.isNaN(targetLoss)
					&& squares / ((double) y.size(0) * channels) <= targetLoss)
				return squares;
			op.adjoint(residual, outputGrad);
			outputGrad.muli(lossScale);
			if (prior != null)
				priorValue = prior.addGradient(current, outputGrad);
			if (plan.tiles() == 1) {
				net.backward(outputGrad); // the network still holds the activations of every pixel
			}
			else {
				for (int t = 0; t < plan.tiles(); t++) {
					long from = t * plan.tileRows();
					long to = Math.min(n, from + plan.tileRows());
					net.useSlot(Math.min(t, kept));
					if (t > kept) net.forward(rows(coords, from, to)); // recomputed: its slot holds another tile
					net.backward(rows(outputGrad, from, to));
				}
				net.useSlot(0);
			}
			return squares;
		}

		/** {@link #forwardTile(long, long)} of tile t of the plan. */
		private void forwardTile(int t) {
			long from = t * plan.tileRows();
			forwardTile(from, Math.min(n, from + plan.tileRows()));
		}

		private INDArray forwardTile(long from, long to) {
			INDArray f = net.forward(rows(coords, from, to));
			rows(current, from, to).assign(f);
			if (reference != null) {
				double d = f.distance2(rows(reference, from, to));
				referenceSquaredError += d * d;
			}
			return f;
		}

		private void backwardTile(INDArray g) {
			net.backward(g);
		}

		private ForwardOperator tileOp(long from, long to) {
			if (from == 0 && to == n) return op;
			// tile-local operators are shift-invariant across tiles of whole quanta: one per tile length
			return tileOps.computeIfAbsent(to - from, len -> op.tile(from, to));
		}

		void keepCurrentAsBest() {
			INDArray t = best;
			best = current;
			current = t;
		}

		/** Frees the working arrays and returns the best output. */
		INDArray finish() {
			current.close();
			residual.close();
			outputGrad.close();
			// kept tiles' activations can take half the memory budget: free them now (the network
			// allocates again if it is used)
			if (plan.keptTiles() > 0) net.close();
			return best;
		}
	}
}
