package io.github.reluinr.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.measure.Calibration;
import ij.measure.ResultsTable;
import io.github.reluinr.backend.DeviceSelection;
import io.github.reluinr.backend.Nd4jStartup;
import io.github.reluinr.task.Image2D;
import io.github.reluinr.task.InvalidTaskException;
import io.github.reluinr.task.MetricsCsv;
import io.github.reluinr.task.MetricsRow;
import io.github.reluinr.task.OutputRole;
import io.github.reluinr.task.TaskDescription;
import io.github.reluinr.task.TaskResult;
import io.github.reluinr.task.TrainingRequest;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

/**
 * What every INR command shares: the training parameters (field names are the
 * macro keys), input from the active image or {@code input_file}, checks before
 * ND4J starts, progress, cancel, result windows, the "INR Metrics" table, and
 * file outputs. Subclasses only name the task and call the engine.
 */
public abstract class InrCommand extends ContextCommand {

	// No input persists: a dialog, macro or script always starts from the paper's defaults, and a
	// headless run never picks up a value that an earlier run (or an earlier error) left behind.
	public static final String MENU = "Plugins>Implicit Neural Representations>";
	public static final String TABLE_TITLE = "INR Metrics";

	@Parameter
	protected LogService log;

	@Parameter
	protected StatusService status;

	@Parameter(label = "Image", required = false, persist = false, callback = "updateEstimate", description = "The image to work on (the active image); in a macro or script, leave it out to use input_file")
	protected ImagePlus image;

	@Parameter(label = "Input file", required = false, persist = false, description = "Read the input from this file instead of an open image")
	protected File input_file;

	@Parameter(label = "Output file (.tif)", required = false, persist = false, style = FileWidget.SAVE_STYLE, description = "Save the 32-bit result here, with an 8-bit PNG preview beside it")
	protected File output_file;

	@Parameter(label = "Metrics file (.csv)", required = false, persist = false, style = FileWidget.SAVE_STYLE)
	protected File metrics_file;

	@Parameter(label = "Model file (.inr.npz, optional)", required = false, persist = false, style = FileWidget.SAVE_STYLE, description = "Save the trained network here (NumPy .npz): Render INR samples it at any size, init_model continues from it")
	protected File model_file;

	@Parameter(label = "Start from model (.inr.npz, optional)", required = false, persist = false, style = FileWidget.OPEN_STYLE, description = "Train from a saved network instead of a random one (same method, width, layers, channels and scales)")
	protected File init_model;

	// The training settings below start at 0, "not given": the task description resolves each to its default
	// for the chosen task and method (TaskDescription.config); the dialog shows the resolved values.

	/**
	 * How long it trains when epochs is not given (the dialog fills epochs from
	 * it); a macro may give either.
	 */
	@Parameter(persist = false, label = "Duration", choices = {DURATION_DEFAULT,
			DURATION_QUICK,
			DURATION_CUSTOM}, callback = "durationChanged", description = "default: the task's epochs (the paper's, or the task's recipe); quick: a tenth of them, for a first look; custom: the epochs below")
	protected String duration = DURATION_DEFAULT;

	static final String DURATION_DEFAULT = "default", DURATION_QUICK = "quick",
			DURATION_CUSTOM = "custom";

	@Parameter(persist = false, label = "Epochs (how long it trains)", min = "0", max = "1000000", callback = "epochsChanged", description = "Training steps over every pixel; the line below shows the time they take for this image (0: the task's default)")
	protected int epochs;

	/**
	 * Dialog only (a MESSAGE item: never a macro key, never recorded): the
	 * image's size and the time the run takes.
	 */
	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	protected String run_estimate = "";

	@Parameter(persist = false, label = "Time budget (minutes, 0 = none)", min = "0", max = "100000", required = false, description = "Stop after the epoch during which this much time has passed, with the best result so far (stop_reason time)")
	protected double max_minutes;

	/**
	 * Dialog only: heads the network and optimiser settings, which default to
	 * the paper's.
	 */
	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	protected String advanced_settings = "<html><b>Advanced</b>: network and optimiser (the paper's defaults)</html>";

	@Parameter(persist = false, label = "Width (neurons per layer)", min = "0", max = "4096", callback = "updateEstimate")
	protected int width;

