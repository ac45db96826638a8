package io.github.reluinr.model;

import io.github.reluinr.image.CoordinateGrid;
import io.github.reluinr.nn.Network;
import io.github.reluinr.nn.PositionalEncoding;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Samples a model on a grid of any size over any rectangle of its field of
 * view.
 *
 * <p>
 * Sampling: a region (x, y, w, h) in pixels of the training grid spans the
 * pixel centres x .. x+w-1 and y .. y+h-1; a W x H render puts its first and
 * last columns (rows) on those centres, i.e. samples u = linspace(x, x+w-1, W)
 * pixels, which is network coordinate -1 + 2u / (gridWidth - 1). The whole
 * field, (0, 0, gridWidth, gridHeight), at W x H is therefore x = linspace(-1,
 * 1, W), y = linspace(-1, 1, H) - at W = gridWidth exactly the training
 * coordinates, and at W = 2 gridWidth - 1 the training pixels at every other
 * sample. The samples are numpy's {@code linspace(a, b, n)}: i * ((b - a) / (n
 * - 1)) + a, the last set to b, in double, rounded to float32.
 *
 * <p>
 * Evaluation runs in tiles of {@link #TILE_PIXELS} samples in row-major order
 * (a tile may start inside a row), so memory is bounded by the tile whatever
 * the size of the render. Tiles start at multiples of 65,536 samples, where
 * training's tiles and the CPU pass's blocks of rows also start: a render of
 * the training grid multiplies the same rows together as training did, and so
 * repeats its output to the bit whatever the BLAS kernels (tiles of whole rows,
 * 65,400 samples at width 300, did so only with kernels whose rounding of a row
 * does not depend on the other rows). Pixel = (float) (raw * output_range +
 * output_min) in double, as the tasks bring a result back to the input's units.
 * Not clipped.
 */
public final class Renderer {

	public static final int TILE_PIXELS = 1 << 16;

	private Renderer() {
	}

	/** A region of the field in training-grid pixels. */
	public record Region(double x, double y, double width, double height) {

		public static Region whole(InrModel m) {
			return new Region(0, 0, m.gridWidth(), m.gridHeight());
		}
	}

	/**
	 * The first coordinate, the last, for n samples over pixels [from, from +
	 * span - 1] of an axis of size n0.
	 */
	static double[] axis(double from, double span, int n0, int n) {
		if (n0 == 1) {
			double[] v = new double[n];
			java.util.Arrays.fill(v, -1);
			return v;
		}
		double a = -1 + 2 * from / (n0 - 1);
		double b = -1 + 2 * (from + span - 1) / (n0 - 1);
		if (from == 0 && span == n0) {
			a = -1;
			b = 1;
		}
		return linspace(a, b, n);
	}

	/** numpy.linspace(a, b, n). */
	static double[] linspace(double a, double b, int n) {
		if (a == -1 && b == 1) return CoordinateGrid.linspace(n);
		double[] v = new double[n];
		if (n == 1) {
			v[0] = a;
			return v;
		}
		double step = (b - a) / (n - 1);
		for (int i = 0; i < n; i++)
			v[i] = i * step + a;
		v[n - 1] = b;
		return v;
	}

	/** Original-pixel spacing of n samples over a span of pixels. */
	public static double spacing(double span, int n) {
		return n > 1 ? (span - 1) / (n - 1) : span;
	}

	/**
	 * Renders a model, [H*W, C] values row by row (x fastest), channels
	 * interleaved.
	 *
	 * @param cancelled
	 *            polled between tiles (null: never); a cancelled render returns
	 *            null
	 */
	public static float[] render(InrModel m, int width, int height,
			Region region, BooleanSupplier cancelled)
	{
		if (width < 1 || height < 1)
			throw new IllegalArgumentException(
					"the render size must be at least 1 x 1, got " + width
							+ " x " + height);
		if ((long) width * height * m.outputs() > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException(
					"render too large: " + width + " x " + height);
		if (m.dimension() == 3)
			throw new IllegalArgumentException(
					"this is a volume model: render a plane (xy, xz, yz) or the whole volume");
		Region r = region == null ? Region.whole(m) : region;
		double[] xs = axis(r.x(), r.width(), m.gridWidth(), width);
		double[] ys = axis(r.y(), r.height(), m.gridHeight(), height);
		int channels = m.outputs();
		double[] min = m.outputMin(), range = m.outputRange();
		float[] out = new float[width * height * channels];
		long n = (long) width * height;
		try (Network net = m.toNetwork()) {
			for (long p0 = 0; p0 < n; p0 += TILE_PIXELS) {
				if (cancelled != null && cancelled.getAsBoolean()) return null;
				int count = (int) Math.min(TILE_PIXELS, n - p0);
				float[] coords = new float[count * 2];
				for (int k = 0; k < count; k++) {
					long p = p0 + k;
					coords[2 * k] = (float) xs[(int) (p % width)];
					coords[2 * k + 1] = (float) ys[(int) (p / width)];
				}
				INDArray x = Nd4j.create(coords, new long[]{count, 2}, 'c');
				INDArray in = m.encodingSide() > 0
						? PositionalEncoding.encode(x, m.encodingSide())
						: x;
				float[] raw = net.forward(in).dup('c').data().asFloat();
				int base = (int) p0 * channels;
				for (int i = 0; i < raw.length; i++) {
					int ch = i % channels;
					out[base + i] = (float) (raw[i] * range[ch] + min[ch]);
				}
				if (in != x) in.close();
				x.close();
			}
		}
		return out;
	}

	// ---- volumes (3-D models) ----

	/**
	 * A plane through a volume: XY (at a z position), XZ (at a y position) or
	 * YZ (at an x position).
	 */
	public enum Plane {

		XY, XZ, YZ;

		public static Plane parse(String s) {
			for (Plane p : values())
				if (p.name().equalsIgnoreCase(s == null ? "" : s.trim()))
					return p;
			throw new IllegalArgumentException(
					"plane must be xy, xz or yz, got '" + s + "'");
		}

		/**
		 * The axis the position is measured along: 2 (z) for XY, 1 (y) for XZ,
		 * 0 (x) for YZ.
		 */
		public int normalAxis() {
			return this == XY ? 2 : this == XZ ? 1 : 0;
		}
	}

	/** Voxels along axis 0 (x), 1 (y) or 2 (z) of a model's training grid. */
	public static int gridSize(InrModel m, int axis) {
		return axis == 0
				? m.gridWidth()
				: axis == 1 ? m.gridHeight() : m.gridDepth();
	}

	/**
	 * Samples of axis (0 x, 1 y, 2 z) over the whole field at the finest
	 * in-plane spacing (the pixel width): the training grid's size for x and y,
	 * and for z (n - 1) x voxel depth / pixel width + 1, rounded: an XZ view at
	 * this size is isotropic.
	 */
	public static int isotropicSamples(InrModel m, int axis) {
		if (axis < 2) return gridSize(m, axis);
		double span = (m.gridDepth() - 1) * m.pixelDepth() / m.pixelWidth();
		return (int) Math.max(1, Math.min(1 << 16, Math.round(span) + 1));
	}

	/**
	 * The network coordinate of a position (voxel index, fractional allowed)
	 * along an axis of a 3-D model.
	 */
	public static double coordinate(InrModel m, int axis, double position) {
		int n0 = gridSize(m, axis);
		double e = m.extent()[axis];
		if (n0 == 1) return 0;
		return -e + 2 * e * position / (n0 - 1);
	}

	private static void requireVolume(InrModel m) {
		if (m.dimension() != 3)
			throw new IllegalArgumentException(
					"this is a 2-D model: planes and volumes need a model trained on a volume");
	}

	/**
	 * A plane of a 3-D model over the whole field: {@code across} samples along
	 * its first axis (x for XY and XZ, y for YZ), {@code down} along its second
	 * (y for XY, z for XZ and YZ), at {@code position} voxels of the training
	 * grid along the third (0 .. n - 1, fractional allowed). [down * across, C]
	 * values, rows first (across fastest), channels interleaved; null when
	 * cancelled.
	 */
	public static float[] renderPlane(InrModel m, Plane plane, double position,
			int across, int down, BooleanSupplier cancelled)
	{
		requireVolume(m);
		int normal = plane.normalAxis();
		double max = gridSize(m, normal) - 1;
		if (!(position >= 0 && position <= max)) {
			throw new IllegalArgumentException("position must lie in [0, "
					+ (long) max + "] (voxels along " + "xyz".charAt(normal)
					+ "), got " + position);
		}
		double[] at = {coordinate(m, normal, position)};
		double[] e = m.extent();
		return switch (plane) {
			case XY ->
				sample(m, io.github.reluinr.image.VolumeGrid.axis(across, e[0]),
						io.github.reluinr.image.VolumeGrid.axis(down, e[1]), at,
						cancelled);
			case XZ ->
				sample(m, io.github.reluinr.image.VolumeGrid.axis(across, e[0]),
						at, io.github.reluinr.image.VolumeGrid.axis(down, e[2]),
						cancelled);
			case YZ -> sample(m, at,
					io.github.reluinr.image.VolumeGrid.axis(across, e[1]),
					io.github.reluinr.image.VolumeGrid.axis(down, e[2]),
					cancelled);
		};
	}

	/**
	 * The whole volume at width x height x depth samples over the field: [(z*H
	 * + y)*W + x, C]; null when cancelled.
	 */
	public static float[] renderVolume(InrModel m, int width, int height,
			int depth, BooleanSupplier cancelled)
	{
		requireVolume(m);
		double[] e = m.extent();
		return sample(m, io.github.reluinr.image.VolumeGrid.axis(width, e[0]),
				io.github.reluinr.image.VolumeGrid.axis(height, e[1]),
				io.github.reluinr.image.VolumeGrid.axis(depth, e[2]),
				cancelled);
	}

	/**
	 * The model on the grid xs x ys x zs (network coordinates), x fastest then
	 * y then z; null when cancelled.
	 */
	static float[] sample(InrModel m, double[] xs, double[] ys, double[] zs,
			BooleanSupplier cancelled)
	{
		long n = (long) xs.length * ys.length * zs.length;
		int channels = m.outputs();
		if (xs.length < 1 || ys.length < 1 || zs.length < 1)
			throw new IllegalArgumentException(
					"the render size must be at least 1 sample per axis");
		if (n * channels > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("render too large: " + xs.length
					+ " x " + ys.length + " x " + zs.length);
		double[] min = m.outputMin(), range = m.outputRange();
		float[] out = new float[(int) n * channels];
		try (Network net = m.toNetwork()) {
			for (long from = 0; from < n; from += TILE_PIXELS) {
				if (cancelled != null && cancelled.getAsBoolean()) return null;
				int rows = (int) Math.min(TILE_PIXELS, n - from);
				float[] coords = new float[rows * 3];
				for (int r = 0; r < rows; r++) {
					long v = from + r;
					int x = (int) (v % xs.length);
					long rest = v / xs.length;
					int y = (int) (rest % ys.length),
							z = (int) (rest / ys.length);
					coords[3 * r] = (float) xs[x];
					coords[3 * r + 1] = (float) ys[y];
					coords[3 * r + 2] = (float) zs[z];
				}
				INDArray x = Nd4j.create(coords, new long[]{rows, 3}, 'c');
				INDArray in = m.encodingSide() > 0
						? PositionalEncoding.encode(x, m.encodingSide())
						: x;
				float[] raw = net.forward(in).dup('c').data().asFloat();
				int base = (int) from * channels;
				for (int i = 0; i < raw.length; i++) {
					int ch = i % channels;
					out[base + i] = (float) (raw[i] * range[ch] + min[ch]);
				}
				if (in != x) in.close();
				x.close();
			}
		}
		return out;
	}
}
