package io.github.reluinr.task;

import io.github.reluinr.image.Normalisation;
import io.github.reluinr.op.FilteredBackProjection;
import io.github.reluinr.op.RadonOperator;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sparse-view CT: a network whose Radon transform (parallel beam, angles linspace(0, range, N)) matches
 * a sinogram, shown next to filtered back-projection. The sinogram is either simulated from an image
 * (min-max normalised first, as the reference does) or measured.
 */
public final class CtTask {
    private CtTask() {}

    /** Simulates N projections of the image (optionally with Gaussian noise at snrDb; NaN = none). */
    public static TaskResult fromImage(Image2D image, int angles, double rangeDegrees, double snrDb, TrainingConfig config,
            TrainingListener listener, BooleanSupplier cancelled) {
        Normalisation norm = Normalisation.of(image.pixels());
        INDArray x = norm.normalise(image.pixels()).castTo(DataType.FLOAT);
        RadonOperator radon = new RadonOperator(image.height(), image.width(), RadonOperator.angles(angles, rangeDegrees));
        INDArray sinogram = Nd4j.create(DataType.FLOAT, radon.outputSize(), image.channels());
        radon.apply(x, sinogram);
        if (!Double.isNaN(snrDb)) addNoise(sinogram, snrDb, config.seed());
        TaskResult r = reconstruct(radon, sinogram, 1.0, x, InrSolver.mapOutput(config, "ct", norm.min(), norm.range()), listener, cancelled);
        // back to the image's units; PSNR with peak = range is the same in either
        return inUnits(r, norm, image);
    }

    /**
     * Reconstructs from a measured sinogram [angles x detectors], used in its own units: the detector
     * count is the image width, and {@code height} the image height.
     */
    public static TaskResult fromSinogram(Image2D sinogram, double rangeDegrees, int height, Image2D groundTruth,
            TrainingConfig config, TrainingListener listener, BooleanSupplier cancelled) {
        int angles = sinogram.height(), width = sinogram.width();
        RadonOperator radon = new RadonOperator(height, width, RadonOperator.angles(angles, rangeDegrees));
        INDArray y = sinogram.pixels().castTo(DataType.FLOAT);
        // Train at unit scale: the Radon transform is linear, so y / s is reconstructed as x / s, with s
        // the peak of the FBP image (a network starting near 0 cannot reach values in the thousands).
        INDArray fbp = FilteredBackProjection.reconstruct(y, radon);
        double scale = Math.max(Math.abs(fbp.maxNumber().doubleValue()), Math.abs(fbp.minNumber().doubleValue()));
        if (!(scale > 0)) scale = 1;
        INDArray reference = groundTruth == null ? null : groundTruth.pixels().castTo(DataType.FLOAT).div(scale);
        // pixels are raw * (float) scale, as the float product below computes them
        TaskResult r = reconstruct(radon, y.div(scale), scale, reference, InrSolver.mapOutput(config, "ct", 0, (float) scale), listener, cancelled);
        List<TaskResult.NamedImage> images = r.images();
        Image2D inr = images.get(0).image(), fbpImage = images.get(1).image();
        return new TaskResult(images, List.of(
                withTruth(r.metrics().get(0), groundTruth, inr),
                withTruth(r.metrics().get(1), groundTruth, fbpImage)));
    }

    private static TaskResult reconstruct(RadonOperator radon, INDArray y, double scale, INDArray reference, TrainingConfig config,
            TrainingListener listener, BooleanSupplier cancelled) {
        int h = radon.height(), w = radon.width();
        long t0 = System.nanoTime();
        INDArray fbp = FilteredBackProjection.reconstruct(y, radon);
        double fbpSeconds = (System.nanoTime() - t0) / 1e9;
        InrSolver.Solution s = InrSolver.solve(radon, y, h, w, config, reference, listener, cancelled);
        Image2D inr = new Image2D(s.training().output().mul(scale), h, w);
        Image2D fbpImage = new Image2D(fbp.muli(scale), h, w);
        Image2D sino = new Image2D(y.mul(scale), radon.angleCount(), w);
        Image2D truth = reference == null ? null : new Image2D(reference.mul(scale), h, w);
        return new TaskResult(List.of(new TaskResult.NamedImage("INR", inr), new TaskResult.NamedImage("FBP", fbpImage),
                new TaskResult.NamedImage("sinogram", sino)),
                List.of(Reports.networkRow("ct", s, config, truth, inr), Reports.baselineRow("ct", "fbp", fbpSeconds, truth, fbpImage)));
    }

    private static TaskResult inUnits(TaskResult r, Normalisation norm, Image2D truth) {
        List<TaskResult.NamedImage> images = r.images().stream().map(ni -> ni.role().equals("sinogram") ? ni
                : new TaskResult.NamedImage(ni.role(), new Image2D(norm.denormalise(ni.image().pixels()).castTo(DataType.FLOAT), truth.height(), truth.width())))
                .toList();
        return new TaskResult(images, List.of(withTruth(r.metrics().get(0), truth, images.get(0).image()),
                withTruth(r.metrics().get(1), truth, images.get(1).image())));
    }

    private static MetricsRow withTruth(MetricsRow row, Image2D truth, Image2D estimate) {
        return row.withScores(Reports.psnr(truth, estimate), Reports.ssim(truth, estimate));
    }

    /** Adds white Gaussian noise with power = signal power / 10^(snr/10), seeded. */
    static void addNoise(INDArray sinogram, double snrDb, long seed) {
        float[] v = sinogram.dup('c').data().asFloat();
        double power = 0;
        for (float f : v) power += (double) f * f;
        double sigma = Math.sqrt(power / v.length / Math.pow(10, snrDb / 10));
        SplittableRandom random = new SplittableRandom(seed ^ 0x5EED);
        for (int i = 0; i < v.length; i++) v[i] += (float) (sigma * gaussian(random));
        sinogram.assign(Nd4j.create(v, sinogram.shape(), 'c'));
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble(), w = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
    }
}