	@Parameter(persist = false, label = "Layers (hidden)", min = "0", max = "32", callback = "updateEstimate")
	protected int layers;

	@Parameter(persist = false, label = "c (BW-ReLU scale)", min = "0", max = "1000", stepSize = "0.5")
	protected double c;

	@Parameter(persist = false, label = "Learning rate", min = "0", max = "1", stepSize = "0.0005", style = "format:0.0000")
	protected double lr;

	@Parameter(persist = false, label = "Learning rate decay (factor reached at the horizon)", min = "0", max = "1", stepSize = "0.05")
	protected double lr_decay;

	@Parameter(persist = false, label = "Decay horizon (epochs, 0 = task default)", min = "0", max = "1000000")
	protected int decay_horizon;

	@Parameter(persist = false, label = "Activation", choices = {"bw-relu",
			"relu", "relu-pe", "siren", "wire",
			"gauss"}, callback = "activationChanged", description = "bw-relu is the paper's; the others are its comparisons (choosing one sets its learning rate and scales from Appendix D)")
	protected String activation = "bw-relu";

	@Parameter(persist = false, label = "omega0 (siren, wire)", min = "0", max = "1000")
	protected double omega0;

	@Parameter(persist = false, label = "sigma0 (wire, gauss)", min = "0", max = "1000")
	protected double sigma0;

	@Parameter(persist = false, label = "Seed")
	protected int seed;

	@Parameter(persist = false, label = "Device", choices = {"auto", "cpu",
			"gpu"})
	protected String device = "auto";

	@Parameter(persist = false, label = "All slices", required = false)
	protected boolean all_slices;

	/** False when the caller (the CLI) shows results and messages itself. */
	@Parameter(label = "Show results", visibility = ItemVisibility.INVISIBLE, required = false, persist = false)
	protected boolean show_results = true;

	@Parameter(label = "Metrics", type = ItemIO.OUTPUT)
	protected ResultsTable metrics;

	/**
	 * The engine's result of the last plane, for callers that run the command
	 * programmatically (CLI).
	 */
	private final List<TaskResult> results = new ArrayList<>();
	private final List<ImagePlus> outputs = new ArrayList<>();
	private String error;
	/** The input's rectangular selection (null: whole image). */
	private Rectangle region;

	/**
	 * The task this command runs, built from its inputs (the one thing a
	 * subclass must say); throws {@link InvalidInputException} or
	 * {@link InvalidTaskException} for inputs that do not make one.
	 */
	protected abstract TaskDescription describe();

	/**
	 * The task's own settings, which the dialog shows right after the image
	 * (e.g. scale, angles); none by default.
	 */
	protected List<String> leadingInputs() {
		return List.of();
	}

	/**
	 * Checks of this command's own inputs beyond the task's (throw
	 * InvalidInputException); none by default.
	 */
	protected void checkCommandParameters() {
	}

	/**
	 * Runs the task on one plane: by default once, with the configuration
	 * given.
	 */
	protected TaskResult runTask(TaskDescription task, Image2D plane,
			Image2D groundTruth, TrainingConfig config,
			TrainingListener listener, BooleanSupplier cancelled)
	{
		return task.bind(plane, groundTruth).run(config, listener, cancelled);
	}

	/**
	 * The optional ground truth given as an open image (null: none or not an
	 * input of this command).
	 */
	protected ImagePlus groundTruthImage() {
		return null;
	}

	/**
	 * The optional ground truth given as a file (null: none or not an input of
	 * this command).
	 */
	protected File groundTruthFile() {
		return null;
	}

	/** Title of a result of that name, e.g. "INR" -> "INR x4". */
	protected String titleFor(TaskDescription task, String name) {
		return task.title(name);
	}

	/**
	 * Files written for results other than the main one, by role (a role's file
	 * key is its macro key).
	 */
	protected Map<OutputRole, File> extraOutputs() {
		return Map.of();
	}

	/** The settings as given: 0 for each one not given. */
	protected TrainingRequest request() {
		return new TrainingRequest(epochs, width, layers, c, lr, lr_decay,
				decay_horizon, activation, omega0, sigma0, seed, max_minutes,
				DURATION_QUICK.equals(duration));
	}

	/**
	 * The training configuration these inputs resolve to (the task's defaults
	 * for what is not given).
	 */
	protected TrainingConfig config() {
		return describe().config(request());
	}

