package io.github.reluinr.imagej;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import io.github.reluinr.model.InrModel;
import io.github.reluinr.model.Renderer;
import java.io.File;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Renders of 3-D models (issue 21) for Render INR and {@code relu-inr render}:
 * an XY, XZ or YZ plane at a position (voxels of the training grid along the
 * plane's normal; negative: the middle), or the whole volume. Default sizes
 * sample x and y at the training grid and z at the pixel width's spacing, so an
 * XZ view is isotropic. Calibration: the model's voxel sizes scaled by the
 * sampling.
 */
public final class VolumeRender {

	public static final String VOLUME = "volume";

	private VolumeRender() {
	}

	/**
	 * The render as a 32-bit image or stack, or null when cancelled. size:
	 * "A,B" for a plane, "W,H,D" for the volume, empty for the default.
	 */
	public static ImagePlus render(File modelFile, String plane,
			double position, String size, BooleanSupplier cancelled)
	{
		InrModel m = RenderCommand.read(modelFile);
		if (m.dimension() != 3)
			throw new InvalidInputException("plane = " + plane
					+ " needs a volume model; " + modelFile.getName()
					+ " is a 2-D model (render it with size and region)");
		String name = modelFile.getName().replaceAll("(?i)(\\.inr)?\\.npz$",
				"");
		String p = plane == null || plane.isBlank()
				? "xy"
				: plane.trim().toLowerCase(Locale.ROOT);
		io.github.reluinr.backend.Nd4jStartup.info();
		if (p.equals(VOLUME)) {
			int[] whd = size == null || size.isBlank()
					? new int[]{m.gridWidth(), m.gridHeight(),
							Renderer.isotropicSamples(m, 2)}
					: parse(size, 3, "size = " + size
							+ " is not allowed: use W,H,D with whole numbers from 1 to 100000");
			if ((long) whd[0] * whd[1] * whd[2]
					* m.outputs() > Integer.MAX_VALUE - 8)
				throw new InvalidInputException(
						"size = " + size + " is too large");
			float[] v = Renderer.renderVolume(m, whd[0], whd[1], whd[2],
					cancelled);
			if (v == null) return null;
			Calibration cal = calibration(m, whd[0], whd[1]);
			cal.pixelDepth = m.pixelDepth()
					* Renderer.spacing(m.gridDepth(), whd[2]);
			return stack(
					String.format(Locale.ROOT, "%s - volume %dx%dx%d", name,
							whd[0], whd[1], whd[2]),
					v, whd[0], whd[1], whd[2], m.outputs(), cal);
		}
		Renderer.Plane pl;
		try {
			pl = Renderer.Plane.parse(p);
		}
		catch (IllegalArgumentException e) {
			throw new InvalidInputException("plane = " + plane
					+ " is not allowed: use xy, xz, yz or volume");
		}
		int[] axes = pl == Renderer.Plane.XY
				? new int[]{0, 1}
				: pl == Renderer.Plane.XZ ? new int[]{0, 2} : new int[]{1, 2};
		int[] ab = size == null || size.isBlank()
				? new int[]{Renderer.isotropicSamples(m, axes[0]),
						Renderer.isotropicSamples(m, axes[1])}
				: parse(size, 2, "size = " + size
						+ " is not allowed: use A,B (samples across, down) with whole numbers from 1 to 100000");
		int normal = pl.normalAxis();
		int n0 = Renderer.gridSize(m, normal);
		double at = position < 0 ? (n0 - 1) / 2.0 : position;
		if (at > n0 - 1)
			throw new InvalidInputException(String.format(Locale.ROOT,
					"position = %s is outside the volume: use 0 to %d (voxels along %s), or -1 for the middle",
					fmt(position), n0 - 1, "xyz".charAt(normal)));
		float[] v = Renderer.renderPlane(m, pl, at, ab[0], ab[1], cancelled);
		if (v == null) return null;
		double[] size0 = {m.pixelWidth(), m.pixelHeight(), m.pixelDepth()};
		Calibration cal = new Calibration();
		cal.setUnit(m.unit());
		cal.pixelWidth = size0[axes[0]]
				* Renderer.spacing(Renderer.gridSize(m, axes[0]), ab[0]);
		cal.pixelHeight = size0[axes[1]]
				* Renderer.spacing(Renderer.gridSize(m, axes[1]), ab[1]);
		return stack(
				String.format(Locale.ROOT, "%s - %s at %s=%s", name, p,
						"xyz".charAt(normal), fmt(at)),
				v, ab[0], ab[1], 1, m.outputs(), cal);
	}

	private static Calibration calibration(InrModel m, int w, int h) {
		Calibration cal = new Calibration();
		cal.setUnit(m.unit());
		cal.pixelWidth = m.pixelWidth() * Renderer.spacing(m.gridWidth(), w);
		cal.pixelHeight = m.pixelHeight() * Renderer.spacing(m.gridHeight(), h);
		return cal;
	}

	private static String fmt(double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}

	private static int[] parse(String text, int n, String message) {
		String[] p = text.trim().split("\\s*[,x]\\s*");
		if (p.length != n) throw new InvalidInputException(message);
		int[] v = new int[n];
		try {
			for (int i = 0; i < n; i++)
				v[i] = Integer.parseInt(p[i]);
		}
		catch (NumberFormatException e) {
			throw new InvalidInputException(message);
		}
		for (int x : v)
			if (x < 1 || x > 100_000) throw new InvalidInputException(message);
		return v;
	}

	/** Channels interleaved per sample, planes of w x h: a C x D stack. */
	private static ImagePlus stack(String title, float[] v, int w, int h, int d,
			int channels, Calibration cal)
	{
		ImageStack st = new ImageStack(w, h);
		for (int z = 0; z < d; z++) {
			for (int ch = 0; ch < channels; ch++) {
				float[] p = new float[w * h];
				for (int i = 0; i < w * h; i++)
					p[i] = v[((z * w * h) + i) * channels + ch];
				st.addSlice(new FloatProcessor(w, h, p));
			}
		}
		ImagePlus imp = new ImagePlus(title, st);
		imp.setDimensions(channels, d, 1);
		imp.setCalibration(cal);
		if (channels > 1)
			imp = new ij.CompositeImage(imp, ij.CompositeImage.COLOR);
		imp.resetDisplayRange();
		return imp;
	}
}
