package io.github.reluinr.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * NeRF-style positional encoding of the ReLU+PE baseline: each coordinate row
 * (x_0 .. x_{d-1}) becomes
 * 
 * <pre>
 *   [x_0 .. x_{d-1},  sin(2^0 pi x_0), cos(2^0 pi x_0), .., sin(2^0 pi x_{d-1}), cos(2^0 pi x_{d-1}),
 *                     .., sin(2^{L-1} pi x_{d-1}), cos(2^{L-1} pi x_{d-1})]
 * </pre>
 * 
 * (frequency outermost, then input dimension, then sin before cos, as the
 * reference concatenates them), d + 2 d L features, with L = floor(log2(S / 4))
 * frequencies for side length S: the reference's "Nyquist" count, the largest
 * power-of-two frequency below S/4 periods over [-1, 1].
 *
 * <p>
 * Side length: for a non-square grid this project uses S = max(height, width)
 * ({@link #sideLength}), so the longer axis keeps all its frequencies. The
 * reference code takes the minimum of a side-length argument that its scripts
 * mostly leave at its default of 512 (the CT script passes the number of
 * angles); the images in the paper are square, where every choice of the grid's
 * own side agrees.
 *
 * <p>
 * The coordinates are fixed during training, so the encoding is a one-off
 * transform of the input matrix and needs no backward pass. It is written in
 * ND4J operations (float, like the reference's float32 tensors), so it runs on
 * any backend.
 */
public final class PositionalEncoding {

	private PositionalEncoding() {
	}

	/**
	 * L = floor(log2(side / 4)), and 0 for sides below 8 (where the reference's
	 * count is 0 or negative).
	 */
	public static int frequencies(int side) {
		if (side < 1)
			throw new IllegalArgumentException(
					"side length must be at least 1, got " + side);
		int floorLog2 = 31 - Integer.numberOfLeadingZeros(side);
		return Math.max(0, floorLog2 - 2);
	}

	/** d + 2 d L: the encoded width for d input dimensions. */
	public static int features(int dims, int side) {
		return dims + 2 * dims * frequencies(side);
	}

	/** The side length used for an H x W grid: max(H, W). */
	public static int sideLength(int height, int width) {
		return Math.max(height, width);
	}

	/** coords [N, d] (float) to [N, d + 2 d L] (float, new array). */
	public static INDArray encode(INDArray coords, int sideLength) {
		if (coords.rank() != 2)
			throw new IllegalArgumentException(
					"coordinates must be [N, d], got rank " + coords.rank());
		int d = (int) coords.size(1);
		int frequencies = frequencies(sideLength);
		INDArray x = coords.castTo(DataType.FLOAT);
		INDArray[] parts = new INDArray[1 + 2 * d * frequencies];
		parts[0] = x;
		int k = 1;
		for (int i = 0; i < frequencies; i++) {
			double scale = Math.pow(2, i) * Math.PI;
			for (int j = 0; j < d; j++) {
				INDArray arg = x.getColumn(j, true).mul(scale);
				parts[k++] = Transforms.sin(arg, true);
				parts[k++] = Transforms.cos(arg, false);
			}
		}
		return Nd4j.hstack(parts);
	}
}
