package io.github.reluinr.nn;

import io.github.reluinr.backend.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An element-wise activation sigma applied to z = xW + b, with the two fused
 * steps the network needs.
 *
 * <p>
 * Both steps have an ND4J-operation form (any backend, CUDA included) and may
 * have a fused Java kernel for the CPU backend; {@link Kernels} chooses, and
 * tests hold the two equal.
 */
public interface Activation {

	/**
	 * The name used on the command line and in metrics, e.g. {@code bw-relu}.
	 */
	String name();

	/**
	 * sigma(z) for one value, in double: the closed form that tests and norms
	 * use.
	 */
	double value(double z);

	/**
	 * sigma'(z) for one value (the one-sided derivative at a kink is whichever
	 * side the kernels use).
	 */
	double derivative(double z);

	/**
	 * Forward step of one layer: z += bias (row vector, in place), then a =
	 * sigma(z).
	 *
	 * @param z
	 *            [N, K] pre-activation from the matrix product; holds z + bias
	 *            afterwards
	 * @param bias
	 *            [1, K] or [K]
	 * @param a
	 *            [N, K] output
	 */
	void forward(INDArray z, INDArray bias, INDArray a);

	/**
	 * Backward step of one layer: grad *= sigma'(z) in place (it becomes
	 * dL/dz), and biasGrad = column sums of the result.
	 */
	void backward(INDArray z, INDArray grad, INDArray biasGrad);

	/**
	 * Whether the Java kernels can record, in the forward step, which linear
	 * piece each element fell on (one byte), so that the backward step reads
	 * that byte instead of re-reading z and locating it again (a
	 * piecewise-linear activation's derivative is constant on each piece).
	 */
	default boolean recordsPieces() {
		return false;
	}

	/**
	 * Java form of {@link #forward} that also writes each element's piece into
	 * {@code pieces} [N, K] (bytes). z is not updated (its contents afterwards
	 * are unspecified), so {@code a} may be z itself.
	 */
	default void forwardRecordingPieces(INDArray z, INDArray bias, INDArray a,
			INDArray pieces)
	{
		throw new UnsupportedOperationException(name() + " records no pieces");
	}

	/**
	 * Java form of {@link #backward} from the pieces the forward step recorded
	 * (z is not read).
	 */
	default void backwardFromPieces(INDArray pieces, INDArray grad,
			INDArray biasGrad)
	{
		throw new UnsupportedOperationException(name() + " records no pieces");
	}

	/**
	 * Whether {@link #forwardPieceRows} and {@link #backwardPieceRows} exist:
	 * the single-threaded row-range forms of {@link #forwardRecordingPieces}
	 * and {@link #backwardFromPieces}, which the cache-blocked CPU pass of
	 * {@link Mlp} calls on its blocks.
	 */
	default boolean hasPieceRowKernels() {
		return false;
	}

	/**
	 * Rows [from, to) of {@link #forwardRecordingPieces} in place, on the
	 * calling thread: za holds the product x W and receives the activation;
	 * from is a multiple of 16 rows, repeatedBias the bias repeated 16 times;
	 * the pieces go to pb (pi: its ints) at the same rows.
	 */
	default void forwardPieceRows(java.nio.FloatBuffer za,
			java.nio.ByteBuffer pb, java.nio.IntBuffer pi, float[] repeatedBias,
			int cols, long from, long to)
	{
		throw new UnsupportedOperationException(name() + " has no row kernels");
	}

	/**
	 * Rows [pieceRow, pieceRow + rows) of {@link #backwardFromPieces}, the
	 * gradient's rows starting at gradRow of gb, on the calling thread; the
	 * bias gradient's column sums are added into sums (double).
	 */
	default void backwardPieceRows(java.nio.ByteBuffer pb,
			java.nio.IntBuffer pi, long pieceRow, java.nio.FloatBuffer gb,
			long gradRow, int rows, int cols, double[] sums)
	{
		throw new UnsupportedOperationException(name() + " has no row kernels");
	}

	/**
	 * Uniform initialisation bound of the weights of linear layer {@code layer}
	 * (0 = first).
	 */
	default double weightBound(int layer, int fanIn) {
		return 1.0 / Math.sqrt(fanIn); // PyTorch's nn.Linear default
	}
}