	/**
	 * The task's description if the inputs make one, else null (for the dialog,
	 * which must not fail).
	 */
	private TaskDescription describeQuietly() {
		try {
			return describe();
		}
		catch (RuntimeException e) {
			return null;
		}
	}

	/**
	 * Dialog: every training setting not given shows the value it resolves to
	 * for this task and method.
	 */
	protected void showDefaults() {
		TaskDescription t = describeQuietly();
		if (t == null) return;
		TrainingConfig d = t.config(request());
		if (epochs == 0) epochs = d.epochs();
		if (width == 0) width = d.width();
		if (layers == 0) layers = d.layers();
		if (c == 0) c = d.c();
		if (lr == 0) lr = d.lr();
		if (lr_decay == 0) lr_decay = d.lrDecay();
		if (omega0 == 0) omega0 = d.omega0();
		if (sigma0 == 0) sigma0 = d.sigma0();
	}

	/**
	 * The epochs a duration choice gives for this task (not given: default or
	 * quick), or 0 when it cannot say.
	 */
	private int epochsFor(String choice) {
		TaskDescription t = describeQuietly();
		if (t == null) return 0;
		TrainingRequest r = request();
		return t.config(new TrainingRequest(0, r.width(), r.layers(), r.c(),
				r.lr(), r.lrDecay(), r.decayHorizon(), r.activation(),
				r.omega0(), r.sigma0(), r.seed(), r.maxMinutes(),
				DURATION_QUICK.equals(choice))).epochs();
	}

	/**
	 * Dialog callback: default and quick set the epochs they stand for; custom
	 * keeps the epochs field.
	 */
	protected void durationChanged() {
		if (!DURATION_CUSTOM.equals(duration)) {
			int e = epochsFor(duration);
			if (e > 0) epochs = e;
		}
		updateEstimate();
	}

	/**
	 * Dialog callback: epochs typed in that no duration choice gives make the
	 * duration custom.
	 */
	protected void epochsChanged() {
		if (!DURATION_CUSTOM.equals(duration) && epochs != epochsFor(duration))
			duration = DURATION_CUSTOM;
		updateEstimate();
	}

	/**
	 * Dialog: every training setting back to the task's default (a new task was
	 * chosen).
	 */
	protected void resetToDefaults() {
		epochs = width = layers = decay_horizon = 0;
		c = lr = lr_decay = omega0 = sigma0 = 0;
		showDefaults();
	}

	/**
	 * Dialog callback: a method brings its own learning rate and scales for
	 * this task (Appendix D).
	 */
	protected void activationChanged() {
		if (!io.github.reluinr.nn.Activations.NAMES.contains(activation))
			return;
		if (describeQuietly() == null) return; // inputs that describe no task: the fields stay
		lr = c = omega0 = sigma0 = 0; // not given: showDefaults resolves them for this method
		showDefaults();
	}

	/**
	 * Pixels the network is trained on for a plane of this size (the input's if
	 * the task cannot say).
	 */
	private static long trainingPixels(TaskDescription t, int height,
			int width)
	{
		try {
			return t == null
					? (long) height * width
					: t.trainingPixels(height, width);
		}
		catch (RuntimeException e) {
			return (long) height * width;
		}
	}

	/**
	 * Dialog callback: the image's size and the time the chosen epochs take on
	 * it, on this machine.
	 */
	protected void updateEstimate() {
		ImagePlus imp = image != null ? image : WindowManager.getCurrentImage();
		if (imp == null) {
			run_estimate = "<html>No image open: open one, or give input_file in a macro or script.</html>";
			return;
		}
		Rectangle r = ImagePlusAdapter.selection(imp);
		int w = r != null ? r.width : imp.getWidth(),
				h = r != null ? r.height : imp.getHeight();
		TaskDescription t = describeQuietly();
		long pixels = trainingPixels(t, h, w);
		int outputs = imp.getType() == ImagePlus.COLOR_RGB ? 3 : 1;
		int planes = all_slices ? imp.getStackSize() : 1;
		TrainingConfig cfg = t == null ? null : t.config(request());
		int net = width > 0 || cfg == null ? width : cfg.width(),
				depth = layers > 0 || cfg == null ? layers : cfg.layers();
		int steps = epochs > 0 || cfg == null ? epochs : cfg.epochs();
		if (t != null) steps = t.epochsTrained(steps);
		run_estimate = Estimate.html(imp.getTitle(), w, h, pixels, net, depth,
				outputs, steps * planes, networksPerPlane());
	}

