package io.github.reluinr.imagej;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.measure.Calibration;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;
import io.github.reluinr.model.InrModel;
import io.github.reluinr.model.ModelFile;
import io.github.reluinr.task.Image2D;
import io.github.reluinr.task.MetricsCsv;
import io.github.reluinr.task.MetricsRow;
import io.github.reluinr.task.Volume;
import io.github.reluinr.task.VolumeResult;
import io.github.reluinr.task.VolumeTask;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.factory.Nd4j;
import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

/**
 * What the volume commands share (issue 21): a stack - or a hyperstack's z at
 * the current channel and frame, every channel with {@code all_channels} (one
 * network per channel) - becomes a {@link Volume} with the stack's calibration,
 * the engine ({@link VolumeTask}) trains one network on it, and the results
 * come back as stacks with the input's calibration (z spacing divided by the
 * output's extra planes). Field names are the macro keys, the same as the image
 * commands' where they mean the same. Every file goes through
 * {@link OutputPlan}. Subclasses only name the task, its defaults and the
 * engine call.
 */
public abstract class VolumeCommand extends ContextCommand {

	@Parameter
	protected LogService log;

	@Parameter
	protected StatusService status;

	@Parameter(label = "Stack", required = false, persist = false, description = "The stack to work on (the active image); in a macro or script, leave it out to use input_file")
	protected ImagePlus image;

	@Parameter(label = "Input file", required = false, persist = false, description = "Read the stack from this file instead of an open image")
	protected File input_file;

	@Parameter(label = "Ground truth file (optional)", required = false, persist = false, style = FileWidget.OPEN_STYLE, description = "A stack of the result's size to score PSNR/SSIM against")
	protected File ground_truth_file;

	@Parameter(label = "Output file (.tif)", required = false, persist = false, style = FileWidget.SAVE_STYLE, description = "Save the 32-bit result stack here, with an 8-bit PNG preview (its middle plane) beside it")
	protected File output_file;

	@Parameter(label = "Metrics file (.csv)", required = false, persist = false, style = FileWidget.SAVE_STYLE)
	protected File metrics_file;

	@Parameter(label = "Model file (.inr.npz, optional)", required = false, persist = false, style = FileWidget.SAVE_STYLE, description = "Save the trained 3-D network here: Render INR samples XY, XZ or YZ planes or the whole volume from it")
	protected File model_file;

	@Parameter(persist = false, label = "Epochs", min = "1", max = "1000000")
	protected int epochs;

	/**
	 * A volume's epoch costs as many 2-D epochs as it has planes, so 300 epochs
	 * of a real stack can take hours: by default a run stops at 15 minutes per
	 * channel with the best result so far (0: no budget).
	 */
	static final double DEFAULT_MAX_MINUTES = 15;

	@Parameter(persist = false, label = "Time budget (minutes, 0 = none)", min = "0", max = "100000", required = false, description = "Stop after the epoch during which this much time has passed, with the best result so far (default 15 per channel; 0: none)")
	protected double max_minutes = DEFAULT_MAX_MINUTES;

	@Parameter(persist = false, label = "Width (neurons per layer)", min = "1", max = "4096")
	protected int width;

	@Parameter(persist = false, label = "Layers (hidden)", min = "1", max = "32")
	protected int layers;

	@Parameter(persist = false, label = "c (BW-ReLU scale)", min = "0.001", max = "1000", stepSize = "0.5")
	protected double c;

	/**
	 * 0: the method's own default (Appendix D), resolved in {@link #config}; a
	 * value given is kept, whatever it equals.
	 */
	@Parameter(persist = false, label = "Learning rate (0 = the method's default)", min = "0", max = "1", stepSize = "0.0005", style = "format:0.0000")
	protected double lr;

	@Parameter(persist = false, label = "Learning rate decay (factor reached at the last epoch)", min = "0.000001", max = "1", stepSize = "0.05")
	protected double lr_decay;

	@Parameter(persist = false, label = "Activation", choices = {"bw-relu",
			"relu", "relu-pe", "siren", "wire", "gauss"})
	protected String activation = "bw-relu";

	@Parameter(persist = false, label = "Seed")
	protected int seed;

