package io.github.reluinr.nn;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The paper's BW-ReLU: the second-order B-spline wavelet written with seven
 * ReLUs (eq. 2/31), psi_c(z) = (1/6)[r(cz) - 8r(cz-1/2) + 23r(cz-1) -
 * 32r(cz-3/2) + 23r(cz-2) - 8r(cz-5/2) + r(cz-3)]. Piecewise linear, zero
 * outside [0, 3/c], knots at multiples of 1/(2c).
 */
public final class BwRelu extends PiecewiseLinearActivation {

	static final double[] KNOTS = {0, 0.5, 1, 1.5, 2, 2.5, 3};
	static final double[] COEFS = {1 / 6.0, -8 / 6.0, 23 / 6.0, -32 / 6.0,
			23 / 6.0, -8 / 6.0, 1 / 6.0};

	private static final BwRelu MOTHER = new BwRelu(1.0);

	public BwRelu(double c) {
		super("bw-relu", c, KNOTS, COEFS);
	}

	/**
	 * psi(cz) without tables or branches, in a form the JIT vectorises: u = cz
	 * clamped to [0, 3] (psi is 0 at both ends and outside, so the clamp keeps
	 * it exact), then psi's symmetry psi(u) = psi(3 - u) folds u onto v =
	 * min(u, 3 - u) in [0, 3/2], where the ReLU sum has three terms. v is
	 * exact: 3 - u is exact for u in [3/2, 3] (Sterbenz), and below 3/2 v is u
	 * itself. Each relu(d) of the three is (d + |d|) / 2 with the 1/2 in the
	 * coefficient, exact too, and cheaper than Math.max, which the JIT
	 * vectorises with extra blends for NaN and -0. Against psi in double of the
	 * same float cz: within 1.2e-7, where the six-term sum on u was within
	 * 9.9e-7 (an earlier fold, v = 3/2 - |u - 3/2|, rounded v and so lost the
	 * low bits of small u).
	 */
	static float psiOfScaled(float cz) {
		float u = Math.min(Math.max(cz, 0f), 3f); // max, not the abs form: cz = -inf gives 0
		float v = Math.min(u, 3f - u);
		float d1 = v - 0.5f, d2 = v - 1f;
		return (1 / 6f) * v - (4 / 6f) * (d1 + Math.abs(d1))
				+ (23 / 12f) * (d2 + Math.abs(d2));
	}

	/**
	 * Fused forward on the CPU, written so that the JIT vectorises it: rows are
	 * copied to heap arrays in bulk, {@link RowKernels#PASS_ROWS} at a time,
	 * and each pass is one flat loop (a loop over one row of 300 left a sixth
	 * of the work to the JIT's scalar tail), with the bias repeated to the
	 * pass's length and psi without tables or branches ({@link #psiOfScaled}).
	 */
	@Override
	public void forwardJava(INDArray z, INDArray bias, INDArray a) {
		final int cols = (int) z.size(1);
		final FloatBuffer zb = DirectBuffers.floats(z);
		final FloatBuffer ab = DirectBuffers.floats(a);
		final float[] b = RowKernels.repeated(bias.toFloatVector());
		final float c = (float) scale();
		RowBlocks.run(z.size(0), RowKernels.PASS_ROWS, (block, from, to) -> {
			RowKernels.Scratch s = RowKernels.scratch(cols);
			float[] row = s.f1, out = s.f2;
			for (long r = from; r < to; r += RowKernels.PASS_ROWS) {
				int base = (int) (r * cols);
				int len = (int) (Math.min(RowKernels.PASS_ROWS, to - r) * cols);
				zb.get(base, row, 0, len);
				for (int j = 0; j < len; j++) {
					float zj = row[j] + b[j];
					row[j] = zj;
					out[j] = psiOfScaled(c * zj);
				}
				zb.put(base, row, 0, len);
				ab.put(base, out, 0, len);
			}
		});
	}

