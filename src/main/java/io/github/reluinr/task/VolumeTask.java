package io.github.reluinr.task;

import io.github.reluinr.backend.Backend;
import io.github.reluinr.image.Normalisation;
import io.github.reluinr.image.VolumeGrid;
import io.github.reluinr.metric.Psnr;
import io.github.reluinr.metric.Ssim;
import io.github.reluinr.model.InrModel;
import io.github.reluinr.model.ModelFileException;
import io.github.reluinr.nn.Activations;
import io.github.reluinr.nn.BwRelu;
import io.github.reluinr.nn.Mlp;
import io.github.reluinr.nn.Network;
import io.github.reluinr.nn.PositionalEncoding;
import io.github.reluinr.nn.VariationNorm;
import io.github.reluinr.op.AxialPoolOperator;
import io.github.reluinr.op.ForwardOperator;
import io.github.reluinr.op.IdentityOperator;
import io.github.reluinr.train.Trainer;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import io.github.reluinr.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stacks as volumes: one network f(x, y, z) for the whole stack, on coordinates
 * in which a unit of length is the same along every axis ({@link VolumeGrid}:
 * the longest physical extent is [-1, 1]).
 * <ul>
 * <li>{@link #fit}: A = identity on the stack's own voxels.
 * <li>{@link #isotropic}: the network lives on a grid with scaleZ times more
 * planes (and scaleXY times more pixels per side), and A averages each scaleZ
 * consecutive planes (x scaleXY x scaleXY pixels, {@link AxialPoolOperator})
 * back to the measured stack. The baseline is ImageJ's Image > Scale with
 * bilinear interpolation ({@link ImageJInterpolation}).
 * </ul>
 * Metrics over the whole volume: PSNR with peak = max - min of the truth
 * volume; SSIM per XY plane (scikit-image's, data range that of the whole truth
 * volume) averaged over the planes (null below 11 x 11).
 */
public final class VolumeTask {

	public static final String FIT = "fit-volume";
	public static final String ISOTROPIC = "iso-superres";
	public static final String INTERPOLATION = "z-interpolation";

	private VolumeTask() {
	}

	/**
	 * Defaults for volumes: the paper's fit settings (c 9, lr 4e-3 decaying to
	 * 0.1 x) at 3 x 128 and 300 epochs, so that a 128 x 128 x 32 stack takes
	 * minutes on 2 cores; the 3 x 300 costs about 5 x more per epoch.
	 */
	public static TrainingConfig fitRecipe() {
		return TrainingConfig.fit().width(128).epochs(300);
	}

	/**
	 * Defaults for isotropic super-resolution: the paper's super-resolution
	 * settings (c 3, lr 3e-3 decaying to 0.2 x) at 3 x 128 and 300 epochs.
	 */
	public static TrainingConfig isotropicRecipe() {
		return TrainingConfig.superResolution().width(128).epochs(300);
	}

	/**
	 * Fits one network to the whole stack; metrics against {@code groundTruth}
	 * when given, else the input.
	 */
	public static VolumeResult fit(Volume input, Volume groundTruth,
			TrainingConfig config, TrainingListener listener,
			BooleanSupplier cancelled)
	{
		requireSameGrid(groundTruth, input.depth(), input.height(),
				input.width(), input.channels());
		Normalisation norm = Normalisation.of(input.pixels());
		INDArray y = norm.normalise(input.pixels()).castTo(DataType.FLOAT);
		int d = input.depth(), h = input.height(), w = input.width();
		VolumeGrid.Extents e = VolumeGrid.extents(d, h, w, input.voxelWidth(),
				input.voxelHeight(), input.voxelDepth());
		INDArray coords = VolumeGrid.grid(d, h, w, e);
		TrainingConfig mapped = InrSolver.mapOutput(config, FIT, norm.min(),
				norm.range());
		Solved s = solve(new IdentityOperator(d * h, w), y, coords, d, h, w, e,
				input, input.voxelDepth(), mapped, y, listener, cancelled);
		coords.close();
		INDArray out = norm.denormalise(s.output).castTo(DataType.FLOAT);
		Volume result = input.withPixels(out, d, h, w, input.voxelWidth(),
				input.voxelHeight(), input.voxelDepth());
		Volume truth = groundTruth != null ? groundTruth : input;
		MetricsRow row = networkRow(FIT, s, config, truth, result);
		return new VolumeResult(
				List.of(new VolumeResult.NamedVolume("INR", result)),
				List.of(row));
	}

	/**
	 * Isotropic super-resolution: the output has scaleZ times more planes (z
	 * spacing divided by scaleZ) and scaleXY times more pixels per side; the
	 * INR's and ImageJ's interpolation's volumes and rows, scored against
	 * {@code groundTruth} (the output's size) when given.
	 */
	public static VolumeResult isotropic(Volume input, int scaleZ, int scaleXY,
			Volume groundTruth, TrainingConfig config,
			TrainingListener listener, BooleanSupplier cancelled)
	{
		if (scaleZ < 1 || scaleZ > 64)
			throw new IllegalArgumentException(
					"scale_z must be in [1, 64], got " + scaleZ);
		if (scaleXY < 1 || scaleXY > 16)
			throw new IllegalArgumentException(
					"scale_xy must be in [1, 16], got " + scaleXY);
		if (scaleZ * scaleXY == 1)
			throw new IllegalArgumentException(
					"scale_z and scale_xy are both 1: nothing to super-resolve (use fit-volume)");
		if (input.depth() < 2 && scaleZ > 1)
			throw new IllegalArgumentException(
					"isotropic super-resolution needs a stack of at least 2 planes");
		int d = input.depth() * scaleZ, h = input.height() * scaleXY,
				w = input.width() * scaleXY;
		requireSameGrid(groundTruth, d, h, w, input.channels());
		double vw = input.voxelWidth() / scaleXY,
				vh = input.voxelHeight() / scaleXY,
				vd = input.voxelDepth() / scaleZ;
		Normalisation norm = Normalisation.of(input.pixels());
		INDArray y = norm.normalise(input.pixels()).castTo(DataType.FLOAT);
		AxialPoolOperator pool = new AxialPoolOperator(input.depth(),
				input.height(), input.width(), scaleZ, scaleXY);
		int[] order = pool.naturalIndexOfRow();
		VolumeGrid.Extents e = VolumeGrid.extents(d, h, w, vw, vh, vd);
		INDArray coords = VolumeGrid.grid(d, h, w, e, order);
		int c = input.channels();
		INDArray reference = null;
		if (groundTruth != null) {
			float[] t = Normalisation.of(groundTruth.pixels())
					.normalise(groundTruth.pixels()).castTo(DataType.FLOAT)
					.dup('c').data().asFloat();
			reference = Nd4j.create(AxialPoolOperator.toOrder(t, c, order),
					new long[]{(long) d * h * w, c}, 'c');
		}
		TrainingConfig mapped = InrSolver.mapOutput(config, ISOTROPIC,
				norm.min(), norm.range());
		Solved s = solve(pool, y, coords, d, h, w, e, input, vd, mapped,
				reference, listener, cancelled);
		coords.close();
		float[] raw = s.output.dup('c').data().asFloat();
		INDArray natural = Nd4j.create(
				AxialPoolOperator.fromOrder(raw, c, order),
				new long[]{(long) d * h * w, c}, 'c');
		INDArray out = norm.denormalise(natural).castTo(DataType.FLOAT);
		Volume result = input.withPixels(out, d, h, w, vw, vh, vd);
		long t0 = System.nanoTime();
		Volume interpolated = interpolate(input, scaleZ, scaleXY);
		double seconds = (System.nanoTime() - t0) / 1e9;
		List<VolumeResult.NamedVolume> volumes = new ArrayList<>();
		List<MetricsRow> rows = new ArrayList<>();
		volumes.add(new VolumeResult.NamedVolume("INR", result));
		rows.add(networkRow(ISOTROPIC, s, config, groundTruth, result));
		volumes.add(new VolumeResult.NamedVolume(INTERPOLATION, interpolated));
		rows.add(new MetricsRow(ISOTROPIC, INTERPOLATION, null, null, seconds,
				null, psnr(groundTruth, interpolated),
				ssim(groundTruth, interpolated), null, Backend.describe(),
				null));
		return new VolumeResult(volumes, rows);
	}

	/**
	 * ImageJ's Image > Scale (bilinear) of every channel: (D*scaleZ) x
	 * (H*scaleXY) x (W*scaleXY), calibration divided.
	 */
	public static Volume interpolate(Volume input, int scaleZ, int scaleXY) {
		int d = input.depth(), h = input.height(), w = input.width(),
				c = input.channels();
		int d2 = d * scaleZ, h2 = h * scaleXY, w2 = w * scaleXY;
		float[] all = input.pixels().castTo(DataType.FLOAT).dup('c').data()
				.asFloat();
		float[] out = new float[d2 * h2 * w2 * c];
		float[] one = new float[d * h * w];
		for (int ch = 0; ch < c; ch++) {
			for (int i = 0; i < one.length; i++)
				one[i] = all[i * c + ch];
			float[] r = ImageJInterpolation.scale(one, d, h, w, scaleZ,
					scaleXY);
			for (int i = 0; i < r.length; i++)
				out[i * c + ch] = r[i];
		}
		return input.withPixels(
				Nd4j.create(out, new long[]{(long) d2 * h2 * w2, c}, 'c'), d2,
				h2, w2, input.voxelWidth() / scaleXY,
				input.voxelHeight() / scaleXY, input.voxelDepth() / scaleZ);
	}

	/**
	 * PSNR over the volume, peak = max - min of the truth; null without truth.
	 */
	public static Double psnr(Volume truth, Volume estimate) {
		if (truth == null) return null;
		return Psnr.compute(truth.pixels(), estimate.pixels());
	}

	/**
	 * Mean over the XY planes of scikit-image's SSIM of each plane, with the
	 * data range of the whole truth volume (so every plane is scored on the
	 * same scale); null without truth or below 11 x 11 planes.
	 */
	public static Double ssim(Volume truth, Volume estimate) {
		if (truth == null || truth.height() < Ssim.WINDOW
				|| truth.width() < Ssim.WINDOW)
			return null;
		double range = truth.pixels().maxNumber().doubleValue()
				- truth.pixels().minNumber().doubleValue();
		if (!(range > 0)) return null;
		double sum = 0;
		for (int z = 0; z < truth.depth(); z++) {
			sum += Ssim.compute(truth.plane(z).pixels().dup('c'),
					estimate.plane(z).pixels().dup('c'), truth.height(),
					truth.width(), range);
		}
		return sum / truth.depth();
	}

	/**
	 * The encoding side length of a D x H x W grid for relu-pe: the longest
	 * side.
	 */
	public static int encodingSide(int d, int h, int w) {
		return Math.max(d, Math.max(h, w));
	}

	/**
	 * Bytes a run needs (the memory check before training): the 2-D estimate
	 * applied to the output's voxels.
	 */
	public static long memoryEstimate(long voxels, TrainingConfig config,
			int channels)
	{
		return io.github.reluinr.nn.MemoryBudget.estimate(voxels,
				io.github.reluinr.train.Trainer.tileRowsBeforeStart(),
				config.width(), config.layers(), channels);
	}

	/**
	 * "128 x 128 x 32 voxels (524,288), 3 x 128, 300 epochs" for the log line
	 * before training.
	 */
	public static String describe(int d, int h, int w, TrainingConfig config) {
		return String.format(Locale.ROOT,
				"%d x %d x %d voxels (%,d), %d x %d %s, %d epochs", w, h, d,
				(long) d * h * w, config.layers(), config.width(),
				config.activation(), config.epochs());
	}

	private static void requireSameGrid(Volume v, int d, int h, int w, int c) {
		if (v != null && (v.depth() != d || v.height() != h || v.width() != w
				|| v.channels() != c))
		{
			throw new IllegalArgumentException("the ground truth must be " + w
					+ " x " + h + " x " + d + " with " + c + " channel(s), got "
					+ v.width() + " x " + v.height() + " x " + v.depth()
					+ " with " + v.channels());
		}
	}

	private static MetricsRow networkRow(String task, Solved s,
			TrainingConfig config, Volume truth, Volume estimate)
	{
		boolean bw = "bw-relu".equals(s.method);
		TrainingResult t = s.training;
		return new MetricsRow(task, s.method, bw ? config.c() : null,
				t.epochsRun(), t.seconds(), t.finalLoss(),
				psnr(truth, estimate), ssim(truth, estimate), s.variationNorm,
				Backend.describe(), t.stopReason());
	}

	private record Solved(INDArray output, TrainingResult training,
			Double variationNorm, String method) {
	}

	/**
	 * Trains the network on coords (in the operator's input order) and hands it
	 * to the config's model sink as a 3-D model.
	 */
	private static Solved solve(ForwardOperator op, INDArray y, INDArray coords,
			int d, int h, int w, VolumeGrid.Extents e, Volume calibration,
			double voxelDepth, TrainingConfig config, INDArray reference,
			TrainingListener listener, BooleanSupplier cancelled)
	{
		String method = Activations.check(config.activation());
		int side = Activations.encodesPositions(method)
				? encodingSide(d, h, w)
				: 0;
		INDArray in = side > 0
				? PositionalEncoding.encode(coords, side)
				: coords;
		try (Network net = Activations.network(method, (int) in.size(1),
				config.width(), config.layers(), (int) y.size(1), config.c(),
				config.omega0(), config.sigma0(), config.seed()))
		{
			InrModel init = config.initModel();
			if (init != null) {
				if (init.dimension() != 3)
					throw new ModelFileException(
							"init_model is a 2-D model; a volume needs a model trained on a volume");
				String mismatch = init.mismatch(method, config.width(),
						config.layers(), net.outputs(), config.c(),
						config.omega0(), config.sigma0(), encodingSide(d, h, w),
						encodingSide(d, h, w));
				if (mismatch != null) throw new ModelFileException(mismatch);
				init.loadInto(net);
			}
			TrainingResult r = new Trainer(config).train(net, in, op, y,
					reference, listener, cancelled);
			Double vn = net instanceof Mlp mlp
					&& mlp.activation() instanceof BwRelu
							? VariationNorm.of(mlp)
							: null;
			if (config.modelSink() != null) {
				config.modelSink().accept(InrModel
						.ofVolume(net, method, config.c(), config.omega0(),
								config.sigma0(), config.width(),
								config.layers(), side, d, h, w, e.toArray())
						.withCalibration(
								calibration.voxelWidth() * calibration.width()
										/ w,
								calibration.voxelHeight() * calibration.height()
										/ h,
								calibration.unit())
						.withVoxelDepth(voxelDepth).withRun(r.epochsRun(),
								r.bestEpoch(), r.finalLoss(), r.bestLoss(),
								r.stopReason().csv(), vn));
			}
			return new Solved(r.output(), r, vn, method);
		}
		finally {
			if (in != coords) in.close();
		}
	}
}
