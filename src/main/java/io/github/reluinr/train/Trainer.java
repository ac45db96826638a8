package io.github.reluinr.train;

import io.github.reluinr.nn.Network;
import io.github.reluinr.op.ForwardOperator;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Minimises mean((A f(coords) - y)^2) over the network's parameters with Adam, full batch, one
 * optimiser step per epoch. Task-agnostic: the task supplies the operator A and measurements y.
 */
public final class Trainer {
    private static final WorkspaceConfiguration EPOCH_WORKSPACE = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .build();

    private final TrainingConfig config;

    public Trainer(TrainingConfig config) {
        this.config = config;
    }

    /**
     * @param net          the network (Mlp, WireMlp, ...), outputs = channels of y
     * @param coords       [N, net.inputs()]: grid coordinates, or their positional encoding
     * @param op           forward operator with inputSize N
     * @param measurements y, [M, C]
     * @param reference    optional [N, C] image for the progress PSNR (peak 1: normalised units), or null
     * @param listener     progress, or null
     * @param cancelled    polled before every epoch; true stops and returns the best result so far
     */
    public TrainingResult train(Network net, INDArray coords, ForwardOperator op, INDArray measurements,
            INDArray reference, TrainingListener listener, BooleanSupplier cancelled) {
        long n = coords.size(0);
        long m = measurements.size(0);
        long channels = measurements.size(1);
        if (op.inputSize() != n || op.outputSize() != m) throw new IllegalArgumentException("operator shape does not match coordinates and measurements");
        if (net.outputs() != channels) throw new IllegalArgumentException("network outputs must equal measurement channels");
        if (coords.size(1) != net.inputs()) throw new IllegalArgumentException("network inputs must equal coordinate columns");
        int epochs = config.epochs();
        double targetLoss = config.targetLoss();

        Adam adam = new Adam(config.schedule());
        adam.setBeta1(0.9);
        adam.setBeta2(0.999);
        adam.setEpsilon(1e-8);
        INDArray params = net.parameters();
        INDArray grads = net.gradients();
        INDArray state = Nd4j.create(DataType.FLOAT, 1, adam.stateSize(params.length()));
        GradientUpdater<?> updater = adam.instantiate(state, true);

        INDArray residual = Nd4j.create(DataType.FLOAT, m, channels);
        INDArray outputGrad = Nd4j.create(DataType.FLOAT, n, channels);
        INDArray best = Nd4j.create(DataType.FLOAT, n, channels);
        INDArray bestParams = params.dup(); // the parameters that produced best, restored at the end
        INDArray diff = reference == null ? null : Nd4j.create(DataType.FLOAT, n, channels);
        double lossScale = 2.0 / ((double) m * channels);

        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        double lastLoss = Double.NaN;
        int epoch = 0;
        StopReason stop = StopReason.EPOCHS;
        boolean reached = false;
        double maxSeconds = config.maxSeconds();
        long start = System.nanoTime();
        String wsName = "relu-inr-epoch-" + Thread.currentThread().getId();
        while (epoch < epochs) {
            if (cancelled != null && cancelled.getAsBoolean()) {
                stop = StopReason.CANCELLED;
                break;
            }
            double loss;
            double psnr = Double.NaN;
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(EPOCH_WORKSPACE, wsName)) {
                INDArray f = net.forward(coords);
                op.apply(f, residual);
                residual.subi(measurements);
                double norm = residual.norm2Number().doubleValue();
                loss = norm * norm / ((double) m * channels);
                if (loss < bestLoss) {
                    bestLoss = loss;
                    bestEpoch = epoch + 1;
                    best.assign(f);
                    bestParams.assign(params);
                }
                if (reference != null) {
                    double d = diff.assign(f).subi(reference).norm2Number().doubleValue();
                    psnr = 10 * Math.log10(1.0 / (d * d / ((double) n * channels)));
                }
                // At the target, stop before the step: the network keeps the parameters that reached
                // it, so what is measured on it afterwards (its variation norm) belongs to this output.
                reached = !Double.isNaN(targetLoss) && loss <= targetLoss;
                if (!reached) {
                    op.adjoint(residual, outputGrad);
                    outputGrad.muli(lossScale);
                    net.backward(outputGrad);
                    updater.applyUpdater(grads, epoch, 0);
                    params.subi(grads);
                }
            }
            lastLoss = loss;
            epoch++;
            if (listener != null) listener.epochDone(epoch, epochs, loss, psnr, (System.nanoTime() - start) / 1e9);
            if (reached) {
                if (epoch < epochs) stop = StopReason.TARGET_LOSS;
                break;
            }
            if (!Double.isFinite(loss)) {
                stop = StopReason.DIVERGED;
                break;
            }
            if (epoch < epochs && (System.nanoTime() - start) / 1e9 >= maxSeconds) {
                stop = StopReason.TIME;
                break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // The network leaves with the parameters of its best output, so that what is measured or saved
        // from it afterwards (variation norm, model file) belongs to the output returned.
        if (bestLoss < Double.POSITIVE_INFINITY) params.assign(bestParams);
        bestParams.close();
        residual.close();
        outputGrad.close();
        state.close();
        if (diff != null) diff.close();
        Nd4j.getWorkspaceManager().destroyWorkspace(Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(EPOCH_WORKSPACE, wsName));
        return new TrainingResult(best, bestLoss, bestEpoch, lastLoss, epoch, seconds, stop);
    }
}