	/**
	 * Networks trained per plane, one after the other, for the dialog's
	 * estimate (Compare, Select c: several).
	 */
	protected int networksPerPlane() {
		return 1;
	}

	/** Records this run's speed for the next dialog's estimate. */
	private void recordSpeed(TaskDescription task, TrainingConfig cfg,
			ImagePlus input, List<MetricsRow> rows)
	{
		if (rows.isEmpty() || rows.get(0).seconds() == null
				|| rows.get(0).epochs() == null || rows.get(0).epochs() < 5)
			return;
		Rectangle r = region;
		int w = r != null ? r.width : input.getWidth(),
				h = r != null ? r.height : input.getHeight();
		Estimate.record(trainingPixels(task, h, w), cfg.width(), cfg.layers(),
				input.getType() == ImagePlus.COLOR_RGB ? 3 : 1,
				rows.get(0).seconds() / rows.get(0).epochs());
	}

	@Override
	public void run() {
		try {
			execute();
		}
		catch (InvalidInputException e) {
			restartOnCpu = e
					.getCause() instanceof DeviceSelection.DeviceException d
					&& d.restartOnCpu();
			fail(e.getMessage());
		}
		catch (InvalidTaskException e) {
			fail(e.getMessage());
		}
		catch (io.github.reluinr.model.ModelFileException e) {
			fail("init_model: " + e.getMessage());
		}
		catch (OutOfMemoryError e) {
			fail("out of memory: " + e.getMessage()
					+ " - use a smaller width, a smaller image, or a GPU");
		}
	}

	private void fail(String message) {
		error = message;
		cancel(message);
		report(log, show_results, message);
	}

	/**
	 * A failed run's one line: in the log when the command shows its results
	 * (otherwise the caller, the CLI, prints it), and in ImageJ's error dialog
	 * when a user is at the window (not headless, not a batch macro).
	 */
	static void report(LogService log, boolean showResults, String message) {
		if (log != null && showResults) log.error(message);
		if (!GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode()
				&& IJ.getInstance() != null)
		{
			IJ.error("Implicit Neural Representations", message);
		}
	}

	/** The user-facing error of this run, or null if it succeeded. */
	public String error() {
		return error;
	}

	private boolean restartOnCpu;

	/**
	 * True when this run failed only because device = auto (or cpu) met a GPU
	 * that ND4J's CUDA kernels do not support, in a JVM that had already
	 * started the CUDA backend: the same run works in a JVM started with
	 * --device cpu. A launcher may exit with
	 * {@link DeviceSelection#EXIT_RESTART_ON_CPU} and restart.
	 */
	public boolean restartOnCpu() {
		return restartOnCpu;
	}

	public List<TaskResult> results() {
		return results;
	}

	public List<ImagePlus> outputImages() {
		return outputs;
	}

	private void checkParameters() {
		// 0: not given (the task's default)
		Checks.rangeOrDefault("epochs", epochs, 1, 1_000_000);
		Checks.rangeOrDefault("width", width, 1, 4096);
		Checks.rangeOrDefault("layers", layers, 1, 32);
		Checks.rangeOrDefault("c", c, 0, 1000);
		Checks.rangeOrDefault("lr", lr, 0, 1);
		Checks.rangeOrDefault("lr_decay", lr_decay, 0, 1);
		Checks.range("decay_horizon", decay_horizon, 0, 1_000_000);
		Checks.range("max_minutes", max_minutes, 0, 100_000);
		if (!io.github.reluinr.nn.Activations.NAMES.contains(activation)) {
			throw new InvalidInputException("activation = " + activation
					+ " is not allowed: use one of " + String.join(", ",
							io.github.reluinr.nn.Activations.NAMES));
		}
		Checks.rangeOrDefault("omega0", omega0, 0, 1000);
		Checks.rangeOrDefault("sigma0", sigma0, 0, 1000);
		if (!List.of(DURATION_DEFAULT, DURATION_QUICK, DURATION_CUSTOM)
				.contains(duration))
		{
			throw new InvalidInputException("duration = " + duration
					+ " is not allowed: use default, quick or custom");
		}
		if (!List.of("auto", "cpu", "gpu").contains(device))
			throw new InvalidInputException("device = " + device
					+ " is not allowed: use auto, cpu or gpu");
		Checks.writable("output_file", output_file);
		Checks.writable("metrics_file", metrics_file);
		Checks.writable("model_file", model_file);
		for (Map.Entry<OutputRole, File> e : extraOutputs().entrySet())
			Checks.writable(e.getKey().fileKey(), e.getValue());
	}

