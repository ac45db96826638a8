package io.github.reluinr.task;

import io.github.reluinr.image.Normalisation;
import io.github.reluinr.op.Cgls;
import io.github.reluinr.op.FilteredBackProjection;
import io.github.reluinr.op.ForwardOperator;
import io.github.reluinr.op.RadonOperator;
import io.github.reluinr.op.RampWeightedOperator;
import io.github.reluinr.op.Sirt;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Sparse-view CT: a network whose Radon transform (parallel beam) matches a
 * sinogram, shown next to the classical reconstructions a CT user would pick
 * (filtered back-projection with a choice of filter, SIRT).
 *
 * <p>
 * Two geometries. The standard one ({@link Standard}) is scikit-image's: a
 * sinogram of line sums at unit pixel spacing through an object inside the
 * circle the detector covers, angles in scikit-image's sense, reconstructed on
 * the detector-width square; an image to simulate from is zero-padded to its
 * diagonal first ({@code radon(image, circle=False)}), and results are cropped
 * back to its size. The reference geometry (the other methods) is the paper's
 * code: the image, min-max normalised, rotated inside its own frame, angles
 * linspace(0, range, N) with both ends, Ram-Lak FBP.
 */
public final class CtTask {

	private CtTask() {
	}

	/** Values of {@code sinogram_layout}. */
	public static final List<String> LAYOUTS = List.of("auto",
			"angles-by-detectors", "detectors-by-angles");

	/**
	 * Settings of the standard geometry.
	 *
	 * @param anglesDegrees
	 *            one per projection, scikit-image's {@code theta}
	 * @param centerOffset
	 *            detector pixels from the detector centre (n/2) to the rotation
	 *            axis, positive to the right
	 * @param filters
	 *            FBP filters to report (each gets a row; the image shown is the
	 *            first, or the best against a ground truth when there are
	 *            several)
	 * @param sirtIterations
	 *            SIRT iterations (0: no SIRT)
	 * @param nonNegative
	 *            SIRT clamps to x >= 0 at every step, and the network's result
	 *            is clipped to >= 0
	 * @param startFrom
	 *            {@code sirt}: the network is first fitted to the SIRT image
	 *            ({@code pretraining} epochs; with sirtIterations 0, a SIRT of
	 *            the default iterations that is not reported), then trained on
	 *            the data term; {@code random}: the paper's start
	 * @param tvWeight
	 *            weight of a total-variation prior added to the data term (0:
	 *            none), see {@link io.github.reluinr.train.TotalVariation}
	 * @param dataWeighting
	 *            {@code ramp}: the data term is the ramp-weighted residual
	 *            ({@link RampWeightedOperator}); {@code none}: the plain
	 *            squared residual, as the paper's code
	 * @param consistencyIterations
	 *            CGLS iterations correcting the network's output towards the
	 *            sinogram after training ({@link Cgls}: only what the views
	 *            measure changes); 0: the network's output as it is
	 */
	public record Standard(double[] anglesDegrees, double centerOffset,
			List<String> filters, int sirtIterations, boolean nonNegative,
			String startFrom, int pretraining, double tvWeight,
			String dataWeighting,
			int consistencyIterations) implements Geometry {

		/** Without the correction: the network's output as it is. */
		public Standard(double[] anglesDegrees, double centerOffset,
				List<String> filters, int sirtIterations, boolean nonNegative,
				String startFrom, int pretraining, double tvWeight,
				String dataWeighting)
		{
			this(anglesDegrees, centerOffset, filters, sirtIterations,
					nonNegative, startFrom, pretraining, tvWeight,
					dataWeighting, 0);
		}

		/** The paper's start: random, no prior, the plain data term. */
		public Standard(double[] anglesDegrees, double centerOffset,
				List<String> filters, int sirtIterations, boolean nonNegative)
		{
			this(anglesDegrees, centerOffset, filters, sirtIterations,
					nonNegative, "random", 0, 0, "none", 0);
		}

		/**
		 * One FBP filter (hann by default, as scikit-image users pick it),
		 * SIRT, non-negative, and the CT command's start and prior.
		 */
		public static Standard of(double[] anglesDegrees) {
			return new Standard(anglesDegrees, 0, List.of(DEFAULT_FILTER),
					DEFAULT_SIRT_ITERATIONS, true, DEFAULT_START,
					DEFAULT_PRETRAINING, DEFAULT_TV_WEIGHT,
					DEFAULT_DATA_WEIGHTING, DEFAULT_CONSISTENCY_ITERATIONS);
		}

		/**
		 * {@link #of} from a random start without prior: the paper's procedure
		 * (Compare INRs, Select c).
		 */
		public static Standard paper(double[] anglesDegrees) {
			return new Standard(anglesDegrees, 0, List.of(DEFAULT_FILTER),
					DEFAULT_SIRT_ITERATIONS, true);
		}

		public boolean startsFromSirt() {
			return "sirt".equals(startFrom);
		}

		public boolean rampWeighted() {
			return "ramp".equals(dataWeighting);
		}
	}

