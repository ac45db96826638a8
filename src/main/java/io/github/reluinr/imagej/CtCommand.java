package io.github.reluinr.imagej;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.github.reluinr.task.CtTask;
import io.github.reluinr.task.Image2D;
import io.github.reluinr.task.TaskResult;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Sparse-view CT: from an image (a sinogram of N views is simulated) or from a measured sinogram
 * (angles x detectors), a BW-ReLU reconstruction beside filtered back-projection.
 */
@Plugin(type = Command.class, menuPath = InrCommand.MENU + "Sparse-View CT (BW-ReLU)", headless = true,
        label = "Sparse-View CT (BW-ReLU)", description = "Reconstruct from few parallel-beam projections with a BW-ReLU network")
public class CtCommand extends InrCommand {
    @Parameter(persist = false, label = "Number of angles (views)", min = "2", max = "10000")
    protected int angles = 100;

    @Parameter(persist = false, label = "Angle range (degrees)", min = "0.001", max = "360")
    protected double angle_range = 180;

    @Parameter(persist = false, label = "Noise SNR (dB, 0 = no noise)", min = "0", max = "200")
    protected double noise_snr = 0;

    @Parameter(persist = false, label = "Input is a sinogram (angles x detectors)", required = false)
    protected boolean sinogram_input;

    @Parameter(persist = false, label = "Reconstruction height (sinogram input; 0 = detectors)", min = "0", max = "16384", required = false)
    protected int height;

    @Parameter(label = "Ground truth file (optional)", required = false, persist = false)
    protected File ground_truth_file;

    @Parameter(label = "FBP output file (optional)", required = false, persist = false, style = FileWidget.SAVE_STYLE)
    protected File fbp_file;

    @Parameter(label = "Sinogram output file (optional)", required = false, persist = false, style = FileWidget.SAVE_STYLE)
    protected File sinogram_file;

    @Override
    protected void planFiles(OutputPlan plan) {
        super.planFiles(plan);
        plan.read("ground_truth_file", ground_truth_file);
    }

    @Override
    protected String task() {
        return "ct";
    }

    @Override
    protected TrainingConfig defaults() {
        return TrainingConfig.ct();
    }

    @Override
    protected int defaultHorizon(int epochCount) {
        return (epochCount + 1) / 2; // the reference decays over 5000 of 10000 epochs
    }

    @Override
    protected void checkTaskParameters() {
        Checks.range("angles", angles, 2, 10000);
        Checks.rangeOpenBelow("angle_range", angle_range, 0, 360);
        Checks.range("noise_snr", noise_snr, 0, 200);
        Checks.range("height", height, 0, 16384);
    }

    @Override
    protected void checkPlane(ImagePlus input, ImageProcessor plane) {
        if (sinogram_input) {
            Checks.plane("the sinogram", plane, 2);
            if (plane.getHeight() != angles && angles != 100) {
                throw new InvalidInputException("angles = " + angles + " but the sinogram has " + plane.getHeight()
                        + " rows (one per angle): set angles to " + plane.getHeight() + " or leave it at its default");
            }
            int h = height > 0 ? height : plane.getWidth();
            MemoryBudget.check((long) h * plane.getWidth(), width, layers, plane.getNChannels());
        } else {
            super.checkPlane(input, plane);
        }
    }

    @Override
    protected Map<String, File> extraOutputs() {
        Map<String, File> m = new LinkedHashMap<>();
        m.put("fbp_file", fbp_file);
        m.put("sinogram_file", sinogram_file);
        return m;
    }

    @Override
    protected String roleOf(String stem) {
        return stem.equals("fbp") ? "FBP" : stem;
    }

    @Override
    protected TaskResult runTask(Image2D plane, TrainingConfig config, TrainingListener listener, BooleanSupplier cancelled) {
        if (sinogram_input) {
            ImagePlus gt = GroundTruth.resolve(null, ground_truth_file);
            int h = height > 0 ? height : plane.width();
            Image2D truth = gt == null ? null : GroundTruth.plane(gt, null, 1);
            if (truth != null && (truth.width() != plane.width() || truth.height() != h)) {
                throw new InvalidInputException("ground_truth_file is " + truth.width() + "x" + truth.height()
                        + " but the reconstruction is " + plane.width() + "x" + h + " (detectors x height)");
            }
            return CtTask.fromSinogram(plane, angle_range, h, truth, config, listener, cancelled);
        }
        return CtTask.fromImage(plane, angles, angle_range, noise_snr > 0 ? noise_snr : Double.NaN, config, listener, cancelled);
    }
}
