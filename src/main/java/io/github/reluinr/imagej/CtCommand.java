package io.github.reluinr.imagej;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.github.reluinr.task.CtTask;
import io.github.reluinr.task.Image2D;
import io.github.reluinr.task.TaskResult;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import io.github.reluinr.op.FilteredBackProjection;
import io.github.reluinr.op.RadonOperator;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Sparse-view CT: from an image (a sinogram of N views is simulated) or from a measured sinogram, a BW-ReLU
 * reconstruction beside filtered back-projection and SIRT. Geometry {@code standard} follows scikit-image
 * (see {@link CtTask}); {@code reference} is the paper's code, for the reference check.
 */
@Plugin(type = Command.class, menuPath = InrCommand.MENU + "Sparse-View CT (BW-ReLU)", headless = true,
        label = "Sparse-View CT (BW-ReLU)", description = "Reconstruct from few parallel-beam projections with a BW-ReLU network")
public class CtCommand extends InrCommand {
    /** The number of views when an image is given without angles. */
    public static final int DEFAULT_ANGLES = 100;

    @Parameter(persist = false, label = "Number of angles (views; 0 = angles_file, or 100 for an image)", min = "0", max = "10000")
    protected int angles = 0;

    @Parameter(persist = false, label = "Angle range (degrees)", min = "0.001", max = "360")
    protected double angle_range = 180;

    @Parameter(persist = false, label = "Angles include the end of the range (the paper's linspace)", required = false)
    protected boolean angle_endpoint;

    @Parameter(label = "Angles file (degrees, one per line or comma-separated)", required = false, persist = false)
    protected File angles_file;

    @Parameter(persist = false, label = "Sinogram layout", choices = {"auto", "angles-by-detectors", "detectors-by-angles"},
            description = "auto: the axis whose length is the number of angles; scikit-image's radon writes detectors-by-angles")
    protected String sinogram_layout = "auto";

    @Parameter(persist = false, label = "Rotation axis offset (detector pixels, + = right of centre)", min = "-100000", max = "100000")
    protected double center_offset;

    @Parameter(persist = false, label = "Geometry", choices = {"standard", "reference"},
            description = "standard: scikit-image's radon/iradon; reference: the paper's code (rotation inside the frame)")
    protected String geometry = "standard";

    @Parameter(persist = false, label = "FBP filter", choices = {"hann", "ramp", "shepp-logan", "cosine", "hamming", "all"})
    protected String filter = "hann";

    @Parameter(persist = false, label = "SIRT iterations (0 = no SIRT)", min = "0", max = "100000")
    protected int sirt_iterations = DEFAULT_SIRT_ITERATIONS;

    @Parameter(persist = false, label = "Non-negative (SIRT clamps, the network's result is clipped)", required = false)
    protected boolean non_negative = true;

    /** SIRT iterations by default. */
    public static final int DEFAULT_SIRT_ITERATIONS = 200;

    @Parameter(persist = false, label = "Noise SNR (dB, 0 = no noise)", min = "0", max = "200")
    protected double noise_snr = 0;

    @Parameter(persist = false, label = "Input is a sinogram (line sums; see sinogram_layout)", required = false)
    protected boolean sinogram_input;

    @Parameter(persist = false, label = "Reconstruction height (geometry reference, sinogram input; 0 = detectors)", min = "0", max = "16384", required = false)
    protected int height;

    @Parameter(label = "Ground truth file (optional)", required = false, persist = false)
    protected File ground_truth_file;

    @Parameter(label = "FBP output file (optional)", required = false, persist = false, style = FileWidget.SAVE_STYLE)
    protected File fbp_file;

    @Parameter(label = "Sinogram output file (optional)", required = false, persist = false, style = FileWidget.SAVE_STYLE)
    protected File sinogram_file;

    @Parameter(label = "SIRT output file (optional)", required = false, persist = false, style = FileWidget.SAVE_STYLE)
    protected File sirt_file;

