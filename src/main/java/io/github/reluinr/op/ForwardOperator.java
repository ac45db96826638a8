package io.github.reluinr.op;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A linear forward operator A from an image to measurements, with its adjoint
 * A^T.
 *
 * <p>
 * Layout: an image of height H and width W with C channels is a float INDArray
 * of shape [H*W, C] (pixel index y*W + x, row-major, the order of the
 * coordinate grid); measurements are [M, C]. Every channel is transformed
 * independently. Both methods write into {@code out}, which the caller
 * allocates once, so the training loop does not allocate per epoch.
 */
public interface ForwardOperator {

	/** Number of image pixels, H*W. */
	long inputSize();

	/** Number of measurements per channel, M. */
	long outputSize();

	/**
	 * Shape of the measurements as an image (rows, columns), e.g. (angles,
	 * detectors) for Radon.
	 */
	long[] outputShape();

	/** out = A image. image: [inputSize, C], out: [outputSize, C]. */
	void apply(INDArray image, INDArray out);

	/**
	 * out = A^T measurements. measurements: [outputSize, C], out: [inputSize,
	 * C].
	 */
	void adjoint(INDArray measurements, INDArray out);

	/** Short name for logs and metrics. */
	String name();

	/**
	 * True if the operator is tile-local: the measurements of a tile of input
	 * pixels [from, to), with from and to multiples of {@link #tileQuantum()}
	 * (or to = inputSize()), are a contiguous block of rows
	 * [tileOutputRow(from), tileOutputRow(to)) that depends on those pixels
	 * only, and A^T maps that block back onto the same pixels. Training then
	 * runs forward, residual and backward of one tile in one sweep. False (the
	 * default) for global operators such as the Radon transform: the trainer
	 * applies them and their adjoint to all pixels at once.
	 */
	default boolean tileLocal() {
		return false;
	}

	/**
	 * Tile boundaries of a tile-local operator are multiples of this many
	 * pixels (e.g. S image rows for S x S pooling).
	 */
	default long tileQuantum() {
		return inputSize();
	}

	/**
	 * First measurement row of the tile that starts at input pixel {@code from}
	 * (tile-local operators).
	 */
	default long tileOutputRow(long from) {
		if (from == 0) return 0;
		if (from == inputSize()) return outputSize();
		throw new UnsupportedOperationException(name() + " is not tile-local");
	}

	/**
	 * The operator restricted to the pixels [from, to) of a tile (tile-local
	 * operators), mapping them to their measurement rows. Tiles of equal length
	 * are the same operator (callers may reuse one).
	 */
	default ForwardOperator tile(long from, long to) {
		if (from == 0 && to == inputSize()) return this;
		throw new UnsupportedOperationException(name() + " is not tile-local");
	}
}