	@Parameter(persist = false, label = "Device", choices = {"auto", "cpu",
			"gpu"})
	protected String device = "auto";

	@Parameter(persist = false, label = "All channels (one network each)", required = false)
	protected boolean all_channels;

	@Parameter(label = "Show results", visibility = ItemVisibility.INVISIBLE, required = false, persist = false)
	protected boolean show_results = true;

	@Parameter(label = "Metrics", type = ItemIO.OUTPUT)
	protected ResultsTable metrics;

	/** This run's {@link #scales}, resolved once from the input. */
	protected int[] resolvedScales = {1, 1};
	private final List<VolumeResult> results = new ArrayList<>();
	private final List<ImagePlus> outputs = new ArrayList<>();
	private String error;
	private volatile boolean stopRequested;
	private List<MetricsRow> writtenRows = List.of();

	protected VolumeCommand() {
		TrainingConfig d = defaults();
		epochs = d.epochs();
		width = d.width();
		layers = d.layers();
		c = d.c();
		lr_decay = d.lrDecay();
	}

	/** Task name in metrics ("fit-volume", "iso-superres"). */
	protected abstract String task();

	/** Default training settings. */
	protected abstract TrainingConfig defaults();

	/**
	 * Extra planes (z) and pixels per side (x, y) of the result: {1, 1} for a
	 * fit.
	 */
	protected int[] scales(ImagePlus input) {
		return new int[]{1, 1};
	}

	/** Checks of the task's own parameters (throw InvalidInputException). */
	protected void checkTaskParameters() {
	}

	/**
	 * Files the task writes beyond output_file (key -> file), e.g. the
	 * interpolation's stack.
	 */
	protected Map<String, File> extraOutputs() {
		return Map.of();
	}

	/** Runs the engine on one channel's volume. */
	protected abstract VolumeResult runTask(Volume input, Volume groundTruth,
			TrainingConfig config, TrainingListener listener,
			BooleanSupplier cancelled);

	public String error() {
		return error;
	}
	public List<VolumeResult> results() {
		return results;
	}
	public List<ImagePlus> outputImages() {
		return outputs;
	}

	/**
	 * Stops training at the next epoch (the best result so far is written).
	 * Safe from any thread.
	 */
	public void requestStop() {
		stopRequested = true;
	}

	protected TrainingConfig config() {
		TrainingConfig cfg = defaults().epochs(epochs).width(width)
				.layers(layers).c(c).lrDecay(lr_decay).seed(seed)
				.activation(activation);
		if (lr > 0) cfg.lr(lr);
		if (!"bw-relu".equals(activation)) {
			TrainingConfig d = defaults();
			TrainingConfig m = io.github.reluinr.train.MethodDefaults.apply(d,
					activation,
					this instanceof IsotropicSuperResolutionCommand
							? io.github.reluinr.train.MethodDefaults.Task.SUPER_RESOLUTION
							: io.github.reluinr.train.MethodDefaults.Task.FIT);
			if (!(lr > 0)) cfg.lr(m.lr());
			cfg.omega0(m.omega0()).sigma0(m.sigma0());
		}
		if (max_minutes > 0) cfg.maxSeconds(max_minutes * 60);
		return cfg;
	}

	@Override
	public void run() {
		try {
			execute();
		}
		catch (InvalidInputException e) {
			fail(e.getMessage());
		}
		catch (IllegalArgumentException e) {
			fail(e.getMessage());
		}
		catch (io.github.reluinr.model.ModelFileException e) {
			fail("model: " + e.getMessage());
		}
		catch (OutOfMemoryError e) {
			fail("out of memory: " + e.getMessage()
					+ " - use a smaller width, a smaller stack, or a GPU");
		}
	}

	private void fail(String message) {
		error = message;
		cancel(message);
		InrCommand.report(log, show_results, message);
	}