	private ImagePlus resolveInput() {
		if (input_file != null && !input_file.getPath().isEmpty())
			return Checks.open("input_file", input_file);
		if (image != null) return image;
		ImagePlus active = WindowManager.getCurrentImage();
		if (active != null) return active;
		throw new InvalidInputException(
				"no image open: open an image first, or give input_file");
	}

	private void execute() {
		checkParameters();
		TaskDescription task = describe();
		task.validate();
		checkCommandParameters();
		TrainingConfig cfg = task.config(request());
		io.github.reluinr.model.InrModel start = readInitModel();
		OutputPlan files = checkFiles();
		ImagePlus input = resolveInput();
		region = ImagePlusAdapter.selection(input);
		List<Integer> planes = new ArrayList<>();
		if (all_slices) for (int i = 1; i <= input.getStackSize(); i++)
			planes.add(i);
		else planes.add(input.getCurrentSlice());
		GroundTruth truth = GroundTruth.of(groundTruthImage(),
				groundTruthFile(), input, task, region);
		// every plane and its ground truth are checked before ND4J starts
		for (int p : planes) {
			ij.process.ImageProcessor ip = input.getStack().getProcessor(p);
			if (region != null) {
				ip.setRoi(region);
				ip = ip.crop();
			}
			Checks.plane(task.inputName(), ip, 2);
			String refusal = task.memoryRefusal(ip.getHeight(), ip.getWidth(),
					ip.getNChannels(), cfg);
			if (refusal != null) throw new InvalidInputException(refusal);
			if (truth != null)
				truth.check(p, ip.getWidth(), ip.getHeight(),
						ip.getNChannels());
		}

		io.github.reluinr.backend.Backend.Info info = Nd4jStartup.info();
		Devices.check(device, info, log);
		String backend = info.describe();
		log.info(task.name() + " on " + input.getTitle() + " (" + planes.size()
				+ " plane" + (planes.size() > 1 ? "s" : "") + "), backend "
				+ backend);
		if (!all_slices && input.getStackSize() > 1)
			log.warn(planesMessage(input));

		if (start != null) cfg.initModel(start);
		List<io.github.reluinr.model.InrModel> trained = new ArrayList<>();
		List<List<io.github.reluinr.model.InrModel>> modelsByPlane = new ArrayList<>();
		List<Integer> modelPlanes = new ArrayList<>();
		if (model_file != null) cfg.modelSink(trained::add);
		Map<String, List<Image2D>> byName = new LinkedHashMap<>();
		Map<String, OutputRole> roles = new LinkedHashMap<>();
		List<MetricsRow> rows = new ArrayList<>();
		ProgressReporter progress = new ProgressReporter(status, log,
				show_results && !GraphicsEnvironment.isHeadless()
						&& !Interpreter.isBatchMode(),
				input.getTitle());
		BooleanSupplier stop = () -> stopRequested || isCanceled()
				|| Thread.currentThread().isInterrupted()
				|| (IJ.getInstance() != null && IJ.escapePressed());
		for (int p : planes) {
			if (stop.getAsBoolean()) break;
			Image2D plane = ImagePlusAdapter.toImage2D(input, p, region);
			Image2D gt = truth == null ? null : truth.plane(p);
			TaskResult r = sourced(
					runTask(task, plane, gt, cfg, progress, stop), input,
					input.getStackSize() > 1 ? p : null);
			results.add(r);
			modelsByPlane.add(new ArrayList<>(trained));
			modelPlanes.add(p);
			trained.clear();
			for (TaskResult.NamedImage ni : r.images()) {
				byName.computeIfAbsent(ni.name(), k -> new ArrayList<>())
						.add(ni.image());
				roles.putIfAbsent(ni.name(), ni.role());
			}
			rows.addAll(r.metrics());
		}
		progress.done();
		recordSpeed(task, cfg, input, rows);
		if (results.isEmpty()) {
			fail(stopRequested
					? "stopped before the first result: nothing was written"
					: "cancelled before the first result");
			return;
		}

		for (ImagePlus out : resultImages(task, input, byName, roles, rows)) {
			outputs.add(out);
			if (show_results) show(out);
		}
		metrics = MetricsTable.append(strip(input.getTitle()), rows,
				show_results);
		writtenRows = rows;
		try {
			saveExtras(outputs);
			if (OutputPlan.present(model_file)) {
				// the model files are known only now (one per plane, method or c): they replace the
				// placeholder that was checked before the run, and the whole set is checked again
				files.removeWrites("model_file");
				Calibration cal = calibrationFor(task,
						input.getCalibration().copy());
				for (Map.Entry<File, io.github.reluinr.model.InrModel> m : modelFiles(
						modelsByPlane, modelPlanes).entrySet())
				{
					io.github.reluinr.model.InrModel model = m.getValue()
							.withCalibration(cal.pixelWidth, cal.pixelHeight,
									cal.getUnit());
					String what = m.getKey().equals(model_file)
							? "model_file"
							: "model_file's " + m.getKey().getName();
					files.write("model_file", what, m.getKey(),
							(target, tmp) -> io.github.reluinr.model.ModelFile
									.write(tmp, model));
				}
				files.check();
			}
			files.commit(); // every planned file at once: temporary files renamed into place under a lock
			if (OutputPlan.present(model_file))
				for (OutputPlan.Write w : files.writes())
				if (w.key().equals("model_file"))
					log.info("model saved: " + w.file());
		}
		catch (IOException ex) {
			fail("could not write the outputs: " + ex.getMessage());
		}
	}

