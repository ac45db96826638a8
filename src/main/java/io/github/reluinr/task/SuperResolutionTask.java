package io.github.reluinr.task;

import io.github.reluinr.image.Normalisation;
import io.github.reluinr.op.AveragePoolOperator;
import io.github.reluinr.op.IdentityOperator;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Super-resolution x S: a network on the S-times finer grid whose S x S average pools match the
 * low-resolution image (the paper's AvgPool2d(S) loss), optionally started from a classical baseline:
 * the network is first fitted to the baseline's image ({@code start.epochs()} epochs, A = identity),
 * then trained on the data term. The classical baselines of {@link SuperResolutionBaselines} come back
 * as images and rows after the network's; ImageJ's own bicubic is added by the command layer.
 */
public final class SuperResolutionTask {
    /**
     * Where the network starts: "random" (the paper: its seed's initialisation) or a baseline's method name,
     * fitted for {@code epochs} epochs at learning rate {@code lr} (decaying by the config's factor over them);
     * the data term then trains at the config's own rate.
     */
    public record Start(String from, int epochs, double lr) {
        public static final String RANDOM = "random";
        public static final List<String> CHOICES = List.of(RANDOM, SuperResolutionBaselines.BACK_PROJECTION,
                SuperResolutionBaselines.SKIMAGE, SuperResolutionBaselines.PIL, SuperResolutionBaselines.LANCZOS);

        public Start {
            if (!CHOICES.contains(from)) throw new IllegalArgumentException("start must be one of " + String.join(", ", CHOICES) + ", got '" + from + "'");
            if (epochs < 0) throw new IllegalArgumentException("start epochs must be >= 0");
            if (!(lr > 0)) throw new IllegalArgumentException("start lr must be > 0");
        }

        public static Start random() {
            return new Start(RANDOM, 0, 1e-3);
        }

        boolean warm() {
            return !RANDOM.equals(from) && epochs > 0;
        }
    }

    /** The default start (docs/superres-protocol.md's candidate W, its winner): see {@link #recipe()}. */
    public static final Start DEFAULT_START = new Start(SuperResolutionBaselines.BACK_PROJECTION, 150, 3e-3);

    private SuperResolutionTask() {}

    /**
     * The default training settings of the data phase, the winner of docs/superres-protocol.md (candidate W:
     * c 3, lr 3e-3 decaying to 0.2 x, 250 epochs, 3 x 128; with the start's 150 epochs a 256 x 256 output takes
     * about 3 minutes on 2 idle cores); {@link TrainingConfig#superResolution()} keeps the paper's (Appendix D).
     */
    public static TrainingConfig recipe() {
        return TrainingConfig.superResolution().width(128).epochs(250);
    }

    /** The paper's procedure: random start, no classical baselines. */
    public static TaskResult run(Image2D lowRes, int scale, Image2D groundTruth, TrainingConfig config,
            TrainingListener listener, BooleanSupplier cancelled) {
        return run(lowRes, scale, groundTruth, config, Start.random(), -1, listener, cancelled);
    }

    /**
     * @param lowRes      the input, in its own units
     * @param scale       S >= 2
     * @param groundTruth optional high-resolution image (H*S x W*S) for PSNR/SSIM, or null
     * @param start       where the network starts
     * @param iterations  back-projection's iterations for its baseline row; negative: no baseline rows
     *                    (they are then only computed if the start needs one)
     */
    public static TaskResult run(Image2D lowRes, int scale, Image2D groundTruth, TrainingConfig config, Start start, int iterations,
            TrainingListener listener, BooleanSupplier cancelled) {
        int h = lowRes.height() * scale, w = lowRes.width() * scale;
        if (groundTruth != null && (groundTruth.height() != h || groundTruth.width() != w || groundTruth.channels() != lowRes.channels())) {
            throw new IllegalArgumentException("the ground truth must be " + w + "x" + h + " with " + lowRes.channels() + " channel(s)");
        }
        List<SuperResolutionBaselines.Baseline> baselines = iterations >= 0 ? SuperResolutionBaselines.all(lowRes, scale, iterations) : List.of();
        Image2D startImage = null;
        if (start.warm()) {
            for (SuperResolutionBaselines.Baseline b : baselines) if (b.method().equals(start.from())) startImage = b.image();
            if (startImage == null) startImage = SuperResolutionBaselines.all(lowRes, scale, Math.max(0, iterations < 0 ? SuperResolutionBaselines.DEFAULT_ITERATIONS : iterations))
                    .stream().filter(b -> b.method().equals(start.from())).findFirst().orElseThrow().image();
        }
        Normalisation norm = Normalisation.of(lowRes.pixels());
        INDArray y = norm.normalise(lowRes.pixels()).castTo(DataType.FLOAT);
        INDArray reference = groundTruth == null ? null : Normalisation.of(groundTruth.pixels()).normalise(groundTruth.pixels()).castTo(DataType.FLOAT);
        AveragePoolOperator pool = new AveragePoolOperator(lowRes.height(), lowRes.width(), scale);
        TrainingConfig mapped = InrSolver.mapOutput(config, TaskDescription.SUPERRES, norm.min(), norm.range()); // the model file's output map
        InrSolver.Pretraining warmUp = startImage == null ? null : new InrSolver.Pretraining(new IdentityOperator(h, w),
                norm.normalise(startImage.pixels()).castTo(DataType.FLOAT),
                mapped.copy().epochs(start.epochs()).decayHorizon(start.epochs()).lr(start.lr()).targetLoss(Double.NaN));
        // a network loaded from init_model is the start itself: the solver skips the warm-up fit then
        InrSolver.Solution s = InrSolver.solve(pool, y, h, w, mapped, reference, listener, cancelled, warmUp);
        Image2D result = new Image2D(norm.denormalise(s.training().output()).castTo(DataType.FLOAT), h, w);
        List<TaskResult.NamedImage> images = new ArrayList<>();
        List<MetricsRow> rows = new ArrayList<>();
        images.add(TaskResult.NamedImage.of(OutputRole.INR, result));
        rows.add(Reports.networkRow(TaskDescription.SUPERRES, s, config, groundTruth, result));
        for (SuperResolutionBaselines.Baseline b : baselines) {
            images.add(TaskResult.NamedImage.baseline(b.method(), b.image()));
            rows.add(Reports.baselineRow(TaskDescription.SUPERRES, b.method(), b.seconds(), groundTruth, b.image()));
        }
        return new TaskResult(images, rows);
    }

    /** "back-projection start, 100 epochs" etc., for logs. */
    public static String describe(Start start) {
        return start.warm() ? String.format(Locale.ROOT, "%s start, %d epochs", start.from(), start.epochs()) : "random start";
    }
}