	/** Values of {@code start_from}. */
	public static final List<String> STARTS = List.of("sirt", "random");
	/** The measured-sinogram recipe (README, sparse-view CT). */
	public static final String DEFAULT_START = "sirt";
	public static final int DEFAULT_PRETRAINING = 300;
	/**
	 * With the ramp-weighted data term, 4 was +1.07 dB over SIRT on camera and
	 * the phantom at 30 views (2.4 and 6 each better on one of them; README).
	 */
	public static final double DEFAULT_TV_WEIGHT = 4;
	/** Values of {@code data_weighting}. */
	public static final List<String> DATA_WEIGHTINGS = List.of("ramp", "none");
	public static final String DEFAULT_DATA_WEIGHTING = "ramp";
	/**
	 * Factor on the method's learning rate for the data term after a start from
	 * SIRT: BW-ReLU's 2e-3 becomes 1e-3 (with the plain data term 0.15 kept the
	 * start best; the ramp-weighted one refines it at 0.5).
	 */
	public static final double WARM_LR_FACTOR = 0.5;
	/**
	 * CGLS iterations after training, clipped to >= 0 every {@link Cgls#ROUND}:
	 * on noiseless data each step brings the result closer to the object; 100
	 * took 0.5 to 1.1 dB more than 30 at 30 views (README), and stay few enough
	 * that the noise of a measured sinogram is not fitted far (as SIRT's
	 * count).
	 */
	public static final int DEFAULT_CONSISTENCY_ITERATIONS = 100;
	/** Learning rate while fitting the SIRT image. */
	static final double PRETRAINING_LR = 2e-3;

	/**
	 * The paper's code: the image rotated inside its own frame, angles
	 * linspace(0, range, N) with both ends, Ram-Lak FBP.
	 *
	 * @param angles
	 *            N; 0: not given (a sinogram's rows, or {@link #DEFAULT_ANGLES}
	 *            for an image)
	 */
	public record Reference(int angles,
			double rangeDegrees) implements Geometry {
	}

	/** How projections are taken and reconstructed. */
	public sealed interface Geometry permits Standard, Reference {
	}

	/** Values of {@code geometry}. */
	public static final List<String> GEOMETRIES = List.of("standard",
			"reference");
	/** The number of views when an image is given without angles. */
	public static final int DEFAULT_ANGLES = 100;
	/**
	 * SIRT iterations by default: the baseline row and the network's start. At
	 * 30 views 1000 iterations are 0.2 dB (camera) to 6.7 dB (phantom) above
	 * 200, and the network started there ends higher.
	 */
	public static final int DEFAULT_SIRT_ITERATIONS = 1000;
	/** The FBP filter by default. */
	public static final String DEFAULT_FILTER = "hann";

	/**
	 * The standard geometry's angles from a count (0: not given) over a range:
	 * scikit-image's linspace(0, range, N, endpoint=False), or with the end
	 * when {@code endpoint}. A sinogram has no default count (its angles must
	 * be given); an image gets {@link #DEFAULT_ANGLES}.
	 */
	public static double[] angles(int count, double rangeDegrees,
			boolean endpoint, boolean forSinogram)
	{
		InvalidTaskException.range("angles", count, 0, 10000);
		if (count == 1)
			throw new InvalidTaskException(
					"angles = 1 is not allowed: use 2 to 10000 (0: from angles_file)");
		InvalidTaskException.rangeOpenBelow("angle_range", rangeDegrees, 0,
				360);
		if (count == 0 && forSinogram)
			throw new InvalidTaskException(
					"a sinogram needs its angles: give angles_file (--angles-file), or angles"
							+ " (--angles N with --angle-range R)");
		int n = count > 0 ? count : DEFAULT_ANGLES;
		return endpoint
				? RadonOperator.angles(n, rangeDegrees)
				: RadonOperator.anglesWithoutEnd(n, rangeDegrees);
	}