	/**
	 * init_model read and checked, or null when not given; a bad file is a
	 * one-line InvalidInputException.
	 */
	private io.github.reluinr.model.InrModel readInitModel() {
		if (init_model == null || init_model.getPath().isEmpty()) return null;
		try {
			return io.github.reluinr.model.ModelFile.read(init_model.toPath());
		}
		catch (io.github.reluinr.model.ModelFileException e) {
			throw new InvalidInputException("init_model: " + e.getMessage());
		}
	}

	/**
	 * Where each trained network goes: model_file for the one network of a
	 * plane (with "-planeN" when several planes ran); a command that trains
	 * several per plane (compare, select-c) saves each with
	 * {@link #modelSuffix}, and its {@link #selectedModel} (if any) at
	 * model_file itself.
	 */
	protected Map<File, io.github.reluinr.model.InrModel> modelFiles(
			List<List<io.github.reluinr.model.InrModel>> byPlane,
			List<Integer> planes)
	{
		Map<File, io.github.reluinr.model.InrModel> out = new LinkedHashMap<>();
		for (int i = 0; i < byPlane.size(); i++) {
			String planeSuffix = byPlane.size() > 1
					? "-plane" + planes.get(i)
					: "";
			List<io.github.reluinr.model.InrModel> models = byPlane.get(i);
			io.github.reluinr.model.InrModel selected = models.size() == 1
					? models.get(0)
					: selectedModel(i, models);
			if (selected != null)
				out.put(withSuffix(model_file, planeSuffix), selected);
			if (models.size() > 1)
				for (io.github.reluinr.model.InrModel m : models)
				out.put(withSuffix(model_file, planeSuffix + modelSuffix(m)),
						m);
		}
		return out;
	}

	/**
	 * The file name part that tells apart the networks of one plane (compare:
	 * the method, select-c: c).
	 */
	protected String modelSuffix(io.github.reluinr.model.InrModel m) {
		return "-" + m.method();
	}

	/**
	 * Of several networks trained on a plane, the one saved at model_file
	 * itself (null: none).
	 */
	protected io.github.reluinr.model.InrModel selectedModel(int planeIndex,
			List<io.github.reluinr.model.InrModel> models)
	{
		return null;
	}

