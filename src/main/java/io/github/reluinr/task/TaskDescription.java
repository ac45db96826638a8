package io.github.reluinr.task;

import io.github.reluinr.nn.MemoryBudget;
import io.github.reluinr.op.FilteredBackProjection;
import io.github.reluinr.train.MethodDefaults;
import io.github.reluinr.train.Trainer;
import io.github.reluinr.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of a task, described once: its name (the {@code task} column, the
 * log, the command line), its default training settings and decay-horizon rule,
 * the checks of its own parameters with messages a user can act on, the grid
 * the network is trained on (for the memory check), which ground truth fits,
 * the pixel size of its results, the names of its results and the classical
 * baselines it reports beside the network. The commands, Compare INRs, Select c
 * and the command line build one from their inputs and hand it over; nothing
 * outside this file compares task names.
 *
 * <p>
 * A new task parameter is a component of one record here and an input of the
 * command that exposes it.
 */
public sealed interface TaskDescription permits TaskDescription.Fit,
		TaskDescription.SuperResolution, TaskDescription.Ct {

	/** Task names, as users see them. */
	String FIT = "fit", SUPERRES = "superres", CT = "ct";
	List<String> NAMES = List.of(FIT, SUPERRES, CT);

	/** fit, superres or ct. */
	String name();

	/**
	 * The column of Appendix D whose settings each method takes for this task.
	 */
	MethodDefaults.Task methods();

	/** The task's training settings for BW-ReLU when none is given. */
	TrainingConfig defaults();

	/**
	 * Epochs over which the learning rate decays when decay_horizon is not
	 * given: all of them (CT: half).
	 */
	default int decayHorizon(int epochs) {
		return epochs;
	}

	/**
	 * Checks the task's own parameters; throws {@link InvalidTaskException}
	 * with a one-line message.
	 */
	void validate();

	/** What the input is called in messages ("the image", "the sinogram"). */
	default String inputName() {
		return "the image";
	}

	/**
	 * Pixels of the grid the network is trained on for an input plane of this
	 * size (the memory check's size); throws {@link InvalidTaskException} when
	 * the plane does not fit the task (a sinogram whose shape does not match
	 * its angles).
	 */
	long trainingPixels(int height, int width);

	/**
	 * Why a ground truth of this shape does not fit an input of that shape (the
	 * words after the parameter name, e.g. "is 32x32 but scale 2 makes 64x64"),
	 * or null when it fits.
	 */
	String groundTruthMismatch(int gtWidth, int gtHeight, int gtChannels,
			int width, int height, int channels);

	/**
	 * Why this task takes no ground truth at all (the words after the parameter
	 * name), or null when it takes one.
	 */
	default String groundTruthRefusal() {
		return null;
	}

	/**
	 * The part of the ground truth that matches a selection of the input: the
	 * selection scaled by this factor (fit 1, super-resolution S); 0: the whole
	 * ground truth (it is not on the input's grid).
	 */
	default int groundTruthRegionScale() {
		return 1;
	}

	/**
	 * A result's pixel is the input's pixel size divided by this
	 * (super-resolution: S).
	 */
	default double pixelSizeDivisor() {
		return 1;
	}

	/** The title of a result of that name, e.g. "INR" -> "INR x4". */
	default String title(String name) {
		return name;
	}

	/**
	 * How the input is captioned beside the results ("input"; CT from an image:
	 * "ground truth").
	 */
	default String inputCaption() {
		return "input";
	}

	/**
	 * Epochs a run of that many epochs trains in all (super-resolution's warm
	 * start adds its pretraining).
	 */
	default int epochsTrained(int epochs) {
		return epochs;
	}

	/**
	 * The classical baselines' method names, as their metrics rows carry them,
	 * in order.
	 */
	List<String> baselines();

	/**
	 * The task on one input plane (ground truth null: none), run once per
	 * configuration.
	 */
	TaskRun bind(Image2D input, Image2D groundTruth);

	/**
	 * The factor on each method's learning rate (Appendix D) that this task's
	 * recipe applies when none is given: 1, except after CT's start from SIRT.
	 */
	default double learningRateFactor() {
		return 1;
	}

	/**
	 * The one place "not given" is resolved: each setting the request leaves at
	 * 0 takes this task's default for the request's method (Appendix D, times
	 * {@link #learningRateFactor} for the rate; epochs: a tenth of the task's
	 * when the request is quick), the decay horizon follows
	 * {@link #decayHorizon}.
	 */
	default TrainingConfig config(TrainingRequest r) {
		TrainingConfig cfg = MethodDefaults.apply(defaults(), r.method(),
				methods());
		cfg.lr(cfg.lr() * learningRateFactor());
		if (r.epochs() > 0) cfg.epochs(r.epochs());
		else if (r.quick()) cfg.epochs(Math.max(1, cfg.epochs() / 10));
		if (r.width() > 0) cfg.width(r.width());
		if (r.layers() > 0) cfg.layers(r.layers());
		if (r.c() > 0) cfg.c(r.c());
		if (r.lr() > 0) cfg.lr(r.lr());
		if (r.lrDecay() > 0) cfg.lrDecay(r.lrDecay());
		if (r.omega0() > 0) cfg.omega0(r.omega0());
		if (r.sigma0() > 0) cfg.sigma0(r.sigma0());
		cfg.seed(r.seed());
		if (r.maxMinutes() > 0) cfg.maxSeconds(r.maxMinutes() * 60);
		cfg.decayHorizon(r.decayHorizon() > 0
				? r.decayHorizon()
				: decayHorizon(cfg.epochs()));
		return cfg;
	}

	/**
	 * The memory check for an input plane: a one-line refusal naming the sizes,
	 * or null when the run fits.
	 */
	default String memoryRefusal(int height, int width, int channels,
			TrainingConfig config)
	{
		return MemoryBudget.refusal(trainingPixels(height, width),
				Trainer.tileRowsBeforeStart(), config.width(), config.layers(),
				channels);
	}

	/**
	 * The paper's procedure of a task chosen by name (Compare INRs, Select c):
	 * fit; x S super-resolution from a random start with ImageJ's bicubic
	 * ({@code bicubic}, may be null) as its baseline; CT simulated from the
	 * image in the CT command's standard geometry (N views over [0, range), one
	 * FBP filter, SIRT) from a random start.
	 */
	static TaskDescription byName(String name, int scale, int angles,
			double rangeDegrees, double noiseSnr,
			SuperResolution.Upsampler bicubic)
	{
		if (!NAMES.contains(name))
			throw new InvalidTaskException("task = " + name
					+ " is not allowed: use fit, superres or ct");
		return switch (name) {
			case FIT -> new Fit();
			case SUPERRES -> SuperResolution.paper(scale, bicubic);
			default -> new CtFromImage(
					CtTask.Standard.paper(
							CtTask.angles(angles, rangeDegrees, false, false)),
					noiseSnr);
		};
	}

	/**
	 * Signal fitting: the image is its own ground truth unless another is
	 * given.
	 */
	record Fit() implements TaskDescription {

		public String name() {
			return FIT;
		}

		public MethodDefaults.Task methods() {
			return MethodDefaults.Task.FIT;
		}

		public TrainingConfig defaults() {
			return TrainingConfig.fit();
		}

		public void validate() {
		}

		public long trainingPixels(int height, int width) {
			return (long) height * width;
		}

		public String groundTruthMismatch(int gw, int gh, int gc, int w, int h,
				int c)
		{
			return gw == w && gh == h && gc == c
					? null
					: "is " + gw + "x" + gh + " with " + gc
							+ " channel(s) but the input is " + w + "x" + h
							+ " with " + c;
		}

		public List<String> baselines() {
			return List.of();
		}

		public TaskRun bind(Image2D input, Image2D groundTruth) {
			return TaskRun.fit(input, groundTruth);
		}
	}

	/**
	 * x S super-resolution.
	 *
	 * @param startFrom
	 *            random (the paper's) or a baseline's method to fit the network
	 *            to first
	 * @param pretraining
	 *            epochs of that first fit
	 * @param baselineIterations
	 *            back-projection's iterations; negative: none of
	 *            {@link SuperResolutionBaselines} is reported (the paper's
	 *            procedure)
	 * @param nullSpaceWeight
	 *            after a warm start, the pull towards the start image where the
	 *            block means are blind, 0 to 1
	 * @param tvWeight
	 *            weight of a total-variation prior on the output, 0 to 100 (0:
	 *            none)
	 * @param bicubic
	 *            ImageJ's bicubic (the command layer's), reported last; null:
	 *            none
	 * @param recipe
	 *            true: the defaults of docs/superres-protocol.md
	 *            ({@link SuperResolutionTask#recipe()}, the Super-Resolution
	 *            command's); false: the paper's (Appendix D)
	 */
	record SuperResolution(int scale, String startFrom, int pretraining,
			int baselineIterations, double nullSpaceWeight, double tvWeight,
			Upsampler bicubic, boolean recipe) implements TaskDescription {

		/**
		 * An up-sampling outside the engine (ImageJ's bicubic), reported as a
		 * baseline.
		 */
		public interface Upsampler {

			String method();

			Image2D upsample(Image2D lowRes, int scale);
		}

		/**
		 * The paper's procedure: random start, no classical baselines but
		 * {@code bicubic}, Appendix D's settings.
		 */
		public static SuperResolution paper(int scale, Upsampler bicubic) {
			return new SuperResolution(scale, SuperResolutionTask.Start.RANDOM,
					0, -1, 0, 0, bicubic, false);
		}

		public String name() {
			return SUPERRES;
		}

		public MethodDefaults.Task methods() {
			return MethodDefaults.Task.SUPER_RESOLUTION;
		}

		public TrainingConfig defaults() {
			return recipe
					? SuperResolutionTask.recipe()
					: TrainingConfig.superResolution();
		}

		public void validate() {
			InvalidTaskException.range("scale", scale, 2, 16);
			InvalidTaskException.oneOf("start_from", startFrom,
					SuperResolutionTask.Start.CHOICES);
			InvalidTaskException.range("pretraining", pretraining, 0,
					1_000_000);
			if (baselineIterations >= 0)
				InvalidTaskException.range("back_projection_iterations",
						baselineIterations, 0, 10_000);
			InvalidTaskException.range("null_space_weight", nullSpaceWeight, 0,
					1);
			InvalidTaskException.range("tv_weight", tvWeight, 0, 100);
		}

		public long trainingPixels(int height, int width) {
			return (long) height * scale * width * scale;
		}

		public String groundTruthMismatch(int gw, int gh, int gc, int w, int h,
				int c)
		{
			if (gw != w * scale || gh != h * scale)
				return "is " + gw + "x" + gh + " but scale " + scale + " makes "
						+ w * scale + "x" + h * scale;
			return gc == c
					? null
					: "has " + gc + " channel(s) but the input has " + c;
		}

		public int groundTruthRegionScale() {
			return scale;
		}

		public double pixelSizeDivisor() {
			return scale;
		}

		public int epochsTrained(int epochs) {
			return SuperResolutionTask.Start.RANDOM.equals(startFrom)
					? epochs
					: epochs + pretraining;
		}

		public String title(String name) {
			return name + " x" + scale;
		}

		public List<String> baselines() {
			List<String> out = new ArrayList<>();
			if (baselineIterations >= 0)
				out.addAll(List.of(SuperResolutionBaselines.SKIMAGE,
						SuperResolutionBaselines.PIL,
						SuperResolutionBaselines.LANCZOS,
						SuperResolutionBaselines.BACK_PROJECTION));
			if (bicubic != null) out.add(bicubic.method());
			return out;
		}

		public TaskRun bind(Image2D input, Image2D groundTruth) {
			return (cfg, listener, cancelled) -> {
				SuperResolutionTask.Start start = SuperResolutionTask.Start.RANDOM
						.equals(startFrom)
								? SuperResolutionTask.Start.random()
								: new SuperResolutionTask.Start(startFrom,
										pretraining, cfg.lr(), nullSpaceWeight);
				TaskResult r = SuperResolutionTask.run(input, scale,
						groundTruth,
						SuperResolutionTask.withTotalVariation(cfg, input,
								scale, tvWeight),
						start, baselineIterations, listener, cancelled);
				if (bicubic == null) return r;
				long t0 = System.nanoTime();
				Image2D up = bicubic.upsample(input, scale);
				double seconds = (System.nanoTime() - t0) / 1e9;
				List<TaskResult.NamedImage> images = new ArrayList<>(
						r.images());
				images.add(
						TaskResult.NamedImage.baseline(bicubic.method(), up));
				List<MetricsRow> rows = new ArrayList<>(r.metrics());
				rows.add(Reports.baselineRow(SUPERRES, bicubic.method(),
						seconds, groundTruth, up));
				return new TaskResult(images, rows);
			};
		}
	}

	/**
	 * What the two CT descriptions share, from the geometry: the task's name
	 * and method table, the CT command's settings (3 x 128, 1000 epochs, decay
	 * over half), the rate after the start and the baselines shown.
	 */
	sealed interface Ct extends TaskDescription
			permits CtFromImage, CtFromSinogram {

		CtTask.Geometry geometry();

		default String name() {
			return CT;
		}

		default MethodDefaults.Task methods() {
			return MethodDefaults.Task.CT;
		}

		/**
		 * 3 x 128; 1500 epochs from a random start (the paper's procedure, as
		 * Compare and Select c run it), 3000 on the data term after a start
		 * from SIRT (the measured-sinogram recipe: README, sparse-view CT).
		 */
		default TrainingConfig defaults() {
			boolean warm = geometry() instanceof CtTask.Standard s
					&& s.startsFromSirt();
			return TrainingConfig.ct().width(128).epochs(warm ? 3000 : 1500)
					.decayHorizon(warm ? 1500 : 750);
		}

		/**
		 * After a start from SIRT the data term refines the start: at the
		 * paper's rate the first epochs throw it away (README, sparse-view CT).
		 */
		default double learningRateFactor() {
			return geometry() instanceof CtTask.Standard s && s.startsFromSirt()
					? CtTask.WARM_LR_FACTOR
					: 1;
		}

		default int decayHorizon(int epochs) {
			return (epochs + 1) / 2; // the reference decays over 5000 of 10000 epochs
		}

		default List<String> baselines() {
			List<String> out = new ArrayList<>(List.of("fbp"));
			if (geometry() instanceof CtTask.Standard s
					&& s.sirtIterations() > 0)
				out.add("sirt");
			return out;
		}
	}

	/** Checks of a geometry's own settings. */
	private static void validate(CtTask.Geometry g) {
		if (g instanceof CtTask.Standard s) {
			if (s.anglesDegrees().length < 2
					|| s.anglesDegrees().length > 10000)
			{
				throw new InvalidTaskException(s.anglesDegrees().length
						+ " angles: 2 to 10000 are allowed");
			}
			InvalidTaskException.range("center_offset", s.centerOffset(),
					-100000, 100000);
			if (s.filters().isEmpty())
				throw new InvalidTaskException("filter: give one of "
						+ String.join(", ", FilteredBackProjection.FILTERS)
						+ " or all");
			for (String f : s.filters()) {
				if (!FilteredBackProjection.FILTERS.contains(f))
					throw new InvalidTaskException(
							"filter = " + f + " is not allowed: use one of "
									+ String.join(", ",
											FilteredBackProjection.FILTERS)
									+ " or all");
			}
			InvalidTaskException.range("sirt_iterations", s.sirtIterations(), 0,
					100000);
			InvalidTaskException.oneOf("start_from", s.startFrom(),
					CtTask.STARTS);
			InvalidTaskException.range("pretraining", s.pretraining(), 0,
					1000000);
			InvalidTaskException.range("tv_weight", s.tvWeight(), 0, 1e6);
			InvalidTaskException.oneOf("data_weighting", s.dataWeighting(),
					CtTask.DATA_WEIGHTINGS);
			InvalidTaskException.range("consistency_iterations",
					s.consistencyIterations(), 0, 100000);
		}
		else if (g instanceof CtTask.Reference r) {
			InvalidTaskException.range("angles", r.angles(), 0, 10000);
			if (r.angles() == 1)
				throw new InvalidTaskException(
						"angles = 1 is not allowed: use 2 to 10000");
			InvalidTaskException.rangeOpenBelow("angle_range", r.rangeDegrees(),
					0, 360);
		}
	}

	/**
	 * Sparse-view CT from an image: its sinogram is simulated (Gaussian noise
	 * at {@code noiseSnr} dB, 0: none) and the image is the ground truth.
	 */
	record CtFromImage(CtTask.Geometry geometry,
			double noiseSnr) implements Ct {

		public void validate() {
			TaskDescription.validate(geometry);
			InvalidTaskException.range("noise_snr", noiseSnr, 0, 200);
		}

		public long trainingPixels(int height, int width) {
			if (geometry instanceof CtTask.Standard) {
				long n = CtTask.padding(height, width)[0]; // trained on the padded square
				return n * n;
			}
			return (long) height * width;
		}

		public String groundTruthRefusal() {
			return "is not used by task ct from an image: the input image is the ground truth of its simulated sinogram";
		}

		public String groundTruthMismatch(int gw, int gh, int gc, int w, int h,
				int c)
		{
			return groundTruthRefusal();
		}

		public String inputCaption() {
			return "ground truth";
		}

		public TaskRun bind(Image2D input, Image2D groundTruth) {
			double snr = noiseSnr > 0 ? noiseSnr : Double.NaN;
			if (geometry instanceof CtTask.Standard s)
				return (cfg, l, stop) -> CtTask.fromImage(input, s, snr, cfg, l,
						stop);
			CtTask.Reference r = (CtTask.Reference) geometry;
			int views = r.angles() > 0 ? r.angles() : CtTask.DEFAULT_ANGLES;
			return (cfg, l, stop) -> CtTask.fromImage(input, views,
					r.rangeDegrees(), snr, cfg, l, stop);
		}
	}

	/**
	 * Sparse-view CT from a measured sinogram of line sums.
	 *
	 * @param layout
	 *            auto, angles-by-detectors or detectors-by-angles
	 *            ({@link CtTask#LAYOUTS}); the reference geometry takes only
	 *            angles-by-detectors (or auto, meaning it)
	 * @param height
	 *            the reconstruction's height in the reference geometry (0: the
	 *            detector count)
	 */
	record CtFromSinogram(CtTask.Geometry geometry, String layout,
			int height) implements Ct {

		public String inputName() {
			return "the sinogram";
		}

		public void validate() {
			TaskDescription.validate(geometry);
			InvalidTaskException.oneOf("sinogram_layout", layout,
					CtTask.LAYOUTS);
			InvalidTaskException.range("height", height, 0, 16384);
			if (geometry instanceof CtTask.Reference
					&& layout.equals("detectors-by-angles"))
			{
				throw new InvalidTaskException(
						"geometry = reference takes only an angles-by-detectors sinogram (not sinogram_layout = "
								+ layout + ")");
			}
		}

		/**
		 * Whether a rows x columns sinogram is to be transposed (standard
		 * geometry), with the message of a misfit.
		 */
		private boolean transposed(int rows, int columns) {
			try {
				return CtTask.detectorsByAngles(rows, columns, layout,
						((CtTask.Standard) geometry).anglesDegrees().length);
			}
			catch (IllegalArgumentException e) {
				throw new InvalidTaskException(e.getMessage());
			}
		}

		/** Detectors of a rows x columns sinogram. */
		private int detectors(int rows, int columns) {
			if (geometry instanceof CtTask.Standard)
				return transposed(rows, columns) ? rows : columns;
			return columns;
		}

		public long trainingPixels(int rows, int columns) {
			int n = detectors(rows, columns);
			if (geometry instanceof CtTask.Reference r) {
				if (r.angles() != 0 && rows != r.angles()) {
					throw new InvalidTaskException("angles = " + r.angles()
							+ " but the sinogram has " + rows
							+ " rows (one per angle): set angles to " + rows
							+ " or leave it out");
				}
				return (long) (height > 0 ? height : columns) * columns;
			}
			return (long) n * n;
		}

		public String groundTruthMismatch(int gw, int gh, int gc, int columns,
				int rows, int c)
		{
			int n = detectors(rows, columns);
			if (geometry instanceof CtTask.Standard) {
				return gw <= n && gh <= n
						? null
						: "is " + gw + "x" + gh + ", larger than the " + n + "x"
								+ n + " reconstruction (detectors x detectors)";
			}
			int h = height > 0 ? height : columns;
			return gw == columns && gh == h
					? null
					: "is " + gw + "x" + gh + " but the reconstruction is "
							+ columns + "x" + h + " (detectors x height)";
		}

		public int groundTruthRegionScale() {
			return 0;
		}

		public TaskRun bind(Image2D sinogram, Image2D groundTruth) {
			if (geometry instanceof CtTask.Standard s) {
				Image2D sino = transposed(sinogram.height(), sinogram.width())
						? CtTask.transpose(sinogram)
						: sinogram;
				return (cfg, l, stop) -> CtTask.fromSinogram(sino, s,
						groundTruth, cfg, l, stop);
			}
			CtTask.Reference r = (CtTask.Reference) geometry;
			int h = height > 0 ? height : sinogram.width();
			return (cfg, l, stop) -> CtTask.fromSinogram(sinogram,
					r.rangeDegrees(), h, groundTruth, cfg, l, stop);
		}
	}
}
