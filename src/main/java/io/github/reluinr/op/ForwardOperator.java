package io.github.reluinr.op;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A linear forward operator A from an image to measurements, with its adjoint A^T.
 *
 * <p>Layout: an image of height H and width W with C channels is a float INDArray of shape [H*W, C]
 * (pixel index y*W + x, row-major, the order of the coordinate grid); measurements are [M, C]. Every
 * channel is transformed independently. Both methods write into {@code out}, which the caller
 * allocates once, so the training loop does not allocate per epoch.
 */
public interface ForwardOperator {
    /** Number of image pixels, H*W. */
    long inputSize();

    /** Number of measurements per channel, M. */
    long outputSize();

    /** Shape of the measurements as an image (rows, columns), e.g. (angles, detectors) for Radon. */
    long[] outputShape();

    /** out = A image. image: [inputSize, C], out: [outputSize, C]. */
    void apply(INDArray image, INDArray out);

    /** out = A^T measurements. measurements: [outputSize, C], out: [inputSize, C]. */
    void adjoint(INDArray measurements, INDArray out);

    /** Short name for logs and metrics. */
    String name();
}