	/**
	 * Six times the slope of psi on each segment (segment s: s knots below),
	 * the partial sums of 6 x {@link #COEFS}: what a recorded piece holds.
	 */
	private static final int[] SLOPE_CODES = {0, 1, -7, 16, -16, 7, -1, 0};
	/**
	 * 1.5 x 2^23: its float bits plus an integer m in [-2^22, 2^22) are the
	 * bits of 1.5 x 2^23 + m (the float spacing there is 1), so a code becomes
	 * a float without a conversion instruction.
	 */
	private static final float MAGIC = 12582912f;
	private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);

	/**
	 * The slope table of the backward steps, fl(fl(c/6) x code): the form the
	 * vectorised {@link #backwardFromPieces} computes, so that it and the
	 * segment search give the same product bit for bit.
	 */
	@Override
	protected float[] slopesTimesScale() {
		float c6 = (float) (scale() / 6);
		float[] slopes = new float[SLOPE_CODES.length];
		for (int s = 0; s < slopes.length; s++)
			slopes[s] = c6 * SLOPE_CODES[s];
		return slopes;
	}

	private static final int K1 = Float.floatToRawIntBits(1f),
			K2 = Float.floatToRawIntBits(2f), K3 = Float.floatToRawIntBits(3f),
			K4 = Float.floatToRawIntBits(4f), K5 = Float.floatToRawIntBits(5f),
			K6 = Float.floatToRawIntBits(6f);

	/**
	 * The slope code of an element from x = bits(max(2cz, 0)): the sum of 6 x
	 * coef_k over the knots k/2 < cz. For non-negative floats the order of the
	 * bits is that of the values, so (bits(k) - x) >> 31 is -1 where x > k and
	 * 0 elsewhere (bits(0) = 0).
	 */
	private static int code(int x) {
		return ((-x) >> 31 & 1) + ((K1 - x) >> 31 & -8) + ((K2 - x) >> 31 & 23)
				+ ((K3 - x) >> 31 & -32) + ((K4 - x) >> 31 & 23)
				+ ((K5 - x) >> 31 & -8) + ((K6 - x) >> 31 & 1);
	}

	/**
	 * {@link #forwardJava} that also records, for each element, the code of its
	 * segment's slope ({@link #SLOPE_CODES}: six times the slope, a signed
	 * byte), in {@link RowKernels}' packed layout. The segment is the number of
	 * knots strictly below cz, as {@link PiecewiseLinearActivation}'s segment
	 * search finds it; it is counted in integers ({@link #code}), on bits that
	 * come through a direct scratch buffer written as floats and read as ints,
	 * because on Java 17 the JIT vectorises integer arithmetic but no
	 * float-to-int or int-to-byte conversion. Every loop of a pass loads and
	 * stores one array type at one index, which is what the JIT vectorises.
	 */
	@Override
	public void forwardRecordingPieces(INDArray z, INDArray bias, INDArray a,
			INDArray pieces)
	{
		final int cols = (int) z.size(1);
		final FloatBuffer zb = DirectBuffers.floats(z);
		final FloatBuffer ab = DirectBuffers.floats(a);
		final java.nio.ByteBuffer pb = DirectBuffers.bytes(pieces);
		final java.nio.IntBuffer pi = RowKernels.ints(pb);
		final float[] b = RowKernels.repeated(bias.toFloatVector());
		final float c = (float) scale();
		RowBlocks.run(z.size(0), RowKernels.PASS_ROWS, (block, from,
				to) -> forwardPieceRows(zb, ab, pb, pi, b, c, cols, from, to));
	}

	@Override
	public boolean hasPieceRowKernels() {
		return true;
	}

	@Override
	public void forwardPieceRows(FloatBuffer za, java.nio.ByteBuffer pb,
			java.nio.IntBuffer pi, float[] repeatedBias, int cols, long from,
			long to)
	{
		forwardPieceRows(za, za, pb, pi, repeatedBias, (float) scale(), cols,
				from, to);
	}

	/**
	 * Rows [from, to) of {@link #forwardRecordingPieces} on the calling thread
	 * (from a multiple of {@link RowKernels#PASS_ROWS}).
	 */
	private static void forwardPieceRows(FloatBuffer zb, FloatBuffer ab,
			java.nio.ByteBuffer pb, java.nio.IntBuffer pi, float[] b, float c,
			int cols, long from, long to)
	{
		if (NativeKernels.enabled()) {
			NativeKernels.bwReluForwardRows(zb, ab, pb, b, c, cols, from, to);
			return;
		}
		RowKernels.Scratch s = RowKernels.scratch(cols);
		float[] row = s.f1, out = s.f2, twice = s.f3;
		int[] q0 = s.q0, q1 = s.q1, q2 = s.q2, q3 = s.q3, packed = s.packed;
		for (long r = from; r < to; r += RowKernels.PASS_ROWS) {
			int rows = (int) Math.min(RowKernels.PASS_ROWS, to - r);
			int base = (int) (r * cols);
			int len = rows * cols;
			zb.get(base, row, 0, len);
			for (int j = 0; j < len; j++) {
				float cz = c * (row[j] + b[j]);
				twice[j] = Math.max(2f * cz, 0f);
				out[j] = psiOfScaled(cz);
			}
			ab.put(base, out, 0, len);
			if (rows < RowKernels.PASS_ROWS) { // the array's last rows: plain bytes
				for (int j = 0; j < len; j++)
					pb.put(base + j,
							(byte) code(Float.floatToRawIntBits(twice[j])));
				continue;
			}
			s.quarterBitsOf(twice);
			int q = len / 4;
			// one code loop per quarter: the four in one loop body were not vectorised (40x slower)
			for (int i = 0; i < q; i++)
				q0[i] = code(q0[i]);
			for (int i = 0; i < q; i++)
				q1[i] = code(q1[i]);
			for (int i = 0; i < q; i++)
				q2[i] = code(q2[i]);
			for (int i = 0; i < q; i++)
				q3[i] = code(q3[i]);
			for (int i = 0; i < q; i++)
				packed[i] = q0[i] & 0xFF | (q1[i] & 0xFF) << 8
						| (q2[i] & 0xFF) << 16 | q3[i] << 24;
			pi.put(base / 4, packed, 0, q);
		}
	}

	/**
	 * The backward step from the codes {@link #forwardRecordingPieces}
	 * recorded, vectorised as it is: each code becomes a float through
	 * {@link #MAGIC}, the slope is fl(c/6) x code (the entries of
	 * {@link #slopesTimesScale}, so the product is bit for bit the segment
	 * search's), and the bias gradient's column sums are added in double as the
	 * segment search adds them.
	 */
	@Override
	public void backwardFromPieces(INDArray pieces, INDArray grad,
			INDArray biasGrad)
	{
		final int cols = (int) grad.size(1);
		final java.nio.ByteBuffer pb = DirectBuffers.bytes(pieces);
		final java.nio.IntBuffer pi = RowKernels.ints(pb);
		final FloatBuffer gb = DirectBuffers.floats(grad);
		final double[][] partial = ColumnSums.partials(cols);
		RowBlocks.run(grad.size(0), RowKernels.PASS_ROWS,
				(block, from, to) -> backwardPieceRows(pb, pi, from, gb, from,
						(int) (to - from), cols, partial[block]));
		ColumnSums.store(partial, biasGrad);
	}

	/**
	 * Rows [pieceRow, pieceRow + rows) of {@link #backwardFromPieces} on the
	 * calling thread, the gradient's rows starting at gradRow of gb (pieceRow a
	 * multiple of {@link RowKernels#PASS_ROWS}); the bias gradient's column
	 * sums are added into sums.
	 */
	@Override
	public void backwardPieceRows(java.nio.ByteBuffer pb, java.nio.IntBuffer pi,
			long pieceRow, FloatBuffer gb, long gradRow, int rows, int cols,
			double[] sums)
	{
		final float c6 = (float) (scale() / 6);
		if (NativeKernels.enabled()) {
			NativeKernels.bwReluBackwardRows(pb, pieceRow, gb, gradRow, rows,
					cols, c6, sums);
			return;
		}
		RowKernels.Scratch s = RowKernels.scratch(cols);
		float[] g = s.f1, slope = s.f2;
		int[] q0 = s.q0, q1 = s.q1, q2 = s.q2, q3 = s.q3, packed = s.packed;
		for (int k = 0; k < rows; k += RowKernels.PASS_ROWS) {
			int pass = Math.min(RowKernels.PASS_ROWS, rows - k);
			int base = (int) ((pieceRow + k) * cols);
			int gBase = (int) ((gradRow + k) * cols);
			int len = pass * cols;
			if (pass < RowKernels.PASS_ROWS) {
				for (int j = 0; j < len; j++)
					slope[j] = Float
							.intBitsToFloat(pb.get(base + j) + MAGIC_BITS);
			}
			else {
				int q = len / 4;
				pi.get(base / 4, packed, 0, q);
				for (int i = 0; i < q; i++) {
					int w = packed[i];
					q0[i] = (w << 24 >> 24) + MAGIC_BITS;
					q1[i] = (w << 16 >> 24) + MAGIC_BITS;
					q2[i] = (w << 8 >> 24) + MAGIC_BITS;
					q3[i] = (w >> 24) + MAGIC_BITS;
				}
				s.floatsOfQuarters(slope);
			}
			gb.get(gBase, g, 0, len);
			for (int j = 0; j < len; j++)
				g[j] *= c6 * (slope[j] - MAGIC);
			gb.put(gBase, g, 0, len);
			RowKernels.addColumnSums(g, pass, cols, sums);
		}
	}

	/** psi(u) with c = 1, the mother wavelet. */
	public static double psi(double u) {
		return MOTHER.value(u);
	}
}
