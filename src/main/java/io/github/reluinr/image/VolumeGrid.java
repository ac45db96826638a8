package io.github.reluinr.image;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Network coordinates of a volume of D planes of H x W voxels with physical
 * voxel sizes (width, height, depth): a micrometre is a micrometre along every
 * axis. The physical extent of an axis is the distance between its first and
 * last voxel centres, (n - 1) x spacing; the longest extent maps to [-1, 1] and
 * the others proportionally, centred on 0. So axis a of n samples has
 * coordinates {@code linspace(-e_a, e_a, n)} with e_a = extent_a / max(extent)
 * (numpy's linspace in double, cast to float32; e_a = 1 gives exactly
 * {@link CoordinateGrid#linspace}), and a one-sample axis sits at 0.
 *
 * <p>
 * Rows are (x, y, z), by default in the natural voxel order (z*H + y)*W + x
 * ({@link CoordinateGrid}'s 3-D order);
 * {@link #grid(int, int, int, Extents, int[])} takes any order, e.g. an
 * operator's block order.
 */
public final class VolumeGrid {

	private VolumeGrid() {
	}

	/**
	 * Half-extents in network units: axis x runs from -x to x, and so on; the
	 * largest is 1 (or all are 0).
	 */
	public record Extents(double x, double y, double z) {

		public Extents {
			for (double v : new double[]{x, y, z}) {
				if (!(v >= 0 && v <= 1))
					throw new IllegalArgumentException(
							"extents must lie in [0, 1], got " + x + ", " + y
									+ ", " + z);
			}
		}

		public static final Extents CUBE = new Extents(1, 1, 1);

		public double[] toArray() {
			return new double[]{x, y, z};
		}
	}

	/**
	 * The extents of a D x H x W grid with these voxel sizes (any positive
	 * unit, the same on all three axes).
	 */
	public static Extents extents(int depth, int height, int width,
			double voxelWidth, double voxelHeight, double voxelDepth)
	{
		if (depth < 1 || height < 1 || width < 1)
			throw new IllegalArgumentException(
					"a volume needs at least one voxel per axis");
		for (double v : new double[]{voxelWidth, voxelHeight, voxelDepth}) {
			if (!(v > 0) || !Double.isFinite(v))
				throw new IllegalArgumentException(
						"voxel sizes must be positive and finite, got "
								+ voxelWidth + ", " + voxelHeight + ", "
								+ voxelDepth);
		}
		double ex = (width - 1) * voxelWidth, ey = (height - 1) * voxelHeight,
				ez = (depth - 1) * voxelDepth;
		double max = Math.max(ex, Math.max(ey, ez));
		if (max == 0) return new Extents(0, 0, 0);
		// the longest axis exactly 1 (ties too), so its samples are the reference's linspace(-1, 1, n)
		return new Extents(ex == max ? 1 : ex / max, ey == max ? 1 : ey / max,
				ez == max ? 1 : ez / max);
	}

	/**
	 * numpy.linspace(-e, e, n) in double; [0] for n = 1; e = 1 is
	 * {@link CoordinateGrid#linspace}.
	 */
	public static double[] axis(int n, double e) {
		if (n < 1)
			throw new IllegalArgumentException(
					"an axis needs at least one sample, got " + n);
		if (n == 1) return new double[]{0};
		if (e == 1) return CoordinateGrid.linspace(n);
		double[] v = new double[n];
		double step = (2 * e) / (n - 1);
		for (int i = 0; i < n; i++)
			v[i] = i * step + -e;
		v[n - 1] = e;
		return v;
	}

	/** [D*H*W, 3] in natural order (z*H + y)*W + x. */
	public static INDArray grid(int depth, int height, int width, Extents e) {
		return grid(depth, height, width, e, null);
	}

	/**
	 * [D*H*W, 3]: row r holds the coordinates of voxel {@code order[r]} (a
	 * natural index (z*H + y)*W + x); null order: the natural order.
	 */
	public static INDArray grid(int depth, int height, int width, Extents e,
			int[] order)
	{
		long n = (long) depth * height * width;
		if (n * 3 > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("grid too large: " + depth
					+ " x " + height + " x " + width);
		if (order != null && order.length != n)
			throw new IllegalArgumentException(
					"order has " + order.length + " entries, the grid " + n);
		float[] xs = floats(axis(width, e.x())),
				ys = floats(axis(height, e.y())),
				zs = floats(axis(depth, e.z()));
		float[] out = new float[(int) n * 3];
		int plane = height * width;
		for (int r = 0; r < n; r++) {
			int v = order == null ? r : order[r];
			int z = v / plane, rest = v - z * plane, y = rest / width,
					x = rest - y * width;
			out[3 * r] = xs[x];
			out[3 * r + 1] = ys[y];
			out[3 * r + 2] = zs[z];
		}
		return Nd4j.create(out, new long[]{n, 3}, 'c');
	}

	private static float[] floats(double[] d) {
		float[] f = new float[d.length];
		for (int i = 0; i < d.length; i++)
			f[i] = (float) d[i];
		return f;
	}
}