	/**
	 * Whether a rows x columns sinogram image is detectors x angles
	 * (scikit-image's layout, to be transposed) rather than angles x detectors.
	 * {@code auto}: the axis whose length is the number of angles.
	 *
	 * @throws IllegalArgumentException
	 *             with a one-line message naming both shapes when it does not
	 *             fit
	 */
	public static boolean detectorsByAngles(int rows, int columns,
			String layout, int angles)
	{
		String shapes = "angles x detectors = " + angles
				+ " x N (angles-by-detectors) or detectors x angles = N x "
				+ angles + " (detectors-by-angles)";
		String is = "the sinogram is " + rows + " x " + columns
				+ " (rows x columns)";
		switch (layout) {
			case "angles-by-detectors" :
				if (rows != angles)
					throw new IllegalArgumentException(is
							+ " but sinogram_layout = angles-by-detectors needs "
							+ angles + " rows, one per angle");
				return false;
			case "detectors-by-angles" :
				if (columns != angles)
					throw new IllegalArgumentException(is
							+ " but sinogram_layout = detectors-by-angles needs "
							+ angles + " columns, one per angle");
				return true;
			case "auto" :
				if (rows == angles && columns == angles)
					throw new IllegalArgumentException(is + " and there are "
							+ angles
							+ " angles: the layout is ambiguous, set sinogram_layout to say which of "
							+ shapes);
				if (rows == angles) return false;
				if (columns == angles) return true;
				throw new IllegalArgumentException(is + " but there are "
						+ angles + " angles: it must be " + shapes);
			default :
				throw new IllegalArgumentException("sinogram_layout = " + layout
						+ " is not allowed: use " + String.join(", ", LAYOUTS));
		}
	}

	/** The image transposed (rows become columns), every channel. */
	public static Image2D transpose(Image2D image) {
		int c = image.channels();
		INDArray t = image.pixels()
				.reshape('c', image.height(), image.width(), c).permute(1, 0, 2)
				.dup('c')
				.reshape('c', (long) image.height() * image.width(), c);
		return new Image2D(t, image.width(), image.height());
	}

	/** Rows [top, top+h) and columns [left, left+w) of an image. */
	static Image2D crop(Image2D image, int top, int left, int h, int w) {
		if (top == 0 && left == 0 && h == image.height() && w == image.width())
			return image;
		int c = image.channels();
		INDArray p = image.pixels()
				.reshape('c', image.height(), image.width(), c)
				.get(NDArrayIndex.interval(top, top + h),
						NDArrayIndex.interval(left, left + w),
						NDArrayIndex.all())
				.dup('c').reshape('c', (long) h * w, c);
		return new Image2D(p, h, w);
	}

	/**
	 * Side of the square scikit-image's {@code radon(circle=False)} pads an H x
	 * W image to, and where the image sits in it: {n, top, left}.
	 */
	public static int[] padding(int height, int width) {
		double diagonal = Math.sqrt(2) * Math.max(height, width);
		int padH = (int) Math.ceil(diagonal - height),
				padW = (int) Math.ceil(diagonal - width);
		int n = height + padH;
		if (width + padW != n)
			throw new IllegalStateException("padded image is not square");
		return new int[]{n, (height + padH) / 2 - height / 2,
				(width + padW) / 2 - width / 2};
	}

	/** The image zero-padded as {@link #padding} says. */
	static Image2D pad(Image2D image) {
		int[] p = padding(image.height(), image.width());
		int n = p[0], c = image.channels();
		INDArray out = Nd4j.zeros(DataType.FLOAT, n, n, c);
		out.get(NDArrayIndex.interval(p[1], p[1] + image.height()),
				NDArrayIndex.interval(p[2], p[2] + image.width()),
				NDArrayIndex.all())
				.assign(image.pixels().castTo(DataType.FLOAT).reshape('c',
						image.height(), image.width(), c));
		return new Image2D(out.reshape('c', (long) n * n, c), n, n);
	}

	/**
	 * The sinogram of an image in the standard geometry, [angles*n, C] (angles
	 * x detectors), n the padded side.
	 */
	public static INDArray simulate(Image2D image, double[] anglesDegrees,
			double centerOffset)
	{
		Image2D padded = pad(image);
		RadonOperator op = RadonOperator.scikitImage(padded.width(),
				anglesDegrees, centerOffset);
		INDArray y = Nd4j.create(DataType.FLOAT, op.outputSize(),
				image.channels());
		op.apply(padded.pixels().castTo(DataType.FLOAT), y);
		return y;
	}

