package io.github.reluinr.task;

import io.github.reluinr.image.Normalisation;
import io.github.reluinr.op.AnchoredPoolOperator;
import io.github.reluinr.op.AveragePoolOperator;
import io.github.reluinr.op.ForwardOperator;
import io.github.reluinr.op.IdentityOperator;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import io.github.reluinr.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Super-resolution x S: a network on the S-times finer grid whose S x S average
 * pools match the low-resolution image (the paper's AvgPool2d(S) loss),
 * optionally started from a classical baseline: the network is first fitted to
 * the baseline's image ({@code start.epochs()} epochs, A = identity), then
 * trained on the data term with a pull towards the start image in the pooling's
 * null space, and its output made exactly consistent with the input
 * ({@link #consistent}). The classical baselines of
 * {@link SuperResolutionBaselines} come back as images and rows after the
 * network's; ImageJ's own bicubic is added by the command layer.
 */
public final class SuperResolutionTask {

	/**
	 * Where the network starts: "random" (the paper: its seed's initialisation)
	 * or a baseline's method name, fitted for {@code epochs} epochs at learning
	 * rate {@code lr} (decaying by the config's factor over them); the data
	 * term then trains at the config's own rate. After a warm start the data
	 * phase adds {@code anchor}^2 times the mean squared null-space difference
	 * to the start image (the part of f - start that the S x S block means do
	 * not see; {@link AnchoredPoolOperator}); 0 is the plain data term. A
	 * random start has no start image and trains on the plain data term.
	 */
	public record Start(String from, int epochs, double lr, double anchor) {

		public static final String RANDOM = "random";
		/**
		 * The default null-space weight s of the data phase after a warm start
		 * (see {@link AnchoredPoolOperator}): docs/superres-protocol.md,
		 * amendments 3 and 4, chose 0.25 on development crops (s = 0, the plain
		 * data term, let the network drift in the pooling's null space, 0.4-0.6
		 * dB below back-projection).
		 */
		public static final double DEFAULT_ANCHOR = 0.25;
		public static final List<String> CHOICES = List.of(RANDOM,
				SuperResolutionBaselines.BACK_PROJECTION,
				SuperResolutionBaselines.SKIMAGE, SuperResolutionBaselines.PIL,
				SuperResolutionBaselines.LANCZOS);

		public Start {
			if (!CHOICES.contains(from))
				throw new IllegalArgumentException("start must be one of "
						+ String.join(", ", CHOICES) + ", got '" + from + "'");
			if (epochs < 0)
				throw new IllegalArgumentException("start epochs must be >= 0");
			if (!(lr > 0))
				throw new IllegalArgumentException("start lr must be > 0");
			if (!(anchor >= 0 && anchor <= 1))
				throw new IllegalArgumentException(
						"anchor must be in [0, 1], got " + anchor);
		}

		/**
		 * A start whose data phase uses the default null-space weight
		 * {@link #DEFAULT_ANCHOR}.
		 */
		public Start(String from, int epochs, double lr) {
			this(from, epochs, lr, DEFAULT_ANCHOR);
		}

		public static Start random() {
			return new Start(RANDOM, 0, 1e-3);
		}

		boolean warm() {
			return !RANDOM.equals(from) && epochs > 0;
		}
	}

	/**
	 * The default start: back-projection's image fitted for 250 epochs, then
	 * the data phase with the null-space weight {@link Start#DEFAULT_ANCHOR}
	 * (docs/superres-protocol.md, amendment 5's L); see {@link #recipe()}.
	 */
	public static final Start DEFAULT_START = new Start(
			SuperResolutionBaselines.BACK_PROJECTION, 250, 3e-3);

	/**
	 * The default weight of the total-variation prior on the output, in the
	 * trainer's [0, 1] units (docs/superres-protocol.md, amendments 6 to 8): on
	 * the 256 x 256 development crops at x4, lambda = 1e-4, 1e-3, 1e-2, 3e-2
	 * and 1e-1 gave 24.15, 24.25, 24.54, 24.67 and 24.64 dB on their mean
	 * (without: 24.18; back-projection 24.24).
	 */
	public static final double DEFAULT_TV_WEIGHT = 3e-2;

	private SuperResolutionTask() {
	}

	/**
	 * config with a smoothed total-variation prior of this weight on the (scale
	 * x larger) output, in both phases of a warm start; weight 0 returns config
	 * itself. The prior favours piecewise-smooth images among those the block
	 * means allow, so the pooling's null space is filled with edges rather than
	 * ripple. A prior sees the whole image: training then runs the global sweep
	 * (activations kept while they fit half the memory budget, recomputed
	 * beyond).
	 */
	public static TrainingConfig withTotalVariation(TrainingConfig config,
			Image2D lowRes, int scale, double weight)
	{
		if (!(weight > 0)) return config;
		return config.copy()
				.prior(new io.github.reluinr.train.TotalVariation(
						lowRes.height() * scale, lowRes.width() * scale,
						lowRes.channels(), weight,
						io.github.reluinr.train.TotalVariation.DEFAULT_EPS));
	}

	/**
	 * The default training settings of the data phase
	 * (docs/superres-protocol.md, L of amendment 5 at 3 x 256, amendment 8): c
	 * 3, lr 3e-3 decaying to 0.2 x, 850 epochs, 3 x 256, the width of the
	 * paper's network; with the start's 250 epochs and the default TV prior
	 * ({@link #DEFAULT_TV_WEIGHT}) a 256 x 256 output took 5.5-6 minutes on the
	 * 2-core CI-class machine (3 x 128: under 3). Only the epochs differ from
	 * {@link TrainingConfig#superResolution()}, the paper's (Appendix D).
	 */
	public static TrainingConfig recipe() {
		return TrainingConfig.superResolution().epochs(850);
	}

	/** The paper's procedure: random start, no classical baselines. */
	public static TaskResult run(Image2D lowRes, int scale, Image2D groundTruth,
			TrainingConfig config, TrainingListener listener,
			BooleanSupplier cancelled)
	{
		return run(lowRes, scale, groundTruth, config, Start.random(), -1,
				listener, cancelled);
	}

	/**
	 * @param lowRes
	 *            the input, in its own units
	 * @param scale
	 *            S >= 2
	 * @param groundTruth
	 *            optional high-resolution image (H*S x W*S) for PSNR/SSIM, or
	 *            null
	 * @param start
	 *            where the network starts
	 * @param iterations
	 *            back-projection's iterations for its baseline row; negative:
	 *            no baseline rows (they are then only computed if the start
	 *            needs one)
	 */
	public static TaskResult run(Image2D lowRes, int scale, Image2D groundTruth,
			TrainingConfig config, Start start, int iterations,
			TrainingListener listener, BooleanSupplier cancelled)
	{
		int h = lowRes.height() * scale, w = lowRes.width() * scale;
		if (groundTruth != null
				&& (groundTruth.height() != h || groundTruth.width() != w
						|| groundTruth.channels() != lowRes.channels()))
		{
			throw new IllegalArgumentException("the ground truth must be " + w
					+ "x" + h + " with " + lowRes.channels() + " channel(s)");
		}
		List<SuperResolutionBaselines.Baseline> baselines = iterations >= 0
				? SuperResolutionBaselines.all(lowRes, scale, iterations)
				: List.of();
		Image2D startImage = null;
		if (start.warm()) {
			for (SuperResolutionBaselines.Baseline b : baselines)
				if (b.method().equals(start.from())) startImage = b.image();
			if (startImage == null)
				startImage = SuperResolutionBaselines
						.all(lowRes, scale, Math.max(0, iterations < 0
								? SuperResolutionBaselines.DEFAULT_ITERATIONS
								: iterations))
						.stream().filter(b -> b.method().equals(start.from()))
						.findFirst().orElseThrow().image();
		}
		Normalisation norm = Normalisation.of(lowRes.pixels());
		INDArray y = norm.normalise(lowRes.pixels()).castTo(DataType.FLOAT);
		INDArray reference = groundTruth == null
				? null
				: Normalisation.of(groundTruth.pixels())
						.normalise(groundTruth.pixels()).castTo(DataType.FLOAT);
		AveragePoolOperator pool = new AveragePoolOperator(lowRes.height(),
				lowRes.width(), scale);
		TrainingConfig mapped = InrSolver.mapOutput(config,
				TaskDescription.SUPERRES, norm.min(), norm.range()); // the model file's output map
		InrSolver.Pretraining warmUp = startImage == null
				? null
				: new InrSolver.Pretraining(new IdentityOperator(h, w),
						norm.normalise(startImage.pixels())
								.castTo(DataType.FLOAT),
						mapped.copy().epochs(start.epochs())
								.decayHorizon(start.epochs()).lr(start.lr())
								.targetLoss(Double.NaN));
		// a network loaded from init_model is the start itself: the solver skips the warm-up fit then
		// after a warm start the data phase pulls towards the start image where the block means are blind (Start.anchor)
		boolean anchored = warmUp != null && config.initModel() == null
				&& start.anchor() > 0;
		AnchoredPoolOperator g = anchored
				? new AnchoredPoolOperator(lowRes.height(), lowRes.width(),
						scale, start.anchor())
				: null;
		ForwardOperator dataOp = anchored ? g : pool;
		INDArray data = anchored ? g.target(y, warmUp.target()) : y;
		InrSolver.Solution s = InrSolver.solve(dataOp, data, h, w, mapped,
				reference, listener, cancelled, warmUp);
		if (anchored) {
			data.close();
			// the rows report the data term itself, not the objective with the pull
			TrainingResult t = s.training();
			double dataLoss = dataLoss(pool, t.output(), y);
			s = new InrSolver.Solution(new TrainingResult(t.output(), dataLoss,
					t.bestEpoch(), dataLoss, t.epochsRun(), t.seconds(),
					t.stopReason()), s.variationNorm(), s.activation());
		}
		// the recipe (a warm start) returns its output made exactly consistent with the input (see consistent())
		INDArray out = warmUp == null || config.initModel() != null
				? s.training().output()
				: consistent(pool, s.training().output(), y);
		Image2D result = new Image2D(
				norm.denormalise(out).castTo(DataType.FLOAT), h, w);
		List<TaskResult.NamedImage> images = new ArrayList<>();
		List<MetricsRow> rows = new ArrayList<>();
		images.add(TaskResult.NamedImage.of(OutputRole.INR, result));
		rows.add(Reports.networkRow(TaskDescription.SUPERRES, s, config,
				groundTruth, result));
		for (SuperResolutionBaselines.Baseline b : baselines) {
			images.add(TaskResult.NamedImage.baseline(b.method(), b.image()));
			rows.add(Reports.baselineRow(TaskDescription.SUPERRES, b.method(),
					b.seconds(), groundTruth, b.image()));
		}
		return new TaskResult(images, rows);
	}

	/**
	 * f + rep(y - A f), rep spreading each low-resolution value over its S x S
	 * block: the orthogonal projection of f onto the images whose block means
	 * are y. The truth is one of them, so the projection cannot move f away
	 * from it (||P_null(f - truth)|| <= ||f - truth||); it uses nothing but the
	 * input. The network (and the model file it saves) stays f: the result
	 * image adds this per-block constant to it. A new array.
	 */
	static INDArray consistent(AveragePoolOperator pool, INDArray f,
			INDArray y)
	{
		INDArray means = org.nd4j.linalg.factory.Nd4j.create(DataType.FLOAT,
				y.size(0), y.size(1));
		pool.apply(f, means);
		INDArray spread = org.nd4j.linalg.factory.Nd4j.create(DataType.FLOAT,
				f.size(0), f.size(1));
		pool.adjoint(means.rsubi(y), spread); // (y - A f) / S^2 on every pixel of its block
		means.close();
		return spread.muli((float) pool.factor() * pool.factor()).addi(f);
	}

	/** mean((A f - y)^2) over the low-resolution pixels and channels. */
	static double dataLoss(AveragePoolOperator pool, INDArray f, INDArray y) {
		try (INDArray means = org.nd4j.linalg.factory.Nd4j
				.create(DataType.FLOAT, y.size(0), y.size(1)))
		{
			pool.apply(f, means);
			double norm = means.subi(y).norm2Number().doubleValue();
			return norm * norm / ((double) y.size(0) * y.size(1));
		}
	}

	/** "back-projection start, 100 epochs" etc., for logs. */
	public static String describe(Start start) {
		return start.warm()
				? String.format(Locale.ROOT,
						"%s start, %d epochs, null-space weight %s",
						start.from(), start.epochs(), start.anchor())
				: "random start";
	}
}