	private void checkParameters() {
		Checks.range("epochs", epochs, 1, 1_000_000);
		Checks.range("width", width, 1, 4096);
		Checks.range("layers", layers, 1, 32);
		Checks.rangeOpenBelow("c", c, 0, 1000);
		Checks.range("lr", lr, 0, 1); // 0: the method's default
		Checks.rangeOpenBelow("lr_decay", lr_decay, 0, 1);
		Checks.range("max_minutes", max_minutes, 0, 100_000);
		if (!io.github.reluinr.nn.Activations.NAMES.contains(activation)) {
			throw new InvalidInputException("activation = " + activation
					+ " is not allowed: use one of " + String.join(", ",
							io.github.reluinr.nn.Activations.NAMES));
		}
		if (!List.of("auto", "cpu", "gpu").contains(device))
			throw new InvalidInputException("device = " + device
					+ " is not allowed: use auto, cpu or gpu");
		checkTaskParameters();
		Checks.writable("output_file", output_file);
		Checks.writable("metrics_file", metrics_file);
		Checks.writable("model_file", model_file);
		for (Map.Entry<String, File> e : extraOutputs().entrySet())
			Checks.writable(e.getKey(), e.getValue());
	}

	private ImagePlus resolveInput() {
		if (OutputPlan.present(input_file))
			return Checks.open("input_file", input_file);
		if (image != null) return image;
		ImagePlus active = WindowManager.getCurrentImage();
		if (active != null) return active;
		throw new InvalidInputException(
				"no stack open: open one first, or give input_file");
	}

	/**
	 * Every file the run reads and writes, checked before training and written
	 * together at the end.
	 */
	private OutputPlan planFiles(List<InrModel> models,
			List<Integer> channels)
	{
		OutputPlan plan = new OutputPlan();
		plan.read("input_file", input_file);
		if (!OutputPlan.present(input_file))
			plan.read("image", fileOf(
					image != null ? image : WindowManager.getCurrentImage()));
		plan.read("ground_truth_file", ground_truth_file);
		OutputFiles.plan(plan, "output_file", output_file,
				() -> outputs.isEmpty() ? null : outputs.get(0));
		int k = 1;
		for (Map.Entry<String, File> e : extraOutputs().entrySet()) {
			int index = k++;
			OutputFiles.plan(plan, e.getKey(), e.getValue(),
					() -> outputs.size() > index ? outputs.get(index) : null);
		}
		if (OutputPlan.present(model_file)) {
			int n = all_channels ? channels.size() : 1;
			for (int i = 0; i < n; i++) {
				int index = i;
				File f = n > 1
						? InrCommand.withSuffix(model_file,
								"-channel" + channels.get(i))
						: model_file;
				plan.write("model_file",
						n > 1 ? "model_file's " + f.getName() : "model_file", f,
						(target, tmp) -> {
							if (models.size() <= index)
								throw new IOException(
										"model_file: no trained network to save");
							ModelFile.write(tmp, models.get(index));
						});
			}
		}
		plan.write("metrics_file", metrics_file,
				(OutputPlan.UnderLock) (target, tmp) -> java.nio.file.Files
						.writeString(tmp,
								MetricsCsv.appended(target, writtenRows),
								java.nio.charset.StandardCharsets.UTF_8));
		plan.check();
		if (OutputPlan.present(metrics_file)) {
			try {
				String conflict = MetricsCsv.headerConflict(
						metrics_file.toPath(), MetricsRow.COLUMNS);
				if (conflict != null)
					throw new InvalidInputException(
							"metrics_file: " + metrics_file + " " + conflict);
			}
			catch (IOException e) {
				throw new InvalidInputException("metrics_file: cannot read "
						+ metrics_file + ": " + e.getMessage());
			}
		}
		return plan;
	}