	/**
	 * Standard geometry from an image: simulates the sinogram of the image
	 * padded to its diagonal (noise at snrDb; NaN = none), then reconstructs as
	 * {@link #fromSinogram(Image2D, Standard, Image2D, TrainingConfig, TrainingListener, BooleanSupplier)}
	 * with the image as ground truth; results have the image's size.
	 */
	public static TaskResult fromImage(Image2D image, Standard s, double snrDb,
			TrainingConfig config, TrainingListener listener,
			BooleanSupplier cancelled)
	{
		INDArray y = simulate(image, s.anglesDegrees(), s.centerOffset());
		if (!Double.isNaN(snrDb)) addNoise(y, snrDb, config.seed());
		int n = (int) (y.size(0) / s.anglesDegrees().length);
		return fromSinogram(new Image2D(y, s.anglesDegrees().length, n), s,
				image, config, listener, cancelled);
	}

	/**
	 * Standard geometry from a sinogram [angles x detectors] of line sums:
	 * reconstructs on the n x n square (n detectors). With a ground truth of at
	 * most n x n, every result is cropped to its size, centred as scikit-image
	 * pads ({@code n/2 - H/2} rows above), and scored against it.
	 */
	public static TaskResult fromSinogram(Image2D sinogram, Standard s,
			Image2D truth, TrainingConfig config, TrainingListener listener,
			BooleanSupplier cancelled)
	{
		int n = sinogram.width();
		if (sinogram.height() != s.anglesDegrees().length)
			throw new IllegalArgumentException("the sinogram has "
					+ sinogram.height() + " rows, there are "
					+ s.anglesDegrees().length + " angles");
		if (truth != null && (truth.height() > n || truth.width() > n))
			throw new IllegalArgumentException("the ground truth is "
					+ truth.width() + "x" + truth.height()
					+ ", larger than the " + n + "x" + n + " reconstruction");
		int h = truth == null ? n : truth.height(),
				w = truth == null ? n : truth.width();
		int top = n / 2 - h / 2, left = n / 2 - w / 2;
		RadonOperator op = RadonOperator.scikitImage(n, s.anglesDegrees(),
				s.centerOffset());
		INDArray y = sinogram.pixels().castTo(DataType.FLOAT);
		INDArray support = circle(n);

		List<TaskResult.NamedImage> images = new java.util.ArrayList<>();
		List<MetricsRow> fbpRows = new java.util.ArrayList<>();
		Image2D shownFbp = null;
		Double shownPsnr = null;
		double peak = 0;
		for (String f : s.filters()) {
			long t0 = System.nanoTime();
			INDArray fbp = FilteredBackProjection.reconstruct(y, op, f, true);
			double seconds = (System.nanoTime() - t0) / 1e9;
			if (f.equals(DEFAULT_FILTER)) peak = peakOf(fbp);
			Image2D img = crop(new Image2D(fbp, n, n), top, left, h, w);
			MetricsRow row = Reports
					.baselineRow(TaskDescription.CT, "fbp", seconds, truth, img)
					.withFilter(f);
			fbpRows.add(row);
			if (shownFbp == null || (row.psnrDb() != null
					&& (shownPsnr == null || row.psnrDb() > shownPsnr)))
			{
				shownFbp = img;
				shownPsnr = row.psnrDb();
			}
		}
		MetricsRow sirtRow = null;
		Image2D sirtImage = null;
		INDArray sirtFull = null; // n x n: the start with start_from = sirt
		if (s.sirtIterations() > 0) {
			long t0 = System.nanoTime();
			Sirt.Result r = Sirt.reconstruct(op, y, s.sirtIterations(),
					s.nonNegative(), support);
			double seconds = (System.nanoTime() - t0) / 1e9;
			sirtFull = r.image();
			sirtImage = crop(new Image2D(r.image(), n, n), top, left, h, w);
			sirtRow = Reports.baselineRow(TaskDescription.CT, "sirt", seconds,
					truth, sirtImage);
		}
		// Train at unit scale: the transform is linear, so y / s is reconstructed as x / s, with s the peak of
		// the FBP image (a network starting near 0 cannot reach values in the thousands); results in units.
		// Always the default filter's FBP, so that the training (and the prior's weight) does not depend on
		// which FBP rows were asked for.
		if (peak == 0)
			peak = peakOf(FilteredBackProjection.reconstruct(y, op,
					DEFAULT_FILTER, true));
		double scale = peak > 0 && Double.isFinite(peak) ? peak : 1;
		INDArray reference = null;
		if (truth != null) {
			reference = Nd4j.zeros(DataType.FLOAT, n, n, truth.channels());
			reference.get(NDArrayIndex.interval(top, top + h),
					NDArrayIndex.interval(left, left + w), NDArrayIndex.all())
					.assign(truth.pixels().castTo(DataType.FLOAT)
							.reshape('c', h, w, truth.channels()).div(scale));
			reference = reference.reshape('c', (long) n * n, truth.channels());
		}
		// the model file holds the network on the whole n x n reconstruction square, before crop and clip
		TrainingConfig cfg = InrSolver.mapOutput(config, TaskDescription.CT, 0,
				(float) scale);
		if (s.tvWeight() > 0)
			cfg = cfg.copy().prior(new io.github.reluinr.train.TotalVariation(n,
					n, (int) y.size(1), s.tvWeight(),
					io.github.reluinr.train.TotalVariation.DEFAULT_EPS));
		InrSolver.Pretraining pre = null;
		if (s.startsFromSirt() && s.pretraining() > 0) {
			if (sirtFull == null) // no SIRT row asked for: the start's own, at the default iterations
				sirtFull = Sirt.reconstruct(op, y, DEFAULT_SIRT_ITERATIONS,
						s.nonNegative(), support).image();
			// the start: the network fitted to the SIRT image, at a constant rate (as super-resolution's)
			pre = new InrSolver.Pretraining(
					new io.github.reluinr.op.IdentityOperator(n, n),
					sirtFull.reshape((long) n * n, 1).div(scale),
					cfg.copy().prior(null).targetLoss(Double.NaN)
							.epochs(s.pretraining()).lr(PRETRAINING_LR)
							.lrDecay(1).decayHorizon(s.pretraining()));
		}
		ForwardOperator trainOp = op;
		INDArray trainY = y.div(scale);
		if (s.rampWeighted()) { // the same minimisers, a better-conditioned gradient
			RampWeightedOperator weighted = new RampWeightedOperator(op);
			trainOp = weighted;
			trainY = weighted.weigh(trainY);
		}
		InrSolver.Solution sol = InrSolver.solve(trainOp, trainY, n, n, cfg,
				reference, listener, cancelled, pre);
		INDArray out = sol.training().output().mul(scale);
		if (s.nonNegative()) Transforms.relu(out, false);
		Image2D inr = crop(new Image2D(out, n, n), top, left, h, w);
		if (s.consistencyIterations() > 0) {
			// what the views measure from the sinogram, the rest from the network
			long t0 = System.nanoTime();
			double noise = noiseVariance(y, s.anglesDegrees().length, n);
			Cgls.Corrected c = Cgls.correctToDiscrepancy(op, y, out,
					s.consistencyIterations(), support, s.nonNegative(), noise,
					DISCREPANCY_TAU);
			out = c.image(); // clipped by Cgls's last round when non-negative
			int iterations = c.iterations();
			Image2D corrected = crop(new Image2D(out, n, n), top, left, h, w);
			if (listener != null)
				listener.note(consistencyNote(s, iterations, noise, inr,
						corrected, truth, (System.nanoTime() - t0) / 1e9));
			inr = corrected;
		}
		images.add(TaskResult.NamedImage.of(OutputRole.INR, inr));
		images.add(TaskResult.NamedImage.of(OutputRole.FBP, shownFbp));
		if (sirtImage != null)
			images.add(TaskResult.NamedImage.of(OutputRole.SIRT, sirtImage));
		images.add(TaskResult.NamedImage.of(OutputRole.SINOGRAM, sinogram));
		List<MetricsRow> rows = new java.util.ArrayList<>();
		rows.add(Reports.networkRow(TaskDescription.CT, sol, config, truth,
				inr));
		rows.addAll(fbpRows);
		if (sirtRow != null) rows.add(sirtRow);
		return new TaskResult(images, rows);
	}