	/**
	 * out.inr.npz + "-c3" = out-c3.inr.npz (before .inr.npz, else before the
	 * last extension).
	 */
	static File withSuffix(File file, String suffix) {
		if (suffix.isEmpty()) return file;
		String name = file.getName();
		String lower = name.toLowerCase(java.util.Locale.ROOT);
		int cut = lower.endsWith(".inr.npz")
				? name.length() - 8
				: name.lastIndexOf('.') > 0
						? name.lastIndexOf('.')
						: name.length();
		return new File(file.getAbsoluteFile().getParentFile(),
				name.substring(0, cut) + suffix + name.substring(cut));
	}

	// ---- files: what a run reads and writes (issue 14) ----

	/**
	 * Rows of this run, for the metrics files (set when the results are known).
	 */
	private List<MetricsRow> writtenRows = List.of();
	/** Files a caller added to this run's set ({@link #addOutput}). */
	private final List<java.util.function.Consumer<OutputPlan>> addedFiles = new ArrayList<>();
	private volatile boolean stopRequested;

	/**
	 * Every file this run reads and writes, as (parameter name, file) pairs:
	 * checked against each other before ND4J starts, and written together at
	 * the end (temporary files renamed into place). A new output joins by
	 * adding one entry here (an override that calls super), or through
	 * {@link #extraOutputs()} for an image.
	 */
	protected void planFiles(OutputPlan plan) {
		plan.read("input_file", input_file);
		if (!OutputPlan.present(input_file))
			plan.read("image", fileOf(
					image != null ? image : WindowManager.getCurrentImage()));
		OutputFiles.plan(plan, "output_file", output_file,
				() -> outputs.isEmpty() ? null : outputs.get(0));
		for (Map.Entry<OutputRole, File> e : extraOutputs().entrySet()) {
			OutputRole role = e.getKey();
			OutputFiles.plan(plan, role.fileKey(), e.getValue(),
					() -> outputsByRole.get(role));
		}
		// a placeholder, so that model_file is checked before the run; replaced by the real files after it
		plan.write("model_file", model_file, (target, tmp) -> {
			throw new IOException("model_file: no trained network to save");
		});
		plan.write("metrics_file", metrics_file,
				(OutputPlan.UnderLock) (target, tmp) -> java.nio.file.Files
						.writeString(tmp,
								MetricsCsv.appended(target, writtenRows),
								java.nio.charset.StandardCharsets.UTF_8));
		for (java.util.function.Consumer<OutputPlan> f : addedFiles)
			f.accept(plan);
	}

	/**
	 * The metrics CSV's header for this command (an existing metrics_file must
	 * have it to be appended to).
	 */
	protected List<String> metricsHeader() {
		return MetricsRow.COLUMNS;
	}

