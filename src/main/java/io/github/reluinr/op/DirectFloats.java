package io.github.reluinr.op;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Direct access to the off-heap floats of a [rows, C] INDArray for the Java
 * kernels: element (r, c) is at {@code offset(a) + r*C + c} of {@link #buffer}.
 * Arrays without that layout are copied (the fallback allocates, the training
 * loop's own arrays never need it).
 */
final class DirectFloats {

	private DirectFloats() {
	}

	/**
	 * True if a is a 2-D float array whose elements lie row-major and
	 * contiguous in its buffer.
	 */
	static boolean isDirect(INDArray a) {
		if (a.dataType() != DataType.FLOAT || a.rank() != 2) return false;
		long[] stride = a.stride();
		long columns = a.size(1);
		boolean rowMajor = stride[1] == 1 && stride[0] == columns;
		boolean singleColumn = columns == 1 && stride[0] == 1;
		return rowMajor || singleColumn || a.size(0) == 1 && stride[1] == 1;
	}

	/** a itself if direct, else a contiguous float copy. */
	static INDArray readable(INDArray a) {
		return isDirect(a) ? a : a.castTo(DataType.FLOAT).dup('c');
	}

	/**
	 * out itself if direct, else a fresh contiguous array to compute into and
	 * copy back with {@link #finish}.
	 */
	static INDArray writable(INDArray out) {
		return isDirect(out)
				? out
				: Nd4j.create(DataType.FLOAT, out.shape(), 'c');
	}

	static void finish(INDArray computed, INDArray out) {
		if (computed != out) out.assign(computed);
	}

	static FloatBuffer buffer(INDArray a) {
		return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
	}

	static int offset(INDArray a) {
		return Math.toIntExact(a.offset());
	}

	/** Checks a [rows, C] argument. */
	static void checkShape(String what, INDArray a, long rows, long columns) {
		if (a.rank() != 2 || a.size(0) != rows || a.size(1) != columns) {
			throw new IllegalArgumentException(
					what + " must have shape [" + rows + ", " + columns
							+ "], got " + java.util.Arrays.toString(a.shape()));
		}
		if (rows * columns > Integer.MAX_VALUE)
			throw new IllegalArgumentException(
					what + " is too large for int indexing");
	}
}