	private void execute() {
		checkParameters();
		ImagePlus input = resolveInput();
		if (input.getType() == ImagePlus.COLOR_RGB)
			throw new InvalidInputException(
					"the stack is RGB: split it into channels first (Image > Color > Split Channels, or Make Composite)");
		int slices = input.getNSlices();
		if (slices < 2)
			throw new InvalidInputException("the image has " + slices
					+ " z slice" + (slices == 1 ? "" : "s")
					+ ": a volume needs at least 2 (a time series or channels are not z: use Image > Properties or Re-order Hyperstack)");
		Rectangle region = ImagePlusAdapter.selection(input);
		List<Integer> channels = new ArrayList<>();
		if (all_channels) for (int ch = 1; ch <= input.getNChannels(); ch++)
			channels.add(ch);
		else channels.add(input.getChannel());
		int frame = input.getFrame();
		int[] s = scales(input);
		resolvedScales = s;
		int w = region != null ? region.width : input.getWidth(),
				h = region != null ? region.height : input.getHeight();
		if (w < 2 || h < 2)
			throw new InvalidInputException("the stack is " + w + "x" + h
					+ ": at least 2x2 pixels per plane are needed");
		long voxels = (long) slices * s[0] * h * s[1] * w * s[1];
		String refusal = io.github.reluinr.nn.MemoryBudget.refusal(voxels,
				io.github.reluinr.train.Trainer.tileRowsBeforeStart(), width,
				layers, 1);
		if (refusal != null) throw new InvalidInputException(refusal);
		List<InrModel> models = new ArrayList<>();
		OutputPlan files = planFiles(models, channels);
		Volume truthAll = null;
		ImagePlus truthImage = OutputPlan.present(ground_truth_file)
				? Checks.open("ground_truth_file", ground_truth_file)
				: null;
		if (truthImage != null && (truthImage.getNSlices() != slices * s[0]
				|| truthImage.getWidth() != w * s[1]
				|| truthImage.getHeight() != h * s[1]))
		{
			throw new InvalidInputException("ground_truth_file: "
					+ ground_truth_file.getName() + " is "
					+ truthImage.getWidth() + " x " + truthImage.getHeight()
					+ " x " + truthImage.getNSlices() + ", the result is "
					+ (w * s[1]) + " x " + (h * s[1]) + " x "
					+ (slices * s[0]));
		}

		io.github.reluinr.backend.Backend.Info info = io.github.reluinr.backend.Nd4jStartup
				.info();
		Devices.check(device, info, log);
		TrainingConfig base = config();
		double estimate = Estimate.seconds(voxels, width, layers, 1, epochs)
				* channels.size();
		log.info(String.format(Locale.ROOT,
				"%s on %s: %s, backend %s; about %s by the image commands' speed model (narrow 3-D networks run slower; the line after the first epoch measures it)%s",
				task(), input.getTitle(),
				VolumeTask.describe(slices * s[0], h * s[1], w * s[1], base),
				info.describe(), Estimate.duration(estimate),
				max_minutes > 0
						? String.format(Locale.ROOT,
								" (time budget %.0f min per channel)",
								max_minutes)
						: ""));
		String name = OutputPlan.present(input_file)
				? input_file.getName()
				: input.getTitle();
		ProgressReporter progress = new ProgressReporter(status, log,
				show_results && !GraphicsEnvironment.isHeadless()
						&& !Interpreter.isBatchMode(),
				input.getTitle());
		BooleanSupplier stop = () -> stopRequested || isCanceled()
				|| Thread.currentThread().isInterrupted()
				|| (IJ.getInstance() != null && IJ.escapePressed());
		Map<String, List<Volume>> byRole = new LinkedHashMap<>();
		List<MetricsRow> rows = new ArrayList<>();
		for (int ch : channels) {
			if (stop.getAsBoolean()) break;
			Volume v = volume(input, ch, frame, region);
			Volume truth = truthImage == null
					? null
					: volume(truthImage,
							Math.min(ch, truthImage.getNChannels()), 1, null);
			TrainingConfig cfg = base.copy();
			if (OutputPlan.present(model_file)) cfg.modelSink(models::add);
			VolumeResult r = runTask(v, truth, cfg, progress, stop);
			results.add(r);
			for (VolumeResult.NamedVolume nv : r.volumes())
				byRole.computeIfAbsent(nv.role(), x -> new ArrayList<>())
						.add(nv.volume());
			for (MetricsRow row : r.metrics())
				rows.add(row.withSource(name,
						all_channels && channels.size() > 1 ? ch : null));
		}
		progress.done();
		if (results.isEmpty()) {
			fail(stopRequested
					? "stopped before the first result: nothing was written"
					: "cancelled before the first result");
			return;
		}
		Calibration cal = input.getCalibration().copy();
		cal.pixelWidth /= s[1];
		cal.pixelHeight /= s[1];
		cal.pixelDepth /= s[0];
		for (Map.Entry<String, List<Volume>> e : byRole.entrySet()) {
			ImagePlus out = toImagePlus(
					InrCommand.strip(input.getTitle()) + " - " + e.getKey()
							+ (s[0] > 1 ? " z x" + s[0] : ""),
					e.getValue(), cal);
			outputs.add(out);
			if (show_results) InrCommand.show(out);
		}
		for (int i = 0; i < models.size(); i++)
			models.set(i,
					models.get(i)
							.withCalibration(cal.pixelWidth, cal.pixelHeight,
									cal.getUnit())
							.withVoxelDepth(cal.pixelDepth));
		metrics = MetricsTable.append(InrCommand.strip(input.getTitle()), rows,
				show_results);
		writtenRows = rows;
		try {
			files.commit();
			if (OutputPlan.present(model_file))
				for (OutputPlan.Write wr : files.writes())
				if (wr.key().equals("model_file"))
					log.info("model saved: " + wr.file());
		}
		catch (IOException ex) {
			fail("could not write the outputs: " + ex.getMessage());
		}
	}

