package io.github.reluinr.nn;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The reference network: {@code layers} blocks of Linear + activation, then a final Linear.
 * "3 layers of width 300" is Linear(in,300)+s, Linear(300,300)+s, Linear(300,300)+s, Linear(300,out).
 *
 * <p>All weights and biases live in one flat parameter array (and the gradients in one flat gradient
 * array) so that ND4J's Adam updates them in one call; W_l is stored [fanIn, fanOut] so a layer is
 * z = x W_l + b_l. Forward and backward write into arrays allocated once per batch size, so the training
 * loop allocates nothing that grows with the number of epochs. Not thread-safe: one network per thread.
 */
public final class Mlp implements Network {
    private final int inputs;
    private final int width;
    private final int layers;
    private final int outputs;
    private final Activation activation;
    private final INDArray params;
    private final INDArray grads;
    private final INDArray[] weights;
    private final INDArray[] biases;
    private final INDArray[] weightGrads;
    private final INDArray[] biasGrads;

    // Per-batch-size buffers: pre-activations z_l (holding z + b), activations a_l, the output,
    // and two gradient buffers that the backward pass alternates between.
    private long rows = -1;
    private INDArray[] z;
    private INDArray[] a;
    private INDArray out;
    private INDArray gradA;
    private INDArray gradB;
    private INDArray lastInput;

    public Mlp(int inputs, int width, int layers, int outputs, Activation activation, long seed) {
        if (inputs < 1 || width < 1 || layers < 1 || outputs < 1) throw new IllegalArgumentException("inputs, width, layers and outputs must be at least 1");
        this.inputs = inputs;
        this.width = width;
        this.layers = layers;
        this.outputs = outputs;
        this.activation = activation;
        long count = parameterCount(inputs, width, layers, outputs);
        params = Nd4j.create(DataType.FLOAT, count);
        grads = Nd4j.create(DataType.FLOAT, count);
        weights = new INDArray[layers + 1];
        biases = new INDArray[layers + 1];
        weightGrads = new INDArray[layers + 1];
        biasGrads = new INDArray[layers + 1];
        long offset = 0;
        for (int l = 0; l <= layers; l++) {
            int fanIn = fanIn(l);
            int fanOut = fanOut(l);
            weights[l] = view(params, offset, fanIn, fanOut);
            weightGrads[l] = view(grads, offset, fanIn, fanOut);
            offset += (long) fanIn * fanOut;
            biases[l] = view(params, offset, 1, fanOut);
            biasGrads[l] = view(grads, offset, 1, fanOut);
            offset += fanOut;
        }
        initialise(seed);
    }

    public static long parameterCount(int inputs, int width, int layers, int outputs) {
        return (long) inputs * width + width + (long) (layers - 1) * ((long) width * width + width) + (long) width * outputs + outputs;
    }

    private static INDArray view(INDArray flat, long offset, int r, int c) {
        return flat.get(NDArrayIndex.interval(offset, offset + (long) r * c)).reshape('c', r, c);
    }

    public int fanIn(int layer) {
        return layer == 0 ? inputs : width;
    }

    public int fanOut(int layer) {
        return layer == layers ? outputs : width;
    }

    /** U(-bound, bound) for weights (bound from the activation) and PyTorch's default for biases. */
    private void initialise(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int l = 0; l <= layers; l++) {
            int fanIn = fanIn(l);
            double wb = activation.weightBound(l, fanIn);
            double bb = 1.0 / Math.sqrt(fanIn);
            weights[l].assign(Nd4j.create(uniform(random, weights[l].length(), wb), weights[l].shape()));
            biases[l].assign(Nd4j.create(uniform(random, biases[l].length(), bb), biases[l].shape()));
        }
    }

    private static float[] uniform(SplittableRandom random, long n, double bound) {
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        return v;
    }

    private void ensureBuffers(long n) {
        if (n == rows) return;
        close();
        // Outside any workspace: these buffers live across epochs.
        try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            allocate(n);
        }
    }

    private void allocate(long n) {
        z = new INDArray[layers];
        a = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            z[l] = Nd4j.create(DataType.FLOAT, n, width);
            a[l] = Nd4j.create(DataType.FLOAT, n, width);
        }
        out = Nd4j.create(DataType.FLOAT, n, outputs);
        gradA = Nd4j.create(DataType.FLOAT, n, width);
        gradB = Nd4j.create(DataType.FLOAT, n, width);
        rows = n;
    }

    /**
     * f(x) for a batch x [n, inputs]. Returns the network's own output buffer [n, outputs], valid until
     * the next call; x must stay unchanged until {@link #backward} has run.
     */
    @Override
    public INDArray forward(INDArray x) {
        if (x.size(1) != inputs) throw new IllegalArgumentException("expected " + inputs + " input columns, got " + x.size(1));
        ensureBuffers(x.size(0));
        lastInput = x;
        INDArray in = x;
        for (int l = 0; l < layers; l++) {
            Nd4j.gemm(in, weights[l], z[l], false, false, 1.0, 0.0);
            activation.forward(z[l], biases[l], a[l]);
            in = a[l];
        }
        Nd4j.gemm(in, weights[layers], out, false, false, 1.0, 0.0);
        out.addiRowVector(biases[layers]);
        return out;
    }

    /**
     * Fills {@link #gradients()} with dL/dtheta given dL/df [n, outputs] for the last forward batch.
     * dOut is not modified.
     */
    @Override
    public void backward(INDArray dOut) {
        int last = layers;
        Nd4j.gemm(a[last - 1], dOut, weightGrads[last], true, false, 1.0, 0.0);
        biasGrads[last].assign(dOut.sum(0).reshape(1, outputs));
        INDArray g = gradA;
        INDArray spare = gradB;
        Nd4j.gemm(dOut, weights[last], g, false, true, 1.0, 0.0);
        for (int l = layers - 1; l >= 0; l--) {
            activation.backward(z[l], g, biasGrads[l]); // g is now dL/dz_l
            INDArray in = l == 0 ? lastInput : a[l - 1];
            Nd4j.gemm(in, g, weightGrads[l], true, false, 1.0, 0.0);
            if (l > 0) {
                Nd4j.gemm(g, weights[l], spare, false, true, 1.0, 0.0);
                INDArray t = g;
                g = spare;
                spare = t;
            }
        }
    }

    @Override
    public INDArray parameters() {
        return params;
    }

    @Override
    public INDArray gradients() {
        return grads;
    }

    /** W_l as a [fanIn, fanOut] view of the parameters (column k of the paper's W_l^T is row k here). */
    public INDArray weight(int layer) {
        return weights[layer];
    }

    public INDArray bias(int layer) {
        return biases[layer];
    }

    public INDArray weightGradient(int layer) {
        return weightGrads[layer];
    }

    public INDArray biasGradient(int layer) {
        return biasGrads[layer];
    }

    @Override public int inputs() { return inputs; }
    public int width() { return width; }
    public int layers() { return layers; }
    @Override public int outputs() { return outputs; }
    public Activation activation() { return activation; }

    /** Bytes the per-batch buffers take for n rows (for memory estimates before allocating). */
    public static long bufferBytes(long n, int width, int layers, int outputs) {
        return 4L * n * ((2L * layers + 2) * width + outputs);
    }

    /** Frees the per-batch buffers now rather than at garbage collection. */
    @Override
    public void close() {
        if (z != null) {
            for (INDArray t : z) t.close();
            for (INDArray t : a) t.close();
            out.close();
            gradA.close();
            gradB.close();
        }
        z = null;
        a = null;
        rows = -1;
    }
}