    /** The angles, parsed in checkTaskParameters (scikit-image's theta). */
    private double[] angleList;

    @Override
    protected void planFiles(OutputPlan plan) {
        super.planFiles(plan);
        plan.read("ground_truth_file", ground_truth_file);
        plan.read("angles_file", angles_file);
    }

    @Override
    protected String task() {
        return "ct";
    }

    /**
     * The paper's CT settings (c 3, lr 2e-3, decay x0.1 at half the epochs) at the size that fits a
     * measured sinogram on a 2-core machine: 3 x 128 and 1000 epochs (the paper: 3 x 300, 10000 epochs,
     * which take hours there; reference-check sets its own width and epochs).
     */
    @Override
    protected TrainingConfig defaults() {
        return TrainingConfig.ct().width(128).epochs(1000).decayHorizon(500);
    }

    @Override
    protected int defaultHorizon(int epochCount) {
        return (epochCount + 1) / 2; // the reference decays over 5000 of 10000 epochs
    }

    @Override
    protected void checkTaskParameters() {
        Checks.range("angles", angles, 0, 10000);
        Checks.rangeOpenBelow("angle_range", angle_range, 0, 360);
        Checks.range("noise_snr", noise_snr, 0, 200);
        Checks.range("height", height, 0, 16384);
        if (!List.of("standard", "reference").contains(geometry)) throw new InvalidInputException("geometry = " + geometry + " is not allowed: use standard or reference");
        if (!CtTask.LAYOUTS.contains(sinogram_layout)) throw new InvalidInputException("sinogram_layout = " + sinogram_layout
                + " is not allowed: use " + String.join(", ", CtTask.LAYOUTS));
        if (!filter.equals("all") && !FilteredBackProjection.FILTERS.contains(filter)) throw new InvalidInputException("filter = " + filter
                + " is not allowed: use one of " + String.join(", ", FilteredBackProjection.FILTERS) + " or all");
        Checks.range("sirt_iterations", sirt_iterations, 0, 100000);
        Checks.range("center_offset", center_offset, -100000, 100000);
        if (angles_file != null && angles_file.getPath().isEmpty()) angles_file = null;
        if (angles_file != null && angles > 0) throw new InvalidInputException("give angles or angles_file, not both");
        if (angles == 1) throw new InvalidInputException("angles = 1 is not allowed: use 2 to 10000 (0: from angles_file)");
        if (geometry.equals("reference")) {
            if (angles_file != null || center_offset != 0 || !sinogram_layout.equals("auto") && !sinogram_layout.equals("angles-by-detectors")) {
                throw new InvalidInputException("geometry = reference takes only angles, angle_range and an angles-by-detectors sinogram"
                        + " (not angles_file, center_offset or sinogram_layout = " + sinogram_layout + ")");
            }
            return;
        }
        if (angles_file != null) angleList = readAngles(angles_file);
        else if (angles > 0 || !sinogram_input) {
            int n = angles > 0 ? angles : DEFAULT_ANGLES;
            angleList = angle_endpoint ? RadonOperator.angles(n, angle_range) : RadonOperator.anglesWithoutEnd(n, angle_range);
        } else {
            throw new InvalidInputException("a sinogram needs its angles: give angles_file (--angles-file), or angles (--angles N"
                    + " with --angle-range R)");
        }
    }