	/**
	 * The z planes of one channel at one frame (1-based), cropped to the
	 * region, with the stack's voxel sizes.
	 */
	static Volume volume(ImagePlus imp, int channel, int frame,
			Rectangle region)
	{
		int d = imp.getNSlices();
		List<Image2D> planes = new ArrayList<>();
		for (int z = 1; z <= d; z++)
			planes.add(ImagePlusAdapter.toImage2D(imp,
					imp.getStackIndex(channel, z, frame), region));
		int h = planes.get(0).height(), w = planes.get(0).width();
		float[] all = new float[d * h * w];
		for (int z = 0; z < d; z++) {
			float[] p = planes.get(z).pixels()
					.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c')
					.data().asFloat();
			System.arraycopy(p, 0, all, z * h * w, h * w);
		}
		for (float f : all)
			if (!Float.isFinite(f))
				throw new InvalidInputException(
						"the stack has NaN or infinite voxels: replace them first (Process > Math > Remove NaNs)");
		Calibration cal = imp.getCalibration();
		boolean calibrated = cal.scaled() || cal.pixelDepth != 1;
		double vw = calibrated && cal.pixelWidth > 0 ? cal.pixelWidth : 1,
				vh = calibrated && cal.pixelHeight > 0 ? cal.pixelHeight : 1;
		double vd = cal.pixelDepth > 0 ? cal.pixelDepth : 1;
		return new Volume(Nd4j.create(all, new long[]{all.length, 1}, 'c'), d,
				h, w, vw, vh, vd, cal.getUnit());
	}

	/**
	 * A 32-bit stack (C channels x D slices) of one volume per channel, with
	 * the calibration given.
	 */
	static ImagePlus toImagePlus(String title, List<Volume> channels,
			Calibration cal)
	{
		Volume first = channels.get(0);
		int d = first.depth(), h = first.height(), w = first.width();
		ImageStack stack = new ImageStack(w, h);
		float[][] data = new float[channels.size()][];
		for (int ch = 0; ch < channels.size(); ch++)
			data[ch] = channels.get(ch).pixels()
					.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c')
					.data().asFloat();
		for (int z = 0; z < d; z++) {
			for (int ch = 0; ch < channels.size(); ch++) {
				float[] p = new float[h * w];
				System.arraycopy(data[ch], z * h * w, p, 0, h * w);
				stack.addSlice(new FloatProcessor(w, h, p));
			}
		}
		ImagePlus imp = new ImagePlus(title, stack);
		imp.setDimensions(channels.size(), d, 1);
		imp.setCalibration(cal);
		if (channels.size() > 1) {
			imp.setOpenAsHyperStack(true);
			imp = new CompositeImage(imp, CompositeImage.COLOR);
		}
		imp.setSlice(Math.max(1, (d / 2) * channels.size() + 1));
		imp.resetDisplayRange();
		return imp;
	}

	private static File fileOf(ImagePlus imp) {
		if (imp == null) return null;
		ij.io.FileInfo fi = imp.getOriginalFileInfo();
		if (fi == null || fi.fileName == null || fi.fileName.isEmpty()
				|| fi.directory == null || fi.directory.isEmpty())
			return null;
		return new File(fi.directory, fi.fileName);
	}
}