	/** Morozov's safety factor on the noise level. */
	static final double DISCREPANCY_TAU = 1.2;

	/**
	 * The noise variance of one measurement, from a consistency condition of
	 * the Radon transform (Helgason-Ludwig, order 0): every view sums to the
	 * object's mass, so the views' sums differ only by noise, whose variance in
	 * a sum of n detectors is n sigma^2. Noiseless simulations give about 1e-4
	 * of the sinogram's rms (the projector's interpolation); a measured
	 * sinogram's flux drifts can only raise it, which stops the correction
	 * earlier, the safe side. The largest over channels.
	 */
	static double noiseVariance(INDArray y, int views, int detectors) {
		double worst = 0;
		for (long c = 0; c < y.size(1); c++) {
			float[] v = y.getColumn(c).dup().data().asFloat();
			double[] sums = new double[views];
			double mean = 0;
			for (int a = 0; a < views; a++) {
				for (int d = 0; d < detectors; d++)
					sums[a] += v[a * detectors + d];
				mean += sums[a] / views;
			}
			double var = 0;
			for (double q : sums)
				var += (q - mean) * (q - mean) / Math.max(1, views - 1);
			worst = Math.max(worst, var / detectors);
		}
		return worst;
	}

	/**
	 * The log line of the consistency correction, with both PSNRs when the
	 * truth is known.
	 */
	private static String consistencyNote(Standard s, int iterations,
			double noise, Image2D network, Image2D corrected, Image2D truth,
			double seconds)
	{
		String psnr = "";
		if (truth != null)
			psnr = String.format(java.util.Locale.ROOT,
					"; PSNR %.2f dB (the network's output) -> %.2f dB",
					Reports.psnr(truth, network),
					Reports.psnr(truth, corrected));
		return String.format(java.util.Locale.ROOT,
				"made consistent with the sinogram by %d of at most %d CGLS iterations"
						+ " (stopped at the noise level, sigma %.3g per measurement from the views' sums)%s in %.1f s%s",
				iterations, s.consistencyIterations(), Math.sqrt(noise),
				s.nonNegative()
						? " (clipped to >= 0 every " + Cgls.ROUND + ")"
						: "",
				seconds, psnr);
	}

