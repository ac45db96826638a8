package io.github.reluinr.imagej;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import io.github.reluinr.image.ImageTensors;
import io.github.reluinr.task.Image2D;
import io.github.reluinr.task.MetricsRow;
import io.github.reluinr.task.Reports;
import io.github.reluinr.task.SuperResolutionTask;
import io.github.reluinr.task.TaskResult;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import net.imglib2.img.array.ArrayImgs;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * x S super-resolution with a BW-ReLU network, shown beside the classical up-samplings (scikit-image's and
 * PIL's bicubic, PIL's Lanczos, back-projection, ImageJ's bicubic), each with its metrics row.
 */
@Plugin(type = Command.class, menuPath = InrCommand.MENU + "Super-Resolution (BW-ReLU)", headless = true,
        label = "Super-Resolution (BW-ReLU)", description = "Up-sample the image S times with a BW-ReLU network whose S x S averages match it")
public class SuperResolutionCommand extends InrCommand {
    @Parameter(persist = false, label = "Scale (S)", min = "2", max = "16")
    protected int scale = 4;

    /**
     * Optional. imagej-legacy fills an unset ImagePlus input with the active image, which in a macro that gives
     * {@code image=} (or in the dialog) is the input itself: a ground truth equal to the input is ignored.
     */
    @Parameter(label = "Ground truth (optional)", required = false, persist = false)
    protected ImagePlus ground_truth;

    @Parameter(label = "Ground truth file (optional)", required = false, persist = false)
    protected File ground_truth_file;

    @Parameter(persist = false, label = "Start from", choices = {"back-projection", "random", "bicubic-skimage", "bicubic-pil", "lanczos-pil"},
            description = "random is the paper's; a baseline's name first fits the network to that baseline's image for 'pretraining' epochs (same lr and decay), then trains on the data term")
    protected String start_from = SuperResolutionTask.DEFAULT_START.from();

    @Parameter(persist = false, label = "Pretraining epochs (fit to the start image)", min = "0", max = "1000000")
    protected int pretraining = SuperResolutionTask.DEFAULT_START.epochs();

    @Parameter(persist = false, label = "Back-projection iterations", min = "0", max = "10000")
    protected int back_projection_iterations = io.github.reluinr.task.SuperResolutionBaselines.DEFAULT_ITERATIONS;

    @Override
    protected double estimateFactor() {
        return (double) scale * scale;
    }

    @Override
    protected void planFiles(OutputPlan plan) {
        super.planFiles(plan);
        plan.read("ground_truth_file", ground_truth_file);
    }

    @Override
    protected String task() {
        return "superres";
    }

    @Override
    protected TrainingConfig defaults() {
        return SuperResolutionTask.recipe();
    }

    @Override
    protected String titleFor(String role) {
        return role + " x" + scale;
    }

    @Override
    protected void checkTaskParameters() {
        Checks.range("scale", scale, 2, 16);
        if (!SuperResolutionTask.Start.CHOICES.contains(start_from)) {
            throw new InvalidInputException("start_from = " + start_from + " is not allowed: use one of " + String.join(", ", SuperResolutionTask.Start.CHOICES));
        }
        Checks.range("pretraining", pretraining, 0, 1_000_000);
        Checks.range("back_projection_iterations", back_projection_iterations, 0, 10_000);
    }

    @Override
    protected void checkPlane(ImagePlus input, ImageProcessor plane) {
        Checks.plane("the image", plane, 2);
        long outPixels = (long) plane.getWidth() * scale * plane.getHeight() * scale;
        checkMemory(outPixels, width, layers, plane.getNChannels());
    }

    @Override
    protected Calibration calibrationFor(String role, Calibration input) {
        input.pixelWidth /= scale;
        input.pixelHeight /= scale;
        return input;
    }

    @Override
    protected TaskResult runTask(Image2D plane, TrainingConfig config, TrainingListener listener, BooleanSupplier cancelled) {
        ImagePlus gtImage = GroundTruth.resolve(ground_truth, ground_truth_file, inputImage);
        Image2D gt = gtImage == null ? null : GroundTruth.plane(gtImage, region, scale);
        if (gt != null && (gt.width() != plane.width() * scale || gt.height() != plane.height() * scale)) {
            throw new InvalidInputException("ground_truth is " + gt.width() + "x" + gt.height() + " but scale " + scale + " makes "
                    + plane.width() * scale + "x" + plane.height() * scale);
        }
        return withBicubic(SuperResolutionTask.run(plane, scale, gt, config, new SuperResolutionTask.Start(start_from, pretraining, config.lr()),
                back_projection_iterations, listener, cancelled), plane, scale, gt);
    }

    /** ImageJ's bicubic resize, as a method and result role. */
    public static final String IMAGEJ_BICUBIC = "bicubic-imagej";

    /** The task's result with ImageJ's bicubic resize added (last) as a baseline image and row. */
    static TaskResult withBicubic(TaskResult inr, Image2D plane, int scale, Image2D gt) {
        long t0 = System.nanoTime();
        Image2D bicubic = bicubic(plane, scale);
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<TaskResult.NamedImage> images = new ArrayList<>(inr.images());
        images.add(new TaskResult.NamedImage(IMAGEJ_BICUBIC, bicubic));
        List<MetricsRow> rows = new ArrayList<>(inr.metrics());
        rows.add(Reports.baselineRow("superres", IMAGEJ_BICUBIC, seconds, gt, bicubic));
        return new TaskResult(images, rows);
    }

    /** ImageJ's bicubic resize of each channel. */
    static Image2D bicubic(Image2D plane, int scale) {
        FloatProcessor[] channels = ImagePlusAdapter.toProcessors(plane);
        int w = plane.width() * scale, h = plane.height() * scale, c = channels.length;
        float[] interleaved = new float[w * h * c];
        for (int ch = 0; ch < c; ch++) {
            channels[ch].setInterpolationMethod(ImageProcessor.BICUBIC);
            float[] up = (float[]) channels[ch].resize(w, h, false).getPixels();
            for (int i = 0; i < up.length; i++) interleaved[i * c + ch] = up[i];
        }
        return new Image2D(ImageTensors.toTensor(c == 1 ? ArrayImgs.floats(interleaved, w, h) : planar(interleaved, w, h, c)), h, w);
    }

    private static net.imglib2.img.array.ArrayImg<net.imglib2.type.numeric.real.FloatType, ?> planar(float[] interleaved, int w, int h, int c) {
        float[] planes = new float[interleaved.length];
        for (int i = 0; i < w * h; i++) for (int ch = 0; ch < c; ch++) planes[ch * w * h + i] = interleaved[i * c + ch];
        return ArrayImgs.floats(planes, w, h, c);
    }
}