	/**
	 * Builds and checks the plan: a collision, a non-TIFF result name or a CSV
	 * of other columns is refused here.
	 */
	private OutputPlan checkFiles() {
		OutputPlan plan = new OutputPlan();
		planFiles(plan);
		plan.check();
		if (OutputPlan.present(metrics_file)) {
			try {
				String conflict = MetricsCsv
						.headerConflict(metrics_file.toPath(), metricsHeader());
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

	/**
	 * Adds a text file to this run's set: checked with the others before the
	 * run, written with them (the CLI's --metrics-json). Call before the
	 * command runs.
	 */
	public void addOutput(String key, File file,
			java.util.function.Function<List<MetricsRow>, String> content)
	{
		addedFiles.add(plan -> plan.write(key, file,
				(target, tmp) -> java.nio.file.Files.writeString(tmp,
						content.apply(writtenRows),
						java.nio.charset.StandardCharsets.UTF_8)));
	}

	/**
	 * Stops training at the next epoch, as Esc does: the best result so far is
	 * written with its metrics (stop_reason cancelled). Safe to call from any
	 * thread (the CLI's SIGINT handler).
	 */
	public void requestStop() {
		stopRequested = true;
	}

	public boolean stopRequested() {
		return stopRequested;
	}

	/** The file an open image was read from, or null. */
	private static File fileOf(ImagePlus imp) {
		if (imp == null) return null;
		ij.io.FileInfo fi = imp.getOriginalFileInfo();
		if (fi == null || fi.fileName == null || fi.fileName.isEmpty()
				|| fi.directory == null || fi.directory.isEmpty())
			return null;
		return new File(fi.directory, fi.fileName);
	}

	/**
	 * The rows of a plane's result named after the input and its 1-based plane
	 * (null: a single plane); divergence logged.
	 */
	private TaskResult sourced(TaskResult r, ImagePlus input, Integer plane) {
		String name = OutputPlan.present(input_file)
				? input_file.getName()
				: input.getTitle();
		List<MetricsRow> rows = new ArrayList<>();
		for (MetricsRow row : r.metrics()) {
			if (row.stopReason() == io.github.reluinr.train.StopReason.DIVERGED
					&& log != null)
			{
				log.warn(row.method()
						+ (plane == null ? "" : " on plane " + plane)
						+ " diverged after " + row.epochs()
						+ " epochs (the loss became NaN or infinite): the best result before that is kept; try a smaller lr");
			}
			rows.add(row.withSource(name, plane));
		}
		return new TaskResult(r.images(), rows);
	}

	/**
	 * One line: a stack or multi-channel input runs on one plane unless
	 * all_slices is set.
	 */
	static String planesMessage(ImagePlus input) {
		int n = input.getStackSize();
		String shape = input.getNChannels() > 1 && n == input.getNChannels()
				? n + " channels"
				: input.isHyperStack()
						? input.getNChannels() + " channels x "
								+ input.getNSlices() + " slices x "
								+ input.getNFrames() + " frames"
						: n + " slices";
		return input.getTitle() + " has " + n + " planes (" + shape
				+ "): running plane " + input.getCurrentSlice()
				+ " only; all_slices (--all-slices) runs them all";
	}

	/**
	 * Writes files beyond the planned ones; none by default. Prefer
	 * {@link #planFiles}: its files are checked and written atomically.
	 */
	protected void saveExtras(List<ImagePlus> outputs) throws IOException {
	}

	/** The first result window of each role, for the role's output file. */
	private final Map<OutputRole, ImagePlus> outputsByRole = new java.util.EnumMap<>(
			OutputRole.class);

	/** A result's calibration: the input's, with the task's pixel size. */
	protected static Calibration calibrationFor(TaskDescription task,
			Calibration input)
	{
		input.pixelWidth /= task.pixelSizeDivisor();
		input.pixelHeight /= task.pixelSizeDivisor();
		return input;
	}

	/**
	 * The result windows: by default one 32-bit image per result name (all
	 * planes), titled after the input.
	 */
	protected List<ImagePlus> resultImages(TaskDescription task,
			ImagePlus input, Map<String, List<Image2D>> byName,
			Map<String, OutputRole> roles, List<MetricsRow> rows)
	{
		double[] displayRange = input.getType() == ImagePlus.COLOR_RGB
				? new double[]{0, 255}
				: null;
		List<ImagePlus> out = new ArrayList<>();
		for (Map.Entry<String, List<Image2D>> e : byName.entrySet()) {
			OutputRole role = roles.get(e.getKey());
			String title = strip(input.getTitle()) + " - "
					+ titleFor(task, e.getKey());
			double[] range = displayRange != null && role != OutputRole.SINOGRAM
					? displayRange
					: null;
			ImagePlus imp = ImagePlusAdapter.toImagePlus(title, e.getValue(),
					calibrationFor(task, input.getCalibration().copy()), range);
			out.add(imp);
			if (role != OutputRole.BASELINE)
				outputsByRole.putIfAbsent(role, imp);
		}
		return out;
	}

	/**
	 * Shows a result: in macro batch mode ImageJ registers it with
	 * WindowManager without a window (the imagej-legacy batch-mode issues mean
	 * a SciJava output could go missing there); headless and not in batch mode
	 * there is nowhere to show it.
	 *
	 * <p>
	 * In batch mode {@code ImagePlus.show()} would also make the result the
	 * temporary current image of the thread that calls it, and SciJava runs
	 * commands on pooled threads: the next command that pool thread ran from
	 * the macro then took that result as its active image, whatever the macro
	 * had selected. So the result is added to the macro's batch-mode images
	 * (where {@code selectImage(title)}, {@code nImages} and {@code isOpen}
	 * find it) without touching any thread's current image.
	 */
	static void show(ImagePlus imp) {
		if (Interpreter.isBatchMode()) Interpreter.addBatchModeImage(imp);
		else if (!GraphicsEnvironment.isHeadless()) imp.show();
	}

	protected static String strip(String title) {
		int dot = title.lastIndexOf('.');
		return dot > 0 && title.length() - dot <= 5
				? title.substring(0, dot)
				: title;
	}
}