	private static double peakOf(INDArray image) {
		return Math.max(Math.abs(image.maxNumber().doubleValue()),
				Math.abs(image.minNumber().doubleValue()));
	}

	/**
	 * 1 inside the circle of radius n/2 about pixel (n/2, n/2), which the
	 * detector covers at every angle; [n*n, 1].
	 */
	static INDArray circle(int n) {
		float[] m = new float[n * n];
		double c = n / 2, r = n / 2;
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++)
				m[y * n + x] = (x - c) * (x - c) + (y - c) * (y - c) <= r * r
						? 1f
						: 0f;
		return Nd4j.createFromArray(m).reshape((long) n * n, 1);
	}

	/**
	 * Simulates N projections of the image (optionally with Gaussian noise at
	 * snrDb; NaN = none).
	 */
	public static TaskResult fromImage(Image2D image, int angles,
			double rangeDegrees, double snrDb, TrainingConfig config,
			TrainingListener listener, BooleanSupplier cancelled)
	{
		Normalisation norm = Normalisation.of(image.pixels());
		INDArray x = norm.normalise(image.pixels()).castTo(DataType.FLOAT);
		RadonOperator radon = new RadonOperator(image.height(), image.width(),
				RadonOperator.angles(angles, rangeDegrees));
		INDArray sinogram = Nd4j.create(DataType.FLOAT, radon.outputSize(),
				image.channels());
		radon.apply(x, sinogram);
		if (!Double.isNaN(snrDb)) addNoise(sinogram, snrDb, config.seed());
		TaskResult r = reconstruct(
				radon, sinogram, 1.0, x, InrSolver.mapOutput(config,
						TaskDescription.CT, norm.min(), norm.range()),
				listener, cancelled);
		// back to the image's units; PSNR with peak = range is the same in either
		return inUnits(r, norm, image);
	}

	/**
	 * Reconstructs from a measured sinogram [angles x detectors], used in its
	 * own units: the detector count is the image width, and {@code height} the
	 * image height.
	 */
	public static TaskResult fromSinogram(Image2D sinogram, double rangeDegrees,
			int height, Image2D groundTruth, TrainingConfig config,
			TrainingListener listener, BooleanSupplier cancelled)
	{
		int angles = sinogram.height(), width = sinogram.width();
		RadonOperator radon = new RadonOperator(height, width,
				RadonOperator.angles(angles, rangeDegrees));
		INDArray y = sinogram.pixels().castTo(DataType.FLOAT);
		// Train at unit scale: the Radon transform is linear, so y / s is reconstructed as x / s, with s
		// the peak of the FBP image (a network starting near 0 cannot reach values in the thousands).
		INDArray fbp = FilteredBackProjection.reconstruct(y, radon);
		double scale = Math.max(Math.abs(fbp.maxNumber().doubleValue()),
				Math.abs(fbp.minNumber().doubleValue()));
		if (!(scale > 0)) scale = 1;
		INDArray reference = groundTruth == null
				? null
				: groundTruth.pixels().castTo(DataType.FLOAT).div(scale);
		// pixels are raw * (float) scale, as the float product below computes them
		TaskResult r = reconstruct(radon, y.div(scale), scale, reference,
				InrSolver.mapOutput(config, TaskDescription.CT, 0,
						(float) scale),
				listener, cancelled);
		List<TaskResult.NamedImage> images = r.images();
		Image2D inr = images.get(0).image(), fbpImage = images.get(1).image();
		return new TaskResult(images,
				List.of(withTruth(r.metrics().get(0), groundTruth, inr),
						withTruth(r.metrics().get(1), groundTruth, fbpImage)));
	}

	private static TaskResult reconstruct(RadonOperator radon, INDArray y,
			double scale, INDArray reference, TrainingConfig config,
			TrainingListener listener, BooleanSupplier cancelled)
	{
		int h = radon.height(), w = radon.width();
		long t0 = System.nanoTime();
		INDArray fbp = FilteredBackProjection.reconstruct(y, radon);
		double fbpSeconds = (System.nanoTime() - t0) / 1e9;
		InrSolver.Solution s = InrSolver.solve(radon, y, h, w, config,
				reference, listener, cancelled);
		Image2D inr = new Image2D(s.training().output().mul(scale), h, w);
		Image2D fbpImage = new Image2D(fbp.muli(scale), h, w);
		Image2D sino = new Image2D(y.mul(scale), radon.angleCount(), w);
		Image2D truth = reference == null
				? null
				: new Image2D(reference.mul(scale), h, w);
		return new TaskResult(
				List.of(TaskResult.NamedImage.of(OutputRole.INR, inr),
						TaskResult.NamedImage.of(OutputRole.FBP, fbpImage),
						TaskResult.NamedImage.of(OutputRole.SINOGRAM, sino)),
				List.of(Reports.networkRow(TaskDescription.CT, s, config, truth,
						inr),
						Reports.baselineRow(TaskDescription.CT, "fbp",
								fbpSeconds, truth, fbpImage)));
	}

	private static TaskResult inUnits(TaskResult r, Normalisation norm,
			Image2D truth)
	{
		List<TaskResult.NamedImage> images = r.images().stream()
				.map(ni -> ni.role() == OutputRole.SINOGRAM
						? ni
						: new TaskResult.NamedImage(ni.role(), ni.name(),
								new Image2D(
										norm.denormalise(ni.image().pixels())
												.castTo(DataType.FLOAT),
										truth.height(), truth.width())))
				.toList();
		return new TaskResult(images, List.of(
				withTruth(r.metrics().get(0), truth, images.get(0).image()),
				withTruth(r.metrics().get(1), truth, images.get(1).image())));
	}

	private static MetricsRow withTruth(MetricsRow row, Image2D truth,
			Image2D estimate)
	{
		return row.withScores(Reports.psnr(truth, estimate),
				Reports.ssim(truth, estimate));
	}

	/**
	 * Adds white Gaussian noise with power = signal power / 10^(snr/10),
	 * seeded.
	 */
	static void addNoise(INDArray sinogram, double snrDb, long seed) {
		float[] v = sinogram.dup('c').data().asFloat();
		double power = 0;
		for (float f : v)
			power += (double) f * f;
		double sigma = Math.sqrt(power / v.length / Math.pow(10, snrDb / 10));
		SplittableRandom random = new SplittableRandom(seed ^ 0x5EED);
		for (int i = 0; i < v.length; i++)
			v[i] += (float) (sigma * gaussian(random));
		sinogram.assign(Nd4j.create(v, sinogram.shape(), 'c'));
	}

	private static double gaussian(SplittableRandom r) {
		double u = r.nextDouble(), w = r.nextDouble();
		return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
	}
}
