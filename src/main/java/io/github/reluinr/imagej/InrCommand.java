package io.github.reluinr.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.measure.Calibration;
import ij.measure.ResultsTable;
import io.github.reluinr.backend.DeviceSelection;
import io.github.reluinr.task.Image2D;
import io.github.reluinr.task.MetricsCsv;
import io.github.reluinr.task.MetricsRow;
import io.github.reluinr.task.TaskResult;
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
 * What every INR command shares: the training parameters (field names are the macro keys), input from
 * the active image or {@code input_file}, checks before ND4J starts, progress, cancel, result windows,
 * the "INR Metrics" table, and file outputs. Subclasses only name the task and call the engine.
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

    @Parameter(label = "Image", required = false, persist = false, description = "The image to work on (the active image); leave empty to use input_file")
    protected ImagePlus image;

    @Parameter(label = "Input file", required = false, persist = false, description = "Read the input from this file instead of an open image")
    protected File input_file;

    @Parameter(label = "Output file (.tif)", required = false, persist = false, style = FileWidget.SAVE_STYLE, description = "Save the 32-bit result here, with an 8-bit PNG preview beside it")
    protected File output_file;

    @Parameter(label = "Metrics file (.csv)", required = false, persist = false, style = FileWidget.SAVE_STYLE)
    protected File metrics_file;

    @Parameter(persist = false, label = "Epochs", min = "1", max = "1000000")
    protected int epochs;

    @Parameter(persist = false, label = "Time budget (minutes, 0 = none)", min = "0", max = "100000", required = false,
            description = "Stop after the epoch during which this much time has passed, with the best result so far (stop_reason time)")
    protected double max_minutes;

    @Parameter(persist = false, label = "Width (neurons per layer)", min = "1", max = "4096")
    protected int width;

    @Parameter(persist = false, label = "Layers (hidden)", min = "1", max = "32")
    protected int layers;

    @Parameter(persist = false, label = "c (BW-ReLU scale)", min = "0.001", max = "1000", stepSize = "0.5")
    protected double c;

    @Parameter(persist = false, label = "Learning rate", min = "0.0000001", max = "1", stepSize = "0.0005", style = "format:0.0000")
    protected double lr;

    @Parameter(persist = false, label = "Learning rate decay (factor reached at the horizon)", min = "0.000001", max = "1", stepSize = "0.05")
    protected double lr_decay;

    @Parameter(persist = false, label = "Decay horizon (epochs, 0 = task default)", min = "0", max = "1000000")
    protected int decay_horizon;

    @Parameter(persist = false, label = "Activation", choices = {"bw-relu", "relu", "relu-pe", "siren", "wire", "gauss"}, callback = "activationChanged",
            description = "bw-relu is the paper's; the others are its comparisons (choosing one sets its learning rate and scales from Appendix D)")
    protected String activation = "bw-relu";

    @Parameter(persist = false, label = "omega0 (siren, wire)", min = "0.001", max = "1000")
    protected double omega0;

    @Parameter(persist = false, label = "sigma0 (wire, gauss)", min = "0.001", max = "1000")
    protected double sigma0;

    @Parameter(persist = false, label = "Seed")
    protected int seed;

    @Parameter(persist = false, label = "Device", choices = {"auto", "cpu", "gpu"})
    protected String device = "auto";

    @Parameter(persist = false, label = "All slices", required = false)
    protected boolean all_slices;

    /** False when the caller (the CLI) shows results and messages itself. */
    @Parameter(label = "Show results", visibility = ItemVisibility.INVISIBLE, required = false, persist = false)
    protected boolean show_results = true;

    @Parameter(label = "Metrics", type = ItemIO.OUTPUT)
    protected ResultsTable metrics;

    /** The engine's result of the last plane, for callers that run the command programmatically (CLI). */
    private final List<TaskResult> results = new ArrayList<>();
    private final List<ImagePlus> outputs = new ArrayList<>();
    private String error;
    /** The input's rectangular selection (null: whole image), for tasks with a second image to match. */
    protected Rectangle region;

    /** Task name in metrics ("fit", "superres", "ct"). */
    protected abstract String task();

    /** The paper's defaults for this task (epochs, width, ...). */
    protected abstract TrainingConfig defaults();

    /** Title suffix of each result role, e.g. "INR" -> "INR x4". */
    protected String titleFor(String role) {
        return role;
    }

    /** Checks of the task's own parameters; throw InvalidInputException. */
    protected void checkTaskParameters() {}

    /** Checks of one input plane; throw InvalidInputException. */
    protected void checkPlane(ImagePlus input, ij.process.ImageProcessor plane) {
        Checks.plane("the image", plane, 2);
        MemoryBudget.check((long) plane.getWidth() * plane.getHeight(), width, layers, plane.getNChannels());
    }

    /** Runs the engine on one plane. */
    protected abstract TaskResult runTask(Image2D plane, TrainingConfig config, TrainingListener listener, BooleanSupplier cancelled);

    /** Calibration of the result of a role, from the input's. */
    protected Calibration calibrationFor(String role, Calibration input) {
        return input;
    }

    /** Files written for roles other than the main result (role -> file). */
    protected Map<String, File> extraOutputs() {
        return Map.of();
    }

    protected InrCommand() {
        applyDefaults(defaults());
        seed = 0;
    }

    /** Dialog callback: a method brings its own learning rate and scales for this task (Appendix D). */
    protected void activationChanged() {
        if (!io.github.reluinr.nn.Activations.NAMES.contains(activation)) return;
        TrainingConfig d = io.github.reluinr.train.MethodDefaults.apply(defaults(), activation,
                io.github.reluinr.train.MethodDefaults.Task.parse(task()));
        lr = d.lr();
        c = d.c();
        omega0 = d.omega0();
        sigma0 = d.sigma0();
    }

    /** Sets the training fields to a configuration's values (the task's paper defaults). */
    protected void applyDefaults(TrainingConfig d) {
        epochs = d.epochs();
        width = d.width();
        layers = d.layers();
        c = d.c();
        lr = d.lr();
        lr_decay = d.lrDecay();
        decay_horizon = 0;
        omega0 = d.omega0();
        sigma0 = d.sigma0();
    }

    @Override
    public void run() {
        try {
            execute();
        } catch (InvalidInputException e) {
            restartOnCpu = e.getCause() instanceof DeviceSelection.DeviceException d && d.restartOnCpu();
            fail(e.getMessage());
        } catch (OutOfMemoryError e) {
            fail("out of memory: " + e.getMessage() + " - use a smaller width, a smaller image, or a GPU");
        }
    }

    private void fail(String message) {
        error = message;
        cancel(message);
        if (log != null && show_results) log.error(message); // otherwise the caller (CLI) prints it
        if (!GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode() && IJ.getInstance() != null) {
            IJ.error("Implicit Neural Representations", message);
        }
    }

    /** The user-facing error of this run, or null if it succeeded. */
    public String error() {
        return error;
    }

    private boolean restartOnCpu;

    /**
     * True when this run failed only because device = auto (or cpu) met a GPU that ND4J's CUDA kernels do
     * not support, in a JVM that had already started the CUDA backend: the same run works in a JVM started
     * with --device cpu. A launcher may exit with {@link DeviceSelection#EXIT_RESTART_ON_CPU} and restart.
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

    protected TrainingConfig config() {
        TrainingConfig cfg = defaults().epochs(epochs).width(width).layers(layers).c(c).lr(lr).lrDecay(lr_decay).seed(seed)
                .activation(activation).omega0(omega0).sigma0(sigma0);
        if (!"bw-relu".equals(activation)) {
            // in a macro or on the command line, settings left at BW-ReLU's defaults take the method's (Appendix D),
            // as choosing the method in the dialog does
            TrainingConfig d = defaults();
            TrainingConfig m = io.github.reluinr.train.MethodDefaults.apply(d, activation, io.github.reluinr.train.MethodDefaults.Task.parse(task()));
            if (lr == d.lr()) cfg.lr(m.lr());
            if (omega0 == d.omega0()) cfg.omega0(m.omega0());
            if (sigma0 == d.sigma0()) cfg.sigma0(m.sigma0());
        }
        if (max_minutes > 0) cfg.maxSeconds(max_minutes * 60);
        if (decay_horizon > 0) cfg.decayHorizon(decay_horizon);
        else if (cfg.epochs() != defaults().epochs()) cfg.decayHorizon(defaultHorizon(epochs));
        return cfg;
    }

    /** The task's default decay horizon for a given number of epochs (all epochs; CT: half). */
    protected int defaultHorizon(int epochCount) {
        return epochCount;
    }

    private void checkParameters() {
        Checks.range("epochs", epochs, 1, 1_000_000);
        Checks.range("width", width, 1, 4096);
        Checks.range("layers", layers, 1, 32);
        Checks.rangeOpenBelow("c", c, 0, 1000);
        Checks.rangeOpenBelow("lr", lr, 0, 1);
        Checks.rangeOpenBelow("lr_decay", lr_decay, 0, 1);
        Checks.range("decay_horizon", decay_horizon, 0, 1_000_000);
        Checks.range("max_minutes", max_minutes, 0, 100_000);
        if (!io.github.reluinr.nn.Activations.NAMES.contains(activation)) {
            throw new InvalidInputException("activation = " + activation + " is not allowed: use one of " + String.join(", ", io.github.reluinr.nn.Activations.NAMES));
        }
        Checks.rangeOpenBelow("omega0", omega0, 0, 1000);
        Checks.rangeOpenBelow("sigma0", sigma0, 0, 1000);
        if (!List.of("auto", "cpu", "gpu").contains(device)) throw new InvalidInputException("device = " + device + " is not allowed: use auto, cpu or gpu");
        checkTaskParameters();
        Checks.writable("output_file", output_file);
        Checks.writable("metrics_file", metrics_file);
        for (Map.Entry<String, File> e : extraOutputs().entrySet()) Checks.writable(e.getKey(), e.getValue());
    }

    private ImagePlus resolveInput() {
        if (input_file != null && !input_file.getPath().isEmpty()) return Checks.open("input_file", input_file);
        if (image != null) return image;
        ImagePlus active = WindowManager.getCurrentImage();
        if (active != null) return active;
        throw new InvalidInputException("no image open: open an image first, or give input_file");
    }

    private void execute() {
        checkParameters();
        ImagePlus input = resolveInput();
        region = ImagePlusAdapter.selection(input);
        List<Integer> planes = new ArrayList<>();
        if (all_slices) for (int i = 1; i <= input.getStackSize(); i++) planes.add(i);
        else planes.add(input.getCurrentSlice());
        for (int p : planes) {
            ij.process.ImageProcessor ip = input.getStack().getProcessor(p);
            if (region != null) {
                ip.setRoi(region);
                ip = ip.crop();
            }
            checkPlane(input, ip);
        }

        io.github.reluinr.backend.Backend.Info info = Nd4jStartup.info();
        Devices.check(device, info, log);
        String backend = info.describe();
        log.info(task() + " on " + input.getTitle() + " (" + planes.size() + " plane" + (planes.size() > 1 ? "s" : "") + "), backend " + backend);

        TrainingConfig cfg = config();
        Map<String, List<Image2D>> byRole = new LinkedHashMap<>();
        List<MetricsRow> rows = new ArrayList<>();
        ProgressReporter progress = new ProgressReporter(status, log, show_results && !GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode(), input.getTitle());
        BooleanSupplier stop = () -> isCanceled() || Thread.currentThread().isInterrupted() || (IJ.getInstance() != null && IJ.escapePressed());
        for (int p : planes) {
            if (stop.getAsBoolean()) break;
            Image2D plane = ImagePlusAdapter.toImage2D(input, p, region);
            TaskResult r = runTask(plane, cfg, progress, stop);
            results.add(r);
            for (TaskResult.NamedImage ni : r.images()) byRole.computeIfAbsent(ni.role(), k -> new ArrayList<>()).add(ni.image());
            rows.addAll(r.metrics());
        }
        progress.done();
        if (results.isEmpty()) {
            fail("cancelled before the first result");
            return;
        }

        for (ImagePlus out : resultImages(input, byRole, rows)) {
            outputs.add(out);
            if (show_results) show(out);
        }
        metrics = MetricsTable.append(strip(input.getTitle()), rows, show_results);
        try {
            if (output_file != null) OutputFiles.save(outputs.get(0), output_file);
            saveExtras(outputs);
            for (Map.Entry<String, File> e : extraOutputs().entrySet()) {
                if (e.getValue() == null) continue;
                ImagePlus o = outputFor(e.getKey().replace("_file", ""));
                if (o != null) OutputFiles.save(o, e.getValue());
            }
            if (metrics_file != null) MetricsCsv.write(metrics_file.toPath(), rows);
        } catch (IOException ex) {
            fail("could not write the outputs: " + ex.getMessage());
        }
    }

    /** Writes files beyond output_file and the extra outputs (e.g. a plot); none by default. */
    protected void saveExtras(List<ImagePlus> outputs) throws IOException {}

    /** The result windows: by default one 32-bit image per role, titled after the input. */
    protected List<ImagePlus> resultImages(ImagePlus input, Map<String, List<Image2D>> byRole, List<MetricsRow> rows) {
        double[] displayRange = input.getType() == ImagePlus.COLOR_RGB ? new double[] {0, 255} : null;
        List<ImagePlus> out = new ArrayList<>();
        for (Map.Entry<String, List<Image2D>> e : byRole.entrySet()) {
            String title = strip(input.getTitle()) + " - " + titleFor(e.getKey());
            double[] range = displayRange != null && !e.getKey().equals("sinogram") ? displayRange : null;
            out.add(ImagePlusAdapter.toImagePlus(title, e.getValue(), calibrationFor(e.getKey(), input.getCalibration().copy()), range));
        }
        return out;
    }

    /**
     * Shows a result: in macro batch mode ImageJ registers it with WindowManager without a window (the
     * imagej-legacy batch-mode issues mean a SciJava output could go missing there); headless and not
     * in batch mode there is nowhere to show it.
     */
    static void show(ImagePlus imp) {
        if (Interpreter.isBatchMode() || !GraphicsEnvironment.isHeadless()) imp.show();
    }

    private ImagePlus outputFor(String role) {
        for (ImagePlus o : outputs) if (o.getTitle().endsWith(" - " + titleFor(roleOf(role)))) return o;
        return null;
    }

    /** Maps a file key stem (fbp, sinogram) to a result role. */
    protected String roleOf(String stem) {
        return stem;
    }

    protected static String strip(String title) {
        int dot = title.lastIndexOf('.');
        return dot > 0 && title.length() - dot <= 5 ? title.substring(0, dot) : title;
    }
}
