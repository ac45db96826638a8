package io.github.reluinr.op;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Average pooling by an integer factor S (PyTorch {@code AvgPool2d(S)}): the
 * input is the high-resolution image of (lowHeight*S) x (lowWidth*S) pixels,
 * each output pixel the mean of its S x S block. The adjoint spreads each
 * low-resolution value divided by S*S over its block. Channels are independent.
 *
 * <p>
 * Thread safety: stateless per call, so one instance may serve several threads.
 */
public final class AveragePoolOperator extends TwoFormOperator {

	private final int lowHeight;
	private final int lowWidth;
	private final int factor;
	private final int highWidth;
	/** 1/(S*S) as a float, the same factor in both forms. */
	private final float inverseArea;
	/**
	 * ND4J adjoint: for each high-resolution pixel, the index of its
	 * low-resolution pixel.
	 */
	private final INDArray blockOfPixel;

	public AveragePoolOperator(int lowHeight, int lowWidth, int factor) {
		if (lowHeight < 1 || lowWidth < 1 || factor < 1) {
			throw new IllegalArgumentException(
					"sizes and factor must be positive");
		}
		this.lowHeight = lowHeight;
		this.lowWidth = lowWidth;
		this.factor = factor;
		this.highWidth = lowWidth * factor;
		this.inverseArea = 1f / (factor * factor);
		int highHeight = lowHeight * factor;
		int[] block = new int[Math.multiplyExact(highHeight, highWidth)];
		for (int y = 0; y < highHeight; y++) {
			for (int x = 0; x < highWidth; x++) {
				block[y * highWidth + x] = (y / factor) * lowWidth + x / factor;
			}
		}
		this.blockOfPixel = Nd4j.createFromArray(block);
	}

	public int lowHeight() {
		return lowHeight;
	}
	public int lowWidth() {
		return lowWidth;
	}
	public int factor() {
		return factor;
	}
	public int highHeight() {
		return lowHeight * factor;
	}
	public int highWidth() {
		return highWidth;
	}

	@Override
	public long inputSize() {
		return (long) highHeight() * highWidth;
	}
	@Override
	public long outputSize() {
		return (long) lowHeight * lowWidth;
	}
	@Override
	public long[] outputShape() {
		return new long[]{lowHeight, lowWidth};
	}
	@Override
	public String name() {
		return "avgpool" + factor;
	}

	/**
	 * Tile-local: a tile of whole blocks of S high-resolution rows pools to its
	 * own low-resolution rows.
	 */
	@Override
	public boolean tileLocal() {
		return true;
	}
	@Override
	public long tileQuantum() {
		return (long) factor * highWidth;
	}
	@Override
	public long tileOutputRow(long from) {
		return checkBoundary(from) / factor * lowWidth;
	}

	@Override
	public ForwardOperator tile(long from, long to) {
		long rowFrom = checkBoundary(from), rowTo = checkBoundary(to);
		if (rowTo <= rowFrom)
			throw new IllegalArgumentException(
					"empty tile [" + from + ", " + to + ")");
		return new AveragePoolOperator(
				Math.toIntExact((rowTo - rowFrom) / factor), lowWidth, factor);
	}

	/**
	 * The high-resolution row at which a tile boundary lies; it must start a
	 * block of S rows.
	 */
	private long checkBoundary(long pixel) {
		if (pixel < 0 || pixel > inputSize() || pixel % tileQuantum() != 0) {
			throw new IllegalArgumentException("tile boundary " + pixel
					+ " is not a multiple of " + tileQuantum()
					+ " pixels in [0, " + inputSize() + "]");
		}
		return pixel / highWidth;
	}

	/**
	 * ND4J form: view the image as [lowH, S, lowW, S, C] and sum the two block
	 * axes.
	 */
	public void applyNd4j(INDArray image, INDArray out) {
		long c = checkApply(image, out);
		INDArray blocks = image.reshape('c', lowHeight, factor, lowWidth,
				factor, c);
		INDArray sums = blocks.sum(1, 3).reshape('c', outputSize(), c);
		out.assign(sums.muli(inverseArea));
	}

	/**
	 * ND4J form: a gather of each pixel's block value (no scatter), times
	 * 1/(S*S).
	 */
	public void adjointNd4j(INDArray measurements, INDArray out) {
		checkAdjoint(measurements, out);
		INDArray spread = Nd4j
				.exec(new Gather(measurements, blockOfPixel, 0))[0];
		out.assign(spread.muli(inverseArea));
	}

	/**
	 * Java form: one task per low-resolution row, block sums in fixed raster
	 * order.
	 */
	public void applyJava(INDArray image, INDArray out) {
		int c = (int) checkApply(image, out);
		INDArray src = DirectFloats.readable(image);
		INDArray dst = DirectFloats.writable(out);
		FloatBuffer in = DirectFloats.buffer(src);
		FloatBuffer res = DirectFloats.buffer(dst);
		int inBase = DirectFloats.offset(src);
		int outBase = DirectFloats.offset(dst);
		Parallel.forEach(lowHeight, inputSize() * c >= 1 << 16, ly -> {
			for (int lx = 0; lx < lowWidth; lx++) {
				for (int ch = 0; ch < c; ch++) {
					float sum = 0f;
					for (int dy = 0; dy < factor; dy++) {
						int row = (ly * factor + dy) * highWidth + lx * factor;
						for (int dx = 0; dx < factor; dx++) {
							sum += in.get(inBase + (row + dx) * c + ch);
						}
					}
					res.put(outBase + (ly * lowWidth + lx) * c + ch,
							sum * inverseArea);
				}
			}
		});
		DirectFloats.finish(dst, out);
	}

	/** Java form: one task per high-resolution row. */
	public void adjointJava(INDArray measurements, INDArray out) {
		int c = (int) checkAdjoint(measurements, out);
		INDArray src = DirectFloats.readable(measurements);
		INDArray dst = DirectFloats.writable(out);
		FloatBuffer in = DirectFloats.buffer(src);
		FloatBuffer res = DirectFloats.buffer(dst);
		int inBase = DirectFloats.offset(src);
		int outBase = DirectFloats.offset(dst);
		Parallel.forEach(highHeight(), inputSize() * c >= 1 << 16, y -> {
			int lowRow = (y / factor) * lowWidth;
			for (int x = 0; x < highWidth; x++) {
				int low = lowRow + x / factor;
				for (int ch = 0; ch < c; ch++) {
					res.put(outBase + (y * highWidth + x) * c + ch,
							in.get(inBase + low * c + ch) * inverseArea);
				}
			}
		});
		DirectFloats.finish(dst, out);
	}
}
