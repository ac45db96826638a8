package io.github.reluinr.imagej;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import io.github.reluinr.task.Image2D;
import io.github.reluinr.task.MetricsRow;
import io.github.reluinr.task.Reports;
import io.github.reluinr.task.SelectC;
import io.github.reluinr.task.SuperResolutionTask;
import io.github.reluinr.task.TaskResult;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Chooses the BW-ReLU scale c for a task by the variation norm (Section 5.4, Appendix C/D.4): one
 * network per value in {@code c_values}, each optionally trained until {@code target_loss}; the one
 * with the lowest norm among those that reached it is shown, and the metrics table lists every c
 * (column {@code selected}) and the task's baseline (FBP, bicubic; never selected).
 *
 * <p>The training parameters are shared by all c. Their defaults are the paper's for the chosen task:
 * the dialog switches them when the task changes; in a macro, keys that are not given keep the
 * defaults of {@value #DEFAULT_TASK} (a recorded macro gives them all). The {@code c} field is not used.
 */
@Plugin(type = Command.class, menuPath = InrCommand.MENU + "Select c (variation norm)", headless = true,
        label = "Select c (variation norm)", description = "Train one BW-ReLU network per c and keep the one with the lowest variation norm")
public class SelectCCommand extends InrCommand {
    public static final String DEFAULT_TASK = "ct";
    static final List<String> TASKS = List.of("fit", "superres", "ct");

    @Parameter(persist = false, label = "Task", choices = {"fit", "superres", "ct"}, callback = "taskChanged",
            description = "fit: represent the image; superres: up-sample it S times; ct: reconstruct it from a simulated sinogram")
    protected String task = DEFAULT_TASK;

    @Parameter(persist = false, label = "c values (comma-separated)", description = "The scales to try, e.g. 1,2,3,5 (the c field is not used)")
    protected String c_values = "1,2,3,5";

    @Parameter(persist = false, label = "Target training loss (0 = none)", min = "0", style = "format:0.000000",
            description = "Train each c until its loss is at most this (epochs is the cap); a c that misses it is not selected")
    protected double target_loss = 0;

    @Parameter(persist = false, label = "Scale S (superres)", min = "2", max = "16")
    protected int scale = 4;

    @Parameter(persist = false, label = "Number of angles (ct)", min = "2", max = "10000")
    protected int angles = 100;

    @Parameter(persist = false, label = "Angle range (degrees, ct)", min = "0.001", max = "360")
    protected double angle_range = 180;

    @Parameter(persist = false, label = "Noise SNR (dB, ct, 0 = no noise)", min = "0", max = "200")
    protected double noise_snr = 0;

    @Parameter(label = "Ground truth file (optional; fit, superres)", required = false, persist = false,
            description = "fit: a clean image to score against (default: the input); superres: the high-resolution image")
    protected File ground_truth_file;

    /** The c selected for each plane, for result titles. */
    private final Set<Double> selectedCs = new LinkedHashSet<>();

    /** The full selection of each plane (for callers that run the command programmatically). */
    private final List<SelectC.Selection> selections = new ArrayList<>();

    @Override
    protected String task() {
        return task == null ? DEFAULT_TASK : task;
    }

    @Override
    protected TrainingConfig defaults() {
        return defaultsFor(task());
    }

    /** The paper's settings of a task (fit, superres, ct). */
    public static TrainingConfig defaultsFor(String task) {
        return switch (task) {
            case "superres" -> TrainingConfig.superResolution();
            case "ct" -> TrainingConfig.ct();
            default -> TrainingConfig.fit();
        };
    }

    @Override
    protected int defaultHorizon(int epochCount) {
        return "ct".equals(task()) ? (epochCount + 1) / 2 : epochCount;
    }

    /** Dialog callback: the training fields follow the task's defaults. */
    protected void taskChanged() {
        if (!TASKS.contains(task())) return;
        TrainingConfig d = defaults();
        epochs = d.epochs();
        width = d.width();
        layers = d.layers();
        lr = d.lr();
        lr_decay = d.lrDecay();
        decay_horizon = 0;
    }

    public List<SelectC.Selection> selections() {
        return selections;
    }

    @Override
    protected void checkTaskParameters() {
        if (!TASKS.contains(task())) throw new InvalidInputException("task = " + task + " is not allowed: use fit, superres or ct");
        try {
            SelectC.parseCValues(c_values);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        if (!(target_loss >= 0) || Double.isInfinite(target_loss)) throw new InvalidInputException("target_loss = " + target_loss + " is out of range: use 0 (none) or a positive loss");
        switch (task()) {
            case "superres" -> Checks.range("scale", scale, 2, 16);
            case "ct" -> {
                Checks.range("angles", angles, 2, 10000);
                Checks.rangeOpenBelow("angle_range", angle_range, 0, 360);
                Checks.range("noise_snr", noise_snr, 0, 200);
                if (ground_truth_file != null && !ground_truth_file.getPath().isEmpty()) {
                    throw new InvalidInputException("ground_truth_file is not used by task ct: the input image is the ground truth of its simulated sinogram");
                }
            }
            default -> { }
        }
    }

    @Override
    protected void checkPlane(ImagePlus input, ImageProcessor plane) {
        if ("superres".equals(task())) {
            Checks.plane("the image", plane, 2);
            MemoryBudget.check((long) plane.getWidth() * scale * plane.getHeight() * scale, width, layers, plane.getNChannels());
        } else {
            super.checkPlane(input, plane);
        }
    }

    @Override
    protected Calibration calibrationFor(String role, Calibration input) {
        if ("superres".equals(task())) {
            input.pixelWidth /= scale;
            input.pixelHeight /= scale;
        }
        return input;
    }

    @Override
    protected String titleFor(String role) {
        String suffix = "superres".equals(task()) ? " x" + scale : "";
        if (!role.equals("INR")) return role + suffix;
        String c = selectedCs.size() == 1 ? " c=" + SelectC.fmt(selectedCs.iterator().next()) : "";
        return "INR" + suffix + c + " (lowest variation norm)";
    }

    @Override
    protected TaskResult runTask(Image2D plane, TrainingConfig config, TrainingListener listener, BooleanSupplier cancelled) {
        List<Double> cs = SelectC.parseCValues(c_values);
        TrainingConfig base = config.copy().targetLoss(target_loss > 0 ? target_loss : Double.NaN);
        log.info("select c among " + cs + (target_loss > 0 ? String.format(Locale.ROOT, ", each trained until loss <= %.3g (at most %d epochs)", target_loss, base.epochs())
                : String.format(Locale.ROOT, ", %d epochs each, no target loss (norms are compared at unequal losses)", base.epochs())));
        java.util.function.Consumer<SelectC.Candidate> report = cand -> log.info(describe(cand));
        SelectC.Selection s = switch (task()) {
            case "fit" -> SelectC.run(cs, base, SelectC.fitTask(plane, fitTruth(plane)), listener, cancelled, report);
            case "superres" -> {
                Image2D gt = superresTruth(plane);
                yield SelectC.run(cs, base, (cfg, l, stop) -> superres(plane, gt, cfg, l, stop), listener, cancelled, report);
            }
            default -> SelectC.run(cs, base, SelectC.ctTask(plane, angles, angle_range, noise_snr > 0 ? noise_snr : Double.NaN),
                    listener, cancelled, report);
        };
        selections.add(s);
        SelectC.Candidate sel = s.selectedCandidate();
        if (sel == null) throw new InvalidInputException(s.noneEligibleMessage());
        selectedCs.add(sel.c());
        log.info(String.format(Locale.ROOT, "selected c = %s: the lowest variation norm (%.4g) among %d eligible of %d", SelectC.fmt(sel.c()),
                sel.row().variationNorm(), s.candidates().stream().filter(SelectC.Candidate::eligible).count(), s.candidates().size()));
        return s.result();
    }

    private static String describe(SelectC.Candidate cand) {
        MetricsRow r = cand.row();
        String psnr = r.psnrDb() == null ? "" : String.format(Locale.ROOT, ", PSNR %.2f dB", r.psnrDb());
        String why = cand.eligible() ? "" : " - not eligible: " + cand.reason();
        return String.format(Locale.ROOT, "c = %s: loss %.4g after %d epochs, variation norm %.4g%s%s", SelectC.fmt(cand.c()),
                r.finalLoss(), r.epochs(), r.variationNorm(), psnr, why);
    }

    private Image2D fitTruth(Image2D plane) {
        ImagePlus gtImage = GroundTruth.resolve(null, ground_truth_file);
        Image2D gt = gtImage == null ? null : GroundTruth.plane(gtImage, region, 1);
        if (gt != null && (gt.width() != plane.width() || gt.height() != plane.height() || gt.channels() != plane.channels())) {
            throw new InvalidInputException("ground_truth_file is " + gt.width() + "x" + gt.height() + " with " + gt.channels()
                    + " channel(s) but the input is " + plane.width() + "x" + plane.height() + " with " + plane.channels());
        }
        return gt;
    }

    private Image2D superresTruth(Image2D plane) {
        ImagePlus gtImage = GroundTruth.resolve(null, ground_truth_file);
        Image2D gt = gtImage == null ? null : GroundTruth.plane(gtImage, region, scale);
        if (gt != null && (gt.width() != plane.width() * scale || gt.height() != plane.height() * scale)) {
            throw new InvalidInputException("ground_truth_file is " + gt.width() + "x" + gt.height() + " but scale " + scale + " makes "
                    + plane.width() * scale + "x" + plane.height() * scale);
        }
        return gt;
    }

    /** The network's x S result and, as the baseline, ImageJ's bicubic resize (as the superres command shows it). */
    private TaskResult superres(Image2D plane, Image2D gt, TrainingConfig cfg, TrainingListener l, BooleanSupplier stop) {
        TaskResult inr = SuperResolutionTask.run(plane, scale, gt, cfg, l, stop);
        long t0 = System.nanoTime();
        Image2D bicubic = SuperResolutionCommand.bicubic(plane, scale);
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<TaskResult.NamedImage> images = new ArrayList<>(inr.images());
        images.add(new TaskResult.NamedImage("bicubic", bicubic));
        List<MetricsRow> rows = new ArrayList<>(inr.metrics());
        rows.add(Reports.baselineRow("superres", "bicubic", seconds, gt, bicubic));
        return new TaskResult(images, rows);
    }
}
