package io.github.reluinr.phantom;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A synthetic fluorescent cell (issue 21's sample stack; CC0, made by this
 * project): an ellipsoidal cell with a bright membrane and dim cytoplasm, a
 * nucleus with a nucleolus, Gaussian vesicles (0.2 to 0.4 um) and curved
 * filaments (0.15 um), evaluated analytically at voxel centres in micrometres.
 * Fixed by its seed. Values lie roughly in [0, 1.2].
 *
 * <p>
 * The shipped sample ({@code tools/sample-volume}) is the volume at 0.1 um in
 * x, y and z, averaged over every 5 planes - the z-pool operator's own model of
 * a stack taken at 0.5 um steps - so that the isotropic volume it came from is
 * known exactly ({@link #isotropic}).
 */
public final class CellVolume {

	public static final double PIXEL_UM = 0.1;
	public static final int SIDE = 128, PLANES = 32, SCALE_Z = 5;
	public static final long SEED = 21;

	private final List<double[]> vesicles = new ArrayList<>();
	private final List<double[][]> filaments = new ArrayList<>();
	private final double cx, cy, cz, ax, ay, az;

	/** The cell of a field of sx x sy x sz micrometres. */
	public CellVolume(double sx, double sy, double sz, long seed) {
		Random r = new Random(seed);
		cx = sx / 2;
		cy = sy / 2;
		cz = sz / 2;
		ax = 0.42 * sx;
		ay = 0.36 * sy;
		az = 0.40 * sz;
		while (vesicles.size() < 60) {
			double x = cx + (2 * r.nextDouble() - 1) * ax,
					y = cy + (2 * r.nextDouble() - 1) * ay,
					z = cz + (2 * r.nextDouble() - 1) * az;
			if (inside(x, y, z) > 0.85 || nucleus(x, y, z) < 1.1) continue;
			vesicles.add(new double[]{x, y, z, 0.2 + 0.2 * r.nextDouble(),
					0.5 + 0.5 * r.nextDouble()});
		}
		for (int f = 0; f < 7; f++) {
			double[][] pts = new double[24][];
			double phase = r.nextDouble() * 2 * Math.PI,
					tilt = (r.nextDouble() - 0.5) * 1.2,
					rad = 0.55 + 0.3 * r.nextDouble();
			double zc = cz + (r.nextDouble() - 0.5) * az;
			for (int k = 0; k < pts.length; k++) {
				double t = phase + k * 0.22;
				pts[k] = new double[]{cx + rad * ax * Math.cos(t),
						cy + rad * ay * Math.sin(t),
						zc + tilt * az * Math.sin(t - phase) * 0.6};
			}
			filaments.add(pts);
		}
	}

	/** The cell of the shipped sample's field (12.8 x 12.8 x 16 um). */
	public static CellVolume sample() {
		return new CellVolume(SIDE * PIXEL_UM, SIDE * PIXEL_UM,
				PLANES * SCALE_Z * PIXEL_UM, SEED);
	}

	/** Normalised ellipsoid radius of the cell (1 on its surface). */
	private double inside(double x, double y, double z) {
		double u = (x - cx) / ax, v = (y - cy) / ay, w = (z - cz) / az;
		return Math.sqrt(u * u + v * v + w * w);
	}

	private double nucleus(double x, double y, double z) {
		double u = (x - cx - 0.12 * ax) / (0.38 * ax),
				v = (y - cy + 0.05 * ay) / (0.42 * ay),
				w = (z - cz) / (0.45 * az);
		return Math.sqrt(u * u + v * v + w * w);
	}

	private static double sigmoid(double t) {
		return 1 / (1 + Math.exp(-t));
	}

	/** The intensity at (x, y, z) micrometres. */
	public double at(double x, double y, double z) {
		double rc = inside(x, y, z), rn = nucleus(x, y, z);
		double mean = (ax + ay + az) / 3;
		double surface = (rc - 1) * mean; // approximately the distance to the membrane, um
		double v = 0.12 * sigmoid(-surface / 0.08)
				+ 0.55 * Math.exp(-surface * surface / (2 * 0.12 * 0.12));
		double nucleusMean = 0.2 * mean;
		double dn = (rn - 1) * nucleusMean;
		v += 0.25 * sigmoid(-dn / 0.1) * (1 + 0.3 * Math.sin(3.1 * x)
				* Math.sin(2.7 * y) * Math.sin(2.3 * z));
		double nx = x - (cx + 0.2 * ax), ny = y - cy, nz = z - (cz + 0.1 * az);
		v += 0.5 * Math.exp(-(nx * nx + ny * ny + nz * nz) / (2 * 0.45 * 0.45));
		for (double[] s : vesicles) {
			double dx = x - s[0], dy = y - s[1], dz = z - s[2];
			double d2 = dx * dx + dy * dy + dz * dz;
			if (d2 < 9 * s[3] * s[3] * 4)
				v += s[4] * Math.exp(-d2 / (2 * s[3] * s[3]));
		}
		for (double[][] f : filaments) {
			double best = Double.POSITIVE_INFINITY;
			for (int k = 0; k + 1 < f.length; k++)
				best = Math.min(best, segment2(x, y, z, f[k], f[k + 1]));
			if (best < 1) v += 0.45 * Math.exp(-best / (2 * 0.15 * 0.15));
		}
		return v;
	}

	private static double segment2(double x, double y, double z, double[] a,
			double[] b)
	{
		double ux = b[0] - a[0], uy = b[1] - a[1], uz = b[2] - a[2];
		double t = ((x - a[0]) * ux + (y - a[1]) * uy + (z - a[2]) * uz)
				/ (ux * ux + uy * uy + uz * uz);
		t = Math.max(0, Math.min(1, t));
		double dx = x - a[0] - t * ux, dy = y - a[1] - t * uy,
				dz = z - a[2] - t * uz;
		return dx * dx + dy * dy + dz * dz;
	}

	/**
	 * Voxel centres ((i + 0.5) * spacing) of a d x h x w grid, natural order
	 * (z*H + y)*W + x.
	 */
	public float[] voxels(int d, int h, int w, double pixel, double step) {
		float[] out = new float[d * h * w];
		java.util.stream.IntStream.range(0, d).parallel().forEach(k -> {
			for (int j = 0; j < h; j++) {
				for (int i = 0; i < w; i++)
					out[(k * h + j) * w + i] = (float) at((i + 0.5) * pixel,
							(j + 0.5) * pixel, (k + 0.5) * step);
			}
		});
		return out;
	}

	/**
	 * The isotropic volume behind the sample: 160 planes of 128 x 128 at 0.1
	 * um.
	 */
	public static float[] isotropic() {
		return sample().voxels(PLANES * SCALE_Z, SIDE, SIDE, PIXEL_UM,
				PIXEL_UM);
	}

	/**
	 * The sample stack: {@link #isotropic} averaged over every 5 planes (32
	 * planes at 0.5 um).
	 */
	public static float[] stack() {
		return averageZ(isotropic(), PLANES * SCALE_Z, SIDE, SIDE, SCALE_Z);
	}

	/** The mean of every s consecutive planes. */
	public static float[] averageZ(float[] v, int d, int h, int w, int s) {
		int plane = h * w;
		float[] out = new float[d / s * plane];
		for (int k = 0; k < d / s; k++) {
			for (int i = 0; i < plane; i++) {
				double sum = 0;
				for (int t = 0; t < s; t++)
					sum += v[(k * s + t) * plane + i];
				out[k * plane + i] = (float) (sum / s);
			}
		}
		return out;
	}
}