    /** Degrees, one per line or comma-separated (blank lines and # comments ignored). */
    static double[] readAngles(File f) {
        if (!f.isFile()) throw new InvalidInputException("angles_file: no such file " + f);
        String text;
        try {
            text = Files.readString(f.toPath(), StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new InvalidInputException("angles_file: cannot read " + f + " (" + e.getMessage() + ")");
        }
        return parseAngles(text, f.getName());
    }

    static double[] parseAngles(String text, String name) {
        List<Double> values = new ArrayList<>();
        int line = 0;
        for (String l : text.split("\\R", -1)) {
            line++;
            int hash = l.indexOf('#');
            if (hash >= 0) l = l.substring(0, hash);
            for (String token : l.split("[,;\\s]+")) {
                if (token.isEmpty()) continue;
                double v;
                try {
                    v = Double.parseDouble(token);
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("angles_file " + name + " line " + line + ": '" + token
                            + "' is not a number (degrees, one per line or comma-separated)");
                }
                if (!Double.isFinite(v)) throw new InvalidInputException("angles_file " + name + " line " + line + ": " + token + " is not finite");
                values.add(v);
            }
        }
        if (values.size() < 2 || values.size() > 10000) throw new InvalidInputException("angles_file " + name + " has " + values.size()
                + " angles: 2 to 10000 are allowed");
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Override
    protected void checkPlane(ImagePlus input, ImageProcessor plane) {
        if (sinogram_input && geometry.equals("standard")) {
            Checks.plane("the sinogram", plane, 2);
            boolean transposed;
            try {
                transposed = CtTask.detectorsByAngles(plane.getHeight(), plane.getWidth(), sinogram_layout, angleList.length);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(e.getMessage());
            }
            int n = transposed ? plane.getHeight() : plane.getWidth();
            checkMemory((long) n * n, width, layers, plane.getNChannels());
        } else if (sinogram_input) {
            Checks.plane("the sinogram", plane, 2);
            if (plane.getHeight() != angles && angles != 0) {
                throw new InvalidInputException("angles = " + angles + " but the sinogram has " + plane.getHeight()
                        + " rows (one per angle): set angles to " + plane.getHeight() + " or leave it at its default");
            }
            int h = height > 0 ? height : plane.getWidth();
            checkMemory((long) h * plane.getWidth(), width, layers, plane.getNChannels());
        } else if (geometry.equals("standard")) {
            Checks.plane("the image", plane, 2);
            int n = CtTask.padding(plane.getHeight(), plane.getWidth())[0]; // trained on the padded square
            checkMemory((long) n * n, width, layers, plane.getNChannels());
        } else {
            super.checkPlane(input, plane);
        }
    }

    @Override
    protected Map<String, File> extraOutputs() {
        Map<String, File> m = new LinkedHashMap<>();
        m.put("fbp_file", fbp_file);
        m.put("sinogram_file", sinogram_file);
        m.put("sirt_file", sirt_file);
        return m;
    }

    @Override
    protected String roleOf(String stem) {
        return stem.equals("fbp") ? "FBP" : stem.equals("sirt") ? "SIRT" : stem;
    }

    @Override
    protected TaskResult runTask(Image2D plane, TrainingConfig config, TrainingListener listener, BooleanSupplier cancelled) {
        if (geometry.equals("standard")) {
            CtTask.Standard s = new CtTask.Standard(angleList, center_offset,
                    filter.equals("all") ? FilteredBackProjection.FILTERS : List.of(filter), sirt_iterations, non_negative);
            if (!sinogram_input) return CtTask.fromImage(plane, s, noise_snr > 0 ? noise_snr : Double.NaN, config, listener, cancelled);
            Image2D sino = CtTask.detectorsByAngles(plane.height(), plane.width(), sinogram_layout, angleList.length)
                    ? CtTask.transpose(plane) : plane;
            ImagePlus gt = GroundTruth.resolve(null, ground_truth_file);
            Image2D truth = gt == null ? null : GroundTruth.plane(gt, null, 1);
            if (truth != null && (truth.width() > sino.width() || truth.height() > sino.width())) {
                throw new InvalidInputException("ground_truth_file is " + truth.width() + "x" + truth.height()
                        + ", larger than the " + sino.width() + "x" + sino.width() + " reconstruction (detectors x detectors)");
            }
            return CtTask.fromSinogram(sino, s, truth, config, listener, cancelled);
        }
        int views = angles > 0 ? angles : DEFAULT_ANGLES;
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
        return CtTask.fromImage(plane, views, angle_range, noise_snr > 0 ? noise_snr : Double.NaN, config, listener, cancelled);
    }
}
