package io.github.reluinr.op;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parallel-beam Radon transform as the reference computes it: for each angle
 * theta, rotate the H x W image by theta about its centre ((W-1)/2, (H-1)/2)
 * with bilinear interpolation and zeros outside, then sum the rotated image
 * over its rows (over y). The sinogram has shape (angles x W), measurement
 * index {@code a*W + u}; detector u sits at t = u - (W-1)/2 pixels.
 *
 * <p>
 * Rotation direction (that of {@code kornia.geometry.rotate} and torchvision's
 * {@code rotate}: positive angles turn the picture counter-clockwise as
 * displayed, y pointing down): with centred pixel coordinates x' = x - (W-1)/2
 * (right) and y' = y - (H-1)/2 (down), the rotated image at (u', v') samples
 * the input at
 * 
 * <pre>
 *   x' = cos(theta) u' - sin(theta) v',   y' = sin(theta) u' + cos(theta) v'.
 * </pre>
 * 
 * Hence an input point (x', y') lands on detector t = x' cos(theta) + y'
 * sin(theta): angle 0 gives the column sums, 90 degrees the row sums with t =
 * y'. In the y-up frame of the phantoms (y_up = -y') this is t = x cos(theta) -
 * y_up sin(theta).
 *
 * <p>
 * Two forms, held equal by tests: {@link #applyJava}/{@link #adjointJava}
 * rotate and sum in plain Java on the CPU (one task per angle; the adjoint uses
 * the same taps, accumulated per fixed block of angles into its own buffer,
 * then summed in a fixed order), and {@link #applyNd4j}/{@link #adjointNd4j}
 * use only gathers, products and sums over precomputed tap tables, so the CUDA
 * backend runs them unchanged. The adjoint table is the transpose (for every
 * pixel, the measurements that read it), so no scatter-add is needed. The
 * tables (about 16 bytes per tap, some 200-300 MB at 256 x 256 x 100 angles)
 * are built once, on the first call of an ND4J-form method, so a CPU run that
 * uses only the Java form never holds them.
 *
 * <p>
 * Thread safety: the Java adjoint reuses buffers held by the instance and is
 * synchronized; every other method is safe to call from several threads.
 */
public final class RadonOperator extends TwoFormOperator {

	/**
	 * Fixed number of angle blocks in the Java adjoint: fixed so results do not
	 * depend on the core count.
	 */
	private static final int ADJOINT_PARTS = 4;
	/**
	 * Default largest gathered block (elements per channel) in the ND4J form,
	 * to bound temporary memory.
	 */
	private static final long BLOCK_ELEMENTS = 1L << 22;

	private final int height;
	private final int width;
	private final double[] anglesDegrees;
	private final double[] cos;
	private final double[] sin;
	private final double centreX;
	private final double centreY;
	/**
	 * Detector position (in detector pixels) that the image centre (centreX,
	 * centreY) projects to.
	 */
	private final double detectorCentre;
	private final long blockElements;

	/**
	 * Java adjoint: one accumulation buffer per angle block, reused while the
	 * channel count stays.
	 */
	private float[][] partial = new float[0][];

	private volatile Tables tables;

	public RadonOperator(int height, int width, double[] anglesDegrees) {
		this(height, width, anglesDegrees, BLOCK_ELEMENTS);
	}

	/**
	 * With a chosen ND4J block size, so tests can cut small problems into
	 * several blocks.
	 */
	RadonOperator(int height, int width, double[] anglesDegrees,
			long blockElements)
	{
		this(height, width, anglesDegrees, (width - 1) / 2.0,
				(height - 1) / 2.0, (width - 1) / 2.0, blockElements);
	}

	/**
	 * General form: the image rotates about pixel (centreX, centreY) (column,
	 * row), and that point projects to detector position
	 * {@code detectorCentre}, so detector u sits at t = u - detectorCentre.
	 */
	RadonOperator(int height, int width, double[] anglesDegrees, double centreX,
			double centreY, double detectorCentre, long blockElements)
	{
		if (height < 1 || width < 1)
			throw new IllegalArgumentException("image size must be positive");
		if (anglesDegrees.length == 0)
			throw new IllegalArgumentException("need at least one angle");
		// Every tap (4 per sample, H*W samples per angle) must be countable in an int.
		Math.multiplyExact(Math.multiplyExact(height, width),
				Math.multiplyExact(4, anglesDegrees.length));
		this.blockElements = blockElements;
		this.height = height;
		this.width = width;
		this.anglesDegrees = anglesDegrees.clone();
		this.cos = new double[anglesDegrees.length];
		this.sin = new double[anglesDegrees.length];
		for (int a = 0; a < anglesDegrees.length; a++) {
			double theta = Math.toRadians(anglesDegrees[a]);
			cos[a] = Math.cos(theta);
			sin[a] = Math.sin(theta);
		}
		this.centreX = centreX;
		this.centreY = centreY;
		this.detectorCentre = detectorCentre;
	}

	/**
	 * scikit-image's geometry ({@code skimage.transform.radon} on an n x n
	 * image): n detectors, angles in scikit-image's sense (t = x cos(theta) + y
	 * sin(theta), x right and y up from the centre), the image centre at pixel
	 * (n/2, n/2) (integer division, as scikit-image's {@code shape // 2}),
	 * projecting to detector n/2 + centerOffset: a positive offset puts the
	 * rotation axis right of the detector centre. Internally the angles are
	 * negated ({@link #anglesDegrees()} returns the operator's own angles).
	 */
	public static RadonOperator scikitImage(int n,
			double[] skimageAnglesDegrees, double centerOffset)
	{
		double[] negated = new double[skimageAnglesDegrees.length];
		for (int i = 0; i < negated.length; i++)
			negated[i] = -skimageAnglesDegrees[i];
		double c = n / 2;
		return new RadonOperator(n, n, negated, c, c, c + centerOffset,
				BLOCK_ELEMENTS);
	}

	/**
	 * n angles over [0, range) without the end, as numpy.linspace(0, range, n,
	 * endpoint=False).
	 */
	public static double[] anglesWithoutEnd(int n, double rangeDegrees) {
		if (n < 1) throw new IllegalArgumentException("n must be positive");
		double[] angles = new double[n];
		for (int i = 0; i < n; i++)
			angles[i] = i * (rangeDegrees / n);
		return angles;
	}

	/**
	 * n angles from 0 to rangeDegrees inclusive, as numpy.linspace(0, range,
	 * n).
	 */
	public static double[] angles(int n, double rangeDegrees) {
		if (n < 1) throw new IllegalArgumentException("n must be positive");
		double[] angles = new double[n];
		if (n == 1) return angles;
		double step = rangeDegrees / (n - 1);
		for (int i = 0; i < n; i++)
			angles[i] = i * step;
		angles[n - 1] = rangeDegrees;
		return angles;
	}

	public int height() {
		return height;
	}
	public int width() {
		return width;
	}
	public int angleCount() {
		return anglesDegrees.length;
	}
	public double[] anglesDegrees() {
		return anglesDegrees.clone();
	}
	/** Column of the rotation centre in the image. */
	public double centreX() {
		return centreX;
	}
	/** Row of the rotation centre in the image. */
	public double centreY() {
		return centreY;
	}
	/** Detector position the rotation centre projects to. */
	public double detectorCentre() {
		return detectorCentre;
	}

	@Override
	public long inputSize() {
		return (long) height * width;
	}
	@Override
	public long outputSize() {
		return (long) anglesDegrees.length * width;
	}
	@Override
	public long[] outputShape() {
		return new long[]{anglesDegrees.length, width};
	}
	@Override
	public String name() {
		return "radon";
	}

	// ---------------------------------------------------------------- Java form

	/**
	 * Java form: rotate-and-sum, one task per (angle, channel), each writing
	 * its own W outputs.
	 */
	public void applyJava(INDArray image, INDArray out) {
		int c = (int) checkApply(image, out);
		INDArray src = DirectFloats.readable(image);
		INDArray dst = DirectFloats.writable(out);
		FloatBuffer in = DirectFloats.buffer(src);
		FloatBuffer res = DirectFloats.buffer(dst);
		int inBase = DirectFloats.offset(src);
		int outBase = DirectFloats.offset(dst);
		int angleCount = anglesDegrees.length;
		Parallel.forEach(angleCount * c, inputSize() * angleCount >= 1 << 16,
				task -> projectAngle(task % angleCount, task / angleCount, c,
						in, inBase, res, outBase));
		DirectFloats.finish(dst, out);
	}

	private void projectAngle(int a, int ch, int c, FloatBuffer in, int inBase,
			FloatBuffer res, int outBase)
	{
		if (NativeRadon.enabled()) {
			NativeRadon.project(in, inBase, res, outBase, width, height, c, ch,
					a, cos[a], sin[a], centreX, centreY, detectorCentre);
			return;
		}
		final double cs = cos[a];
		final double sn = sin[a];
		final int w = width;
		final int h = height;
		for (int u = 0; u < w; u++) {
			double du = u - detectorCentre;
			// Same expression, term order included, as in buildTables: (centre + c*du) + (-s*dv) etc.
			double baseX = centreX + cs * du;
			double baseY = centreY + sn * du;
			double sum = 0;
			for (int v = 0; v < h; v++) {
				double dv = v - centreY;
				double sx = baseX - sn * dv;
				double sy = baseY + cs * dv;
				if (!(sx > -1 && sx < w && sy > -1 && sy < h)) continue;
				int x0 = (int) Math.floor(sx);
				int y0 = (int) Math.floor(sy);
				float fx = (float) (sx - x0);
				float fy = (float) (sy - y0);
				float gx = 1f - fx;
				float gy = 1f - fy;
				int p = y0 * w + x0;
				if (x0 >= 0 && y0 >= 0 && x0 < w - 1 && y0 < h - 1) {
					sum += gy
							* (gx * in.get(inBase + p * c + ch)
									+ fx * in.get(inBase + (p + 1) * c + ch))
							+ fy * (gx * in.get(inBase + (p + w) * c + ch) + fx
									* in.get(inBase + (p + w + 1) * c + ch));
				}
				else {
					boolean left = x0 >= 0, right = x0 + 1 < w, top = y0 >= 0,
							bottom = y0 + 1 < h;
					if (top && left)
						sum += gy * gx * in.get(inBase + p * c + ch);
					if (top && right)
						sum += gy * fx * in.get(inBase + (p + 1) * c + ch);
					if (bottom && left)
						sum += fy * gx * in.get(inBase + (p + w) * c + ch);
					if (bottom && right)
						sum += fy * fx * in.get(inBase + (p + w + 1) * c + ch);
				}
			}
			res.put(outBase + (a * w + u) * c + ch, (float) sum);
		}
	}

	/**
	 * Java form of the exact transpose (same taps as {@link #applyJava}): each
	 * of a fixed number of angle blocks accumulates into its own buffer, then
	 * the buffers are added in block order, one task per image row.
	 * Synchronized because the buffers belong to the instance.
	 */
	public synchronized void adjointJava(INDArray measurements, INDArray out) {
		int c = (int) checkAdjoint(measurements, out);
		INDArray src = DirectFloats.readable(measurements);
		INDArray dst = DirectFloats.writable(out);
		FloatBuffer in = DirectFloats.buffer(src);
		FloatBuffer res = DirectFloats.buffer(dst);
		int inBase = DirectFloats.offset(src);
		int outBase = DirectFloats.offset(dst);
		int angleCount = anglesDegrees.length;
		int parts = Math.min(ADJOINT_PARTS, angleCount);
		int length = (int) inputSize() * c;
		if (partial.length != parts || partial[0].length != length)
			partial = new float[parts][length];
		float[][] buffers = partial;
		boolean worthIt = inputSize() * angleCount >= 1 << 16;
		Parallel.forEach(parts, worthIt, k -> {
			float[] acc = buffers[k];
			Arrays.fill(acc, 0f);
			int first = (int) ((long) k * angleCount / parts);
			int last = (int) ((long) (k + 1) * angleCount / parts);
			for (int a = first; a < last; a++) {
				for (int ch = 0; ch < c; ch++)
					backProjectAngle(a, ch, c, in, inBase, acc);
			}
		});
		int w = width;
		Parallel.forEach(height, worthIt, y -> {
			for (int i = y * w * c, end = (y + 1) * w * c; i < end; i++) {
				float sum = 0f;
				for (float[] buffer : buffers)
					sum += buffer[i];
				res.put(outBase + i, sum);
			}
		});
		DirectFloats.finish(dst, out);
	}

	private void backProjectAngle(int a, int ch, int c, FloatBuffer in,
			int inBase, float[] acc)
	{
		if (NativeRadon.enabled()) {
			NativeRadon.backProject(in, inBase, acc, width, height, c, ch, a,
					cos[a], sin[a], centreX, centreY, detectorCentre);
			return;
		}
		final double cs = cos[a];
		final double sn = sin[a];
		final int w = width;
		final int h = height;
		for (int u = 0; u < w; u++) {
			float value = in.get(inBase + (a * w + u) * c + ch);
			if (value == 0f) continue; // adds exact zeros otherwise
			double du = u - detectorCentre;
			double baseX = centreX + cs * du;
			double baseY = centreY + sn * du;
			for (int v = 0; v < h; v++) {
				double dv = v - centreY;
				double sx = baseX - sn * dv;
				double sy = baseY + cs * dv;
				if (!(sx > -1 && sx < w && sy > -1 && sy < h)) continue;
				int x0 = (int) Math.floor(sx);
				int y0 = (int) Math.floor(sy);
				float fx = (float) (sx - x0);
				float fy = (float) (sy - y0);
				float gx = 1f - fx;
				float gy = 1f - fy;
				int p = y0 * w + x0;
				boolean left = x0 >= 0, right = x0 + 1 < w, top = y0 >= 0,
						bottom = y0 + 1 < h;
				float upper = gy * value;
				float lower = fy * value;
				if (top && left) acc[p * c + ch] += gx * upper;
				if (top && right) acc[(p + 1) * c + ch] += fx * upper;
				if (bottom && left) acc[(p + w) * c + ch] += gx * lower;
				if (bottom && right) acc[(p + w + 1) * c + ch] += fx * lower;
			}
		}
	}

	// ---------------------------------------------------------------- ND4J form

	/**
	 * ND4J form: per block of angles, gather each measurement's padded taps,
	 * weight them and sum.
	 */
	public void applyNd4j(INDArray image, INDArray out) {
		long c = checkApply(image, out);
		INDArray src = image.dataType() == DataType.FLOAT
				? image
				: image.castTo(DataType.FLOAT);
		gatherSum(tables().forward, src, out, c);
	}

	/**
	 * ND4J form: per block of image rows, gather each pixel's padded
	 * (measurement, weight) list and sum.
	 */
	public void adjointNd4j(INDArray measurements, INDArray out) {
		long c = checkAdjoint(measurements, out);
		INDArray src = measurements.dataType() == DataType.FLOAT
				? measurements
				: measurements.castTo(DataType.FLOAT);
		gatherSum(tables().adjoint, src, out, c);
	}

	private static void gatherSum(List<Block> blocks, INDArray source,
			INDArray out, long c)
	{
		for (Block b : blocks) {
			INDArray gathered = Nd4j.exec(new Gather(source, b.index, 0))[0];
			gathered.muliColumnVector(b.weight);
			INDArray sums = gathered.reshape('c', b.rows, b.taps, c).sum(1);
			if (blocks.size() == 1) {
				out.assign(sums);
			}
			else {
				out.get(NDArrayIndex.interval(b.firstRow, b.firstRow + b.rows),
						NDArrayIndex.all()).assign(sums);
			}
		}
	}

	/**
	 * Rows [firstRow, firstRow+rows) of the output, each reading {@code taps}
	 * (index, weight) pairs.
	 */
	private record Block(long firstRow, long rows, long taps, INDArray index,
			INDArray weight) {
	}

	private record Tables(List<Block> forward, List<Block> adjoint) {
	}

	private Tables tables() {
		Tables t = tables;
		if (t == null) {
			synchronized (this) {
				t = tables;
				if (t == null) tables = t = buildTables();
			}
		}
		return t;
	}

	/**
	 * The operator as a sparse matrix: rows are measurements, duplicates (a
	 * pixel read by several samples of one ray) merged, exact zeros dropped;
	 * then its transpose by counting sort, rows in pixel order and entries in
	 * measurement order, so both are deterministic.
	 */
	private Tables buildTables() {
		int w = width;
		int h = height;
		int pixels = h * w;
		int measurements = anglesDegrees.length * w;
		int[] rowStart = new int[measurements + 1];
		int[] column = new int[Math.max(16, measurements * 2 * h)];
		float[] value = new float[column.length];
		double[] merged = new double[pixels];
		int[] seenIn = new int[pixels];
		Arrays.fill(seenIn, -1);
		int[] touched = new int[4 * h];
		int size = 0;
		for (int a = 0; a < anglesDegrees.length; a++) {
			double cs = cos[a];
			double sn = sin[a];
			for (int u = 0; u < w; u++) {
				int m = a * w + u;
				int count = 0;
				double du = u - detectorCentre;
				double baseX = centreX + cs * du;
				double baseY = centreY + sn * du;
				for (int v = 0; v < h; v++) {
					double dv = v - centreY;
					double sx = baseX - sn * dv;
					double sy = baseY + cs * dv;
					if (!(sx > -1 && sx < w && sy > -1 && sy < h)) continue;
					int x0 = (int) Math.floor(sx);
					int y0 = (int) Math.floor(sy);
					float fx = (float) (sx - x0);
					float fy = (float) (sy - y0);
					float gx = 1f - fx;
					float gy = 1f - fy;
					for (int tap = 0; tap < 4; tap++) {
						int x = x0 + (tap & 1);
						int y = y0 + (tap >> 1);
						if (x < 0 || x >= w || y < 0 || y >= h) continue;
						float weight = ((tap >> 1) == 0 ? gy : fy)
								* ((tap & 1) == 0 ? gx : fx);
						if (weight == 0f) continue;
						int p = y * w + x;
						if (seenIn[p] != m) {
							seenIn[p] = m;
							merged[p] = 0;
							touched[count++] = p;
						}
						merged[p] += weight;
					}
				}
				if (size + count > column.length) {
					int grown = Math.max(size + count,
							column.length + (column.length >> 1));
					column = Arrays.copyOf(column, grown);
					value = Arrays.copyOf(value, grown);
				}
				for (int i = 0; i < count; i++) {
					column[size] = touched[i];
					value[size] = (float) merged[touched[i]];
					size++;
				}
				rowStart[m + 1] = size;
			}
		}
		// Transpose: entries of each pixel, in increasing measurement order.
		int[] pixelStart = new int[pixels + 1];
		for (int i = 0; i < size; i++)
			pixelStart[column[i] + 1]++;
		for (int p = 0; p < pixels; p++)
			pixelStart[p + 1] += pixelStart[p];
		int[] fill = Arrays.copyOf(pixelStart, pixels);
		int[] measurementOf = new int[size];
		float[] transposedValue = new float[size];
		for (int m = 0; m < measurements; m++) {
			for (int i = rowStart[m]; i < rowStart[m + 1]; i++) {
				int slot = fill[column[i]]++;
				measurementOf[slot] = m;
				transposedValue[slot] = value[i];
			}
		}
		return new Tables(
				padInBlocks(rowStart, column, value, measurements, w,
						blockElements),
				padInBlocks(pixelStart, measurementOf, transposedValue, pixels,
						w, blockElements));
	}

	/**
	 * Cuts a CSR matrix into blocks of whole groups of {@code groupRows} rows
	 * (one angle, or one image row), each padded to its own longest row with
	 * (index 0, weight 0), so a block is one gather. (The dummy reads element
	 * 0: a NaN or infinity there would leak through as 0 * NaN.)
	 */
	private static List<Block> padInBlocks(int[] start, int[] index,
			float[] weight, int rows, int groupRows, long blockElements)
	{
		List<Block> blocks = new ArrayList<>();
		int first = 0;
		while (first < rows) {
			int end = first;
			int taps = 1;
			while (end < rows) {
				int groupEnd = Math.min(rows, end + groupRows);
				int groupTaps = taps;
				for (int r = end; r < groupEnd; r++)
					groupTaps = Math.max(groupTaps, start[r + 1] - start[r]);
				if (end > first && (long) (groupEnd - first)
						* groupTaps > blockElements)
					break;
				taps = groupTaps;
				end = groupEnd;
			}
			int n = Math.multiplyExact(end - first, taps);
			int[] blockIndex = new int[n];
			float[] blockWeight = new float[n];
			for (int r = first; r < end; r++) {
				int at = (r - first) * taps;
				int length = start[r + 1] - start[r];
				System.arraycopy(index, start[r], blockIndex, at, length);
				System.arraycopy(weight, start[r], blockWeight, at, length);
			}
			// createFromArray, not a write through asNio(): on CUDA the device copy must be updated too.
			blocks.add(new Block(first, end - first, taps,
					Nd4j.createFromArray(blockIndex),
					Nd4j.createFromArray(blockWeight).reshape(n, 1)));
			first = end;
		}
		return blocks;
	}
}
