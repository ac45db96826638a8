package io.github.reluinr.imagej;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import io.github.reluinr.task.Image2D;
import io.github.reluinr.task.SuperResolutionTask;
import io.github.reluinr.task.TaskRun;
import io.github.reluinr.train.TrainingConfig;
import java.io.File;
import java.util.List;
import org.scijava.plugin.Parameter;

/**
 * A command that runs one of the three tasks several times (select-c: per c; compare: per method):
 * the {@code task} choice with each task's own parameters, checks and ground truth, as a {@link TaskRun}.
 *
 * <p>The training parameters default to the paper's for the chosen task: the dialog switches them when
 * the task changes; in a macro, keys that are not given keep the defaults of {@link #defaultTask()}.
 */
public abstract class TaskChoiceCommand extends InrCommand {
    static final List<String> TASKS = List.of("fit", "superres", "ct");

    @Parameter(persist = false, label = "Task", choices = {"fit", "superres", "ct"}, callback = "taskChanged",
            description = "fit: represent the image; superres: up-sample it S times; ct: reconstruct it from a simulated sinogram")
    protected String task;

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

    protected TaskChoiceCommand() {
        task = defaultTask();
    }

    /** The task whose defaults the fields start from (no field may be read here: called from the constructor). */
    protected abstract String defaultTask();

    @Override
    protected void planFiles(OutputPlan plan) {
        super.planFiles(plan);
        plan.read("ground_truth_file", ground_truth_file);
    }

    @Override
    protected String task() {
        return task == null ? defaultTask() : task;
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
        applyDefaults(defaults());
    }

    @Override
    protected void checkTaskParameters() {
        if (!TASKS.contains(task())) throw new InvalidInputException("task = " + task + " is not allowed: use fit, superres or ct");
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
        if (ground_truth_file != null && !ground_truth_file.getPath().isEmpty() && !ground_truth_file.isFile()) {
            throw new InvalidInputException("ground_truth_file: file not found: " + ground_truth_file);
        }
    }

    @Override
    protected void checkPlane(ImagePlus input, ImageProcessor plane) {
        if ("superres".equals(task())) {
            Checks.plane("the image", plane, 2);
            checkMemory((long) plane.getWidth() * scale * plane.getHeight() * scale, width, layers, plane.getNChannels());
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

    /** The chosen task on this plane, to be run once per configuration. */
    protected TaskRun taskRun(Image2D plane) {
        return switch (task()) {
            case "fit" -> TaskRun.fit(plane, fitTruth(plane));
            case "superres" -> {
                Image2D gt = superresTruth(plane);
                yield (cfg, l, stop) -> SuperResolutionCommand.withBicubic(SuperResolutionTask.run(plane, scale, gt, cfg, l, stop), plane, scale, gt);
            }
            default -> TaskRun.ct(plane, angles, angle_range, noise_snr > 0 ? noise_snr : Double.NaN);
        };
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
}
