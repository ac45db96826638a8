package io.github.reluinr.nn;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Direct views of ND4J's off-heap memory, for the CPU kernels. */
public final class DirectBuffers {

	private DirectBuffers() {
	}

	/**
	 * The array's elements as a FloatBuffer starting at its first element
	 * (c-order, contiguous).
	 */
	public static FloatBuffer floats(INDArray a) {
		if (a.dataType() != DataType.FLOAT)
			throw new IllegalArgumentException(
					"float array expected, got " + a.dataType());
		if (!isContiguous(a))
			throw new IllegalArgumentException(
					"contiguous c-order array expected");
		FloatBuffer all = a.data().asNio().order(ByteOrder.nativeOrder())
				.asFloatBuffer();
		long off = a.offset();
		long n = a.length();
		if (off == 0 && n == all.capacity()) return all;
		return all.position((int) off).limit((int) (off + n)).slice();
	}

	/**
	 * The array's elements as a ByteBuffer starting at its first element (BYTE
	 * arrays, c-order, contiguous).
	 */
	public static java.nio.ByteBuffer bytes(INDArray a) {
		if (a.dataType() != DataType.BYTE)
			throw new IllegalArgumentException(
					"byte array expected, got " + a.dataType());
		if (!isContiguous(a))
			throw new IllegalArgumentException(
					"contiguous c-order array expected");
		java.nio.ByteBuffer all = a.data().asNio();
		long off = a.offset();
		long n = a.length();
		if (off == 0 && n == all.capacity()) return all;
		return all.position((int) off).limit((int) (off + n)).slice();
	}

	/**
	 * Whether {@link #floats} and {@link #bytes} take the array as it is (its
	 * strides those of a contiguous c-order array, whatever its ordering flag
	 * says: a column [n, 1] has both); otherwise a c-order copy does.
	 */
	public static boolean isDenseRowMajor(INDArray a) {
		return isContiguous(a);
	}

	private static boolean isContiguous(INDArray a) {
		long expected = 1;
		long[] shape = a.shape();
		long[] stride = a.stride();
		for (int d = shape.length - 1; d >= 0; d--) {
			if (shape[d] != 1 && stride[d] != expected) return false;
			expected *= shape[d];
		}
		return true;
	}
}
