package io.github.reluinr.task;

import io.github.reluinr.image.CoordinateGrid;
import io.github.reluinr.nn.Activation;
import io.github.reluinr.nn.Activations;
import io.github.reluinr.nn.BwRelu;
import io.github.reluinr.nn.Mlp;
import io.github.reluinr.nn.VariationNorm;
import io.github.reluinr.op.ForwardOperator;
import io.github.reluinr.train.Trainer;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import io.github.reluinr.train.TrainingResult;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one thing every task does: fit a network f on the output grid so that A f(coords) matches the
 * (normalised) measurements. Tasks differ only in the operator and in how they normalise and report.
 */
public final class InrSolver {
    /**
     * The trained network's best output and what is reported about it. The variation norm is that of
     * the network after training; when training stopped at the target loss that is exactly the network
     * of the output, otherwise the output is the lowest-loss epoch's (usually the last ones agree closely).
     */
    public record Solution(TrainingResult training, Double variationNorm, String activation) {}

    private InrSolver() {}

    public static Solution solve(ForwardOperator op, INDArray measurements, int height, int width, TrainingConfig config,
            INDArray reference, TrainingListener listener, BooleanSupplier cancelled) {
        INDArray coords = CoordinateGrid.grid(height, width);
        try {
            return solve(op, measurements, coords, config, reference, listener, cancelled);
        } finally {
            coords.close();
        }
    }

    /**
     * The same on any coordinates [N, d] (d inputs to the network, e.g. [N, 1] for a curve), which
     * must be in the operator's input order.
     */
    public static Solution solve(ForwardOperator op, INDArray measurements, INDArray coords, TrainingConfig config,
            INDArray reference, TrainingListener listener, BooleanSupplier cancelled) {
        try (Mlp net = network(config, (int) coords.size(1), (int) measurements.size(1))) {
            TrainingResult result = new Trainer(config).train(net, coords, op, measurements, reference, listener, cancelled);
            Double norm = net.activation() instanceof BwRelu ? VariationNorm.of(net) : null;
            return new Solution(result, norm, net.activation().name());
        }
    }

    /** A fresh network as the config describes it (activation, c, width, layers, seed). */
    public static Mlp network(TrainingConfig config, int inputs, int outputs) {
        Activation activation = Activations.create(config.activation(), config.c(), config.omega0(), config.sigma0());
        return new Mlp(inputs, config.width(), config.layers(), outputs, activation, config.seed());
    }
}
