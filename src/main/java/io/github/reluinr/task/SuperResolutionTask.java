package io.github.reluinr.task;

import io.github.reluinr.image.Normalisation;
import io.github.reluinr.op.AveragePoolOperator;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Super-resolution x S: a network on the S-times finer grid whose S x S average pools match the
 * low-resolution image (the paper's AvgPool2d(S) loss). The classical bicubic baseline is ImageJ's and
 * is added by the command layer.
 */
public final class SuperResolutionTask {
    private SuperResolutionTask() {}

    /**
     * @param lowRes      the input, in its own units
     * @param scale       S >= 2
     * @param groundTruth optional high-resolution image (H*S x W*S) for PSNR/SSIM, or null
     */
    public static TaskResult run(Image2D lowRes, int scale, Image2D groundTruth, TrainingConfig config,
            TrainingListener listener, BooleanSupplier cancelled) {
        int h = lowRes.height() * scale, w = lowRes.width() * scale;
        if (groundTruth != null && (groundTruth.height() != h || groundTruth.width() != w || groundTruth.channels() != lowRes.channels())) {
            throw new IllegalArgumentException("the ground truth must be " + w + "x" + h + " with " + lowRes.channels() + " channel(s)");
        }
        Normalisation norm = Normalisation.of(lowRes.pixels());
        INDArray y = norm.normalise(lowRes.pixels()).castTo(DataType.FLOAT);
        INDArray reference = groundTruth == null ? null : Normalisation.of(groundTruth.pixels()).normalise(groundTruth.pixels()).castTo(DataType.FLOAT);
        InrSolver.Solution s = InrSolver.solve(new AveragePoolOperator(lowRes.height(), lowRes.width(), scale), y, h, w,
                InrSolver.mapOutput(config, "superres", norm.min(), norm.range()), reference, listener, cancelled);
        Image2D result = new Image2D(norm.denormalise(s.training().output()).castTo(DataType.FLOAT), h, w);
        MetricsRow row = Reports.networkRow("superres", s, config, groundTruth, result);
        return new TaskResult(List.of(new TaskResult.NamedImage("INR", result)), List.of(row));
    }
}
