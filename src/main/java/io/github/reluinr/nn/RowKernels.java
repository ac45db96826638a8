package io.github.reluinr.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;

/**
 * What the vectorised CPU kernels share: passes of {@link #PASS_ROWS} rows
 * processed as one flat loop, per-thread scratch arrays (no allocation per
 * call), the float/int bit reinterpretation through a direct buffer, and the
 * packed layout of recorded pieces.
 *
 * <p>
 * Pieces layout: a whole pass (PASS_ROWS rows from a row index that is a
 * multiple of PASS_ROWS, L = PASS_ROWS x cols bytes) holds its L codes as L/4
 * ints, int q (native order) holding elements q, q + L/4, q + L/2 and q + 3L/4
 * of the pass in its bytes 0 to 3, so that packing and unpacking are flat loops
 * of integer shifts the JIT vectorises (grouping the four rows of each column
 * instead made loops of one row, which ran 9 times slower); a last pass of
 * fewer rows is plain bytes. The backward step may so read any row range of the
 * recorded array that starts at a multiple of PASS_ROWS rows.
 */
final class RowKernels {

	/**
	 * Rows per flat pass: at 16 x 300 floats (19 KB an array) a pass's arrays
	 * stay in the core's second-level cache while the vector loop, not its
	 * scalar tail, does the work (4, 8 and 32 rows were no faster). A multiple
	 * of 4, for the packed pieces.
	 */
	static final int PASS_ROWS = 16;

	private static final ThreadLocal<Scratch> SCRATCH = new ThreadLocal<>();

	private RowKernels() {
	}

	/** Per-thread arrays for passes of {@link #PASS_ROWS} rows of cols. */
	static final class Scratch {

		final int cols;
		final float[] f1, f2, f3;
		/** Four arrays of a quarter pass each, and the packed ints. */
		final int[] q0, q1, q2, q3, packed;
		private final FloatBuffer floatView;
		private final IntBuffer intView;

		Scratch(int cols) {
			this.cols = cols;
			int len = PASS_ROWS * cols;
			f1 = new float[len];
			f2 = new float[len];
			f3 = new float[len];
			q0 = new int[len / 4];
			q1 = new int[len / 4];
			q2 = new int[len / 4];
			q3 = new int[len / 4];
			packed = new int[len / 4];
			ByteBuffer direct = ByteBuffer.allocateDirect(4 * len)
					.order(ByteOrder.nativeOrder());
			floatView = direct.asFloatBuffer();
			intView = direct.asIntBuffer();
		}

		/**
		 * q0..q3 = the bits (Float.floatToRawIntBits) of the four quarters of
		 * x, a whole pass.
		 */
		void quarterBitsOf(float[] x) {
			int q = packed.length;
			floatView.put(0, x, 0, 4 * q);
			intView.get(0, q0, 0, q);
			intView.get(q, q1, 0, q);
			intView.get(2 * q, q2, 0, q);
			intView.get(3 * q, q3, 0, q);
		}

		/**
		 * out = the floats whose bits are the quarters q0..q3 (a whole pass).
		 */
		void floatsOfQuarters(float[] out) {
			int q = packed.length;
			intView.put(0, q0, 0, q);
			intView.put(q, q1, 0, q);
			intView.put(2 * q, q2, 0, q);
			intView.put(3 * q, q3, 0, q);
			floatView.get(0, out, 0, 4 * q);
		}
	}

	static Scratch scratch(int cols) {
		Scratch s = SCRATCH.get();
		if (s == null || s.cols != cols) {
			s = new Scratch(cols);
			SCRATCH.set(s);
		}
		return s;
	}

	/** A row vector repeated {@link #PASS_ROWS} times, for flat passes. */
	static float[] repeated(float[] row) {
		float[] r = new float[PASS_ROWS * row.length];
		for (int k = 0; k < PASS_ROWS; k++)
			System.arraycopy(row, 0, r, k * row.length, row.length);
		return r;
	}

	/**
	 * sums[j] += the column sums of g [rows, cols], element by element in
	 * double, rows in order: the order and precision of the per-row kernels, so
	 * the bias gradient is theirs to the bit. (Adding each pass's rows in float
	 * first, which the JIT vectorises, moved the 256 x 256 fit's PSNR after 30
	 * epochs by 0.07 dB, twice what reordering the double sums does.)
	 */
	static void addColumnSums(float[] g, int rows, int cols, double[] sums) {
		for (int k = 0; k < rows; k++) {
			int o = k * cols;
			for (int j = 0; j < cols; j++)
				sums[j] += g[o + j];
		}
	}

	/** The ints of a byte buffer (native order), for packed pieces. */
	static IntBuffer ints(ByteBuffer bytes) {
		return bytes.duplicate().order(ByteOrder.nativeOrder()).asIntBuffer();
	}
}
