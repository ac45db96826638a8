package io.github.reluinr.op;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Average pooling of a volume along z by {@code scaleZ} consecutive planes and,
 * optionally, in-plane by {@code scaleXY} x {@code scaleXY} pixels: the model
 * of an anisotropic stack whose every plane integrates scaleZ planes of the
 * isotropic volume. The high-resolution volume has (lowDepth*Sz) planes of
 * (lowHeight*Sxy) x (lowWidth*Sxy) voxels; each low-resolution voxel is the
 * mean of its Sz x Sxy x Sxy block.
 *
 * <p>
 * Input order: the operator takes the high-resolution voxels in <em>block
 * order</em>: the B = Sz*Sxy*Sxy voxels of low-resolution voxel m (natural
 * index (lz*lowHeight + ly)*lowWidth + lx) are rows m*B .. m*B+B-1, ordered
 * (dz*Sxy + dy)*Sxy + dx inside the block ({@link #naturalIndexOfRow()} maps
 * rows to natural high-resolution indices (z*H + y)*W + x). The network's
 * coordinates are laid out in the same order, so the operator is tile-local
 * with a quantum of one block: any tile of whole blocks pools to its own
 * contiguous low-resolution rows, and the trainer's tiles stay at its usual
 * size (a z-outermost order would need Sz whole planes per tile, 4 x 65,536
 * rows for a 256 x 256 stack). Outputs are in natural low-resolution order. The
 * adjoint spreads each value divided by B over its block. Channels independent.
 */
public final class AxialPoolOperator extends TwoFormOperator {

	private final int lowDepth, lowHeight, lowWidth, scaleZ, scaleXY;
	private final int block;
	/**
	 * Output rows (low-resolution voxels); a tile may be any run of whole
	 * blocks.
	 */
	private final long blocks;
	private final float inverseBlock;
	private INDArray blockOfRow; // ND4J adjoint's gather index, made on first use

	public AxialPoolOperator(int lowDepth, int lowHeight, int lowWidth,
			int scaleZ, int scaleXY)
	{
		this(lowDepth, lowHeight, lowWidth, scaleZ, scaleXY,
				(long) lowDepth * lowHeight * lowWidth);
	}

	private AxialPoolOperator(int lowDepth, int lowHeight, int lowWidth,
			int scaleZ, int scaleXY, long blocks)
	{
		if (lowDepth < 1 || lowHeight < 1 || lowWidth < 1)
			throw new IllegalArgumentException("sizes must be positive");
		if (scaleZ < 1 || scaleXY < 1)
			throw new IllegalArgumentException(
					"scale_z and scale_xy must be at least 1");
		this.lowDepth = lowDepth;
		this.lowHeight = lowHeight;
		this.lowWidth = lowWidth;
		this.scaleZ = scaleZ;
		this.scaleXY = scaleXY;
		this.block = Math.multiplyExact(scaleZ,
				Math.multiplyExact(scaleXY, scaleXY));
		this.blocks = blocks;
		this.inverseBlock = 1f / block;
		if (blocks * block > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException(
					"volume too large for int indexing");
	}

	public int lowDepth() {
		return lowDepth;
	}
	public int lowHeight() {
		return lowHeight;
	}
	public int lowWidth() {
		return lowWidth;
	}
	public int scaleZ() {
		return scaleZ;
	}
	public int scaleXY() {
		return scaleXY;
	}
	public int highDepth() {
		return lowDepth * scaleZ;
	}
	public int highHeight() {
		return lowHeight * scaleXY;
	}
	public int highWidth() {
		return lowWidth * scaleXY;
	}
	/** Voxels per block, Sz*Sxy*Sxy. */
	public int blockSize() {
		return block;
	}

	@Override
	public long inputSize() {
		return blocks * block;
	}
	@Override
	public long outputSize() {
		return blocks;
	}
	@Override
	public long[] outputShape() {
		return blocks == (long) lowDepth * lowHeight * lowWidth
				? new long[]{lowDepth, lowHeight, lowWidth}
				: new long[]{1, blocks};
	}
	@Override
	public String name() {
		return scaleXY == 1
				? "zpool" + scaleZ
				: "zpool" + scaleZ + "xy" + scaleXY;
	}

	/** Tile-local with a quantum of one block (B rows). */
	@Override
	public boolean tileLocal() {
		return true;
	}
	@Override
	public long tileQuantum() {
		return block;
	}
	@Override
	public long tileOutputRow(long from) {
		return checkBoundary(from) / block;
	}

	@Override
	public ForwardOperator tile(long from, long to) {
		long a = checkBoundary(from), b = checkBoundary(to);
		if (b <= a)
			throw new IllegalArgumentException(
					"empty tile [" + from + ", " + to + ")");
		return new AxialPoolOperator(lowDepth, lowHeight, lowWidth, scaleZ,
				scaleXY, (b - a) / block);
	}

	private long checkBoundary(long row) {
		if (row < 0 || row > inputSize() || row % block != 0) {
			throw new IllegalArgumentException(
					"tile boundary " + row + " is not a multiple of " + block
							+ " rows in [0, " + inputSize() + "]");
		}
		return row;
	}

	/**
	 * For each input row (block order), the natural index (z*H + y)*W + x of
	 * its high-resolution voxel (whole operator only, not a tile).
	 */
	public int[] naturalIndexOfRow() {
		int hh = highHeight(), hw = highWidth();
		int[] idx = new int[Math.toIntExact(inputSize())];
		int r = 0;
		for (int lz = 0; lz < lowDepth; lz++) {
			for (int ly = 0; ly < lowHeight; ly++) {
				for (int lx = 0; lx < lowWidth; lx++) {
					for (int dz = 0; dz < scaleZ; dz++) {
						for (int dy = 0; dy < scaleXY; dy++) {
							for (int dx = 0; dx < scaleXY; dx++) {
								int z = lz * scaleZ + dz, y = ly * scaleXY + dy,
										x = lx * scaleXY + dx;
								idx[r++] = (z * hh + y) * hw + x;
							}
						}
					}
				}
			}
		}
		return idx;
	}

	/**
	 * Rows of a natural-order [N, C] array rearranged into the order given (row
	 * r = natural row order[r]).
	 */
	public static float[] toOrder(float[] natural, int channels, int[] order) {
		float[] out = new float[natural.length];
		for (int r = 0; r < order.length; r++)
			System.arraycopy(natural, order[r] * channels, out, r * channels,
					channels);
		return out;
	}

	/**
	 * The inverse of {@link #toOrder}: rows in the order given back to natural
	 * order.
	 */
	public static float[] fromOrder(float[] ordered, int channels,
			int[] order)
	{
		float[] out = new float[ordered.length];
		for (int r = 0; r < order.length; r++)
			System.arraycopy(ordered, r * channels, out, order[r] * channels,
					channels);
		return out;
	}

	/** ND4J form: view as [M, B, C], sum the block axis, times 1/B. */
	@Override
	public void applyNd4j(INDArray image, INDArray out) {
		long c = checkApply(image, out);
		INDArray sums = image.reshape('c', blocks, block, c).sum(1).reshape('c',
				blocks, c);
		out.assign(sums.muli(inverseBlock));
	}

	/**
	 * ND4J form: a gather of each row's block value (no scatter), times 1/B.
	 */
	@Override
	public void adjointNd4j(INDArray measurements, INDArray out) {
		checkAdjoint(measurements, out);
		INDArray spread = Nd4j
				.exec(new Gather(measurements, gatherIndex(), 0))[0];
		out.assign(spread.muli(inverseBlock));
	}

	private synchronized INDArray gatherIndex() {
		if (blockOfRow == null) {
			int[] b = new int[Math.toIntExact(inputSize())];
			for (int r = 0; r < b.length; r++)
				b[r] = r / block;
			blockOfRow = Nd4j.createFromArray(b);
		}
		return blockOfRow;
	}

	/**
	 * Java form: one task per chunk of output rows, block sums in row order.
	 */
	@Override
	public void applyJava(INDArray image, INDArray out) {
		int c = (int) checkApply(image, out);
		INDArray src = DirectFloats.readable(image);
		INDArray dst = DirectFloats.writable(out);
		FloatBuffer in = DirectFloats.buffer(src);
		FloatBuffer res = DirectFloats.buffer(dst);
		int inBase = DirectFloats.offset(src),
				outBase = DirectFloats.offset(dst);
		int m = (int) blocks;
		int chunk = 1024;
		int chunks = (m + chunk - 1) / chunk;
		Parallel.forEach(chunks, inputSize() * c >= 1 << 16, k -> {
			for (int o = k * chunk,
					end = Math.min(m, o + chunk); o < end; o++)
			{
				for (int ch = 0; ch < c; ch++) {
					float sum = 0f;
					int p = inBase + o * block * c + ch;
					for (int i = 0; i < block; i++, p += c)
						sum += in.get(p);
					res.put(outBase + o * c + ch, sum * inverseBlock);
				}
			}
		});
		DirectFloats.finish(dst, out);
	}

	/** Java form: each input row gets its block's value divided by B. */
	@Override
	public void adjointJava(INDArray measurements, INDArray out) {
		int c = (int) checkAdjoint(measurements, out);
		INDArray src = DirectFloats.readable(measurements);
		INDArray dst = DirectFloats.writable(out);
		FloatBuffer in = DirectFloats.buffer(src);
		FloatBuffer res = DirectFloats.buffer(dst);
		int inBase = DirectFloats.offset(src),
				outBase = DirectFloats.offset(dst);
		int m = (int) blocks;
		int chunk = 1024;
		int chunks = (m + chunk - 1) / chunk;
		Parallel.forEach(chunks, inputSize() * c >= 1 << 16, k -> {
			for (int o = k * chunk,
					end = Math.min(m, o + chunk); o < end; o++)
			{
				for (int ch = 0; ch < c; ch++) {
					float v = in.get(inBase + o * c + ch) * inverseBlock;
					int p = outBase + o * block * c + ch;
					for (int i = 0; i < block; i++, p += c)
						res.put(p, v);
				}
			}
		});
		DirectFloats.finish(dst, out);
	}
}
