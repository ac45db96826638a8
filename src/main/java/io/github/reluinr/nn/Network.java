package io.github.reluinr.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the trainer needs from a coordinate network: a forward pass into the
 * network's own output buffer, a hand-written backward pass into one flat
 * gradient array, and the flat parameter array it mirrors (so one Adam call
 * updates everything). {@link Mlp} (real layers, any element-wise activation)
 * and {@link WireMlp} (complex Gabor layers) implement it. Not thread-safe: one
 * network per thread.
 */
public interface Network extends AutoCloseable {

	/** Input columns the network expects. */
	int inputs();

	/** Output columns it produces. */
	int outputs();

	/**
	 * f(x) for a batch x [n, inputs()]. Returns the network's own [n,
	 * outputs()] buffer, valid until the next call; x must stay unchanged until
	 * {@link #backward} has run. The buffers are allocated for the largest
	 * batch seen and a smaller batch (a training run's last tile of rows) uses
	 * row views of them, so alternating tile sizes allocate nothing.
	 */
	INDArray forward(INDArray x);

	/**
	 * Fills {@link #gradients()} with dL/dtheta given dL/df [n, outputs()] for
	 * the last forward batch; dOut is not modified. Between
	 * {@link #beginGradientSum()} and {@link #endGradientSum()} it adds this
	 * batch's gradient to a double-precision sum instead.
	 */
	void backward(INDArray dOut);

	/**
	 * Starts summing the gradients of the following backward calls (the tiles
	 * of one full batch).
	 */
	void beginGradientSum();

	/**
	 * Writes the sum of the gradients since {@link #beginGradientSum()} to
	 * {@link #gradients()}.
	 */
	void endGradientSum();

	/**
	 * All trainable parameters as one flat float array (the network's weights
	 * are views of it).
	 */
	INDArray parameters();

	/** dL/dtheta, laid out like {@link #parameters()}. */
	INDArray gradients();

	/**
	 * Bytes of the per-batch buffers per row of x (activations,
	 * pre-activations, gradients, output): what one tile of rows costs, for
	 * memory estimates before anything is allocated.
	 */
	long bufferBytesPerRow();

	/**
	 * Selects the buffers that the next forward pass writes and backward reads:
	 * slot k keeps the activations of the last forward pass made while it was
	 * selected. Returns false (and changes nothing) where the network has only
	 * slot 0, whose activations every forward pass replaces.
	 */
	default boolean useSlot(int k) {
		return k == 0;
	}

	/** Whether {@link #useSlot} selects slots other than 0. */
	default boolean hasSlots() {
		return false;
	}

	/** Bytes per row that a slot other than the working one keeps. */
	default long keptBytesPerRow() {
		return bufferBytesPerRow();
	}

	/** Frees the per-batch buffers now rather than at garbage collection. */
	@Override
	void close();
}
