package io.github.reluinr.imagej;

import io.github.reluinr.backend.Nd4jStartup;
import ij.IJ;
import ij.ImagePlus;
import ij.macro.Interpreter;
import ij.measure.Calibration;
import io.github.reluinr.model.InrModel;
import io.github.reluinr.model.ModelFile;
import io.github.reluinr.model.ModelFileException;
import io.github.reluinr.model.Renderer;
import io.github.reluinr.task.Image2D;
import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.factory.Nd4j;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Samples a saved network (model_file, .inr.npz) on a grid of any size over any
 * rectangle of the field it was trained on: a 32-bit image (not clipped) in the
 * original units, with the pixel size scaled. {@code region} is x,y,w,h in
 * pixels of the training grid (empty: the whole field), {@code size} is W,H
 * (empty: the region at {@code magnification}, (w - 1) * M + 1 samples, so that
 * every M-th sample lies on a training pixel). See {@link Renderer} for the
 * sampling convention.
 */
@Plugin(type = Command.class, menuPath = InrCommand.MENU
		+ "Render INR", headless = true, label = "Render INR", description = "Sample a saved network at any size over any region of its field of view")
public class RenderCommand extends ContextCommand {

	@Parameter
	protected LogService log;

	@Parameter(label = "Model file (.inr.npz)", required = false, persist = false, style = FileWidget.OPEN_STYLE)
	protected File model_file;

	@Parameter(label = "Image (optional: its rectangular selection is the region)", required = false, persist = false, description = "An image of the model's training-grid size (e.g. the task's result): with region empty, its selection is rendered")
	protected ImagePlus image;

	@Parameter(label = "Region x,y,w,h (training-grid pixels; empty = the image's selection, else the whole field)", required = false, persist = false)
	protected String region = "";

	@Parameter(label = "Size W,H (empty = region x magnification)", required = false, persist = false)
	protected String size = "";

	@Parameter(label = "Magnification (when size is empty)", persist = false, min = "0.001", max = "1000", stepSize = "1")
	protected double magnification = 1;

	@Parameter(label = "Output file (.tif, optional)", required = false, persist = false, style = FileWidget.SAVE_STYLE)
	protected File output_file;

	/**
	 * Volume models (issue 21): the plane to render, or the whole volume; see
	 * {@link VolumeRender}.
	 */
	@Parameter(label = "Plane (volume models)", choices = {"xy", "xz", "yz",
			"volume"}, required = false, persist = false)
	protected String plane = "xy";

	@Parameter(label = "Position (voxels along the plane's normal; -1 = middle; volume models)", required = false, persist = false)
	protected double position = -1;

	@Parameter(label = "Show results", visibility = ItemVisibility.INVISIBLE, required = false, persist = false)
	protected boolean show_results = true;

	private ImagePlus rendered;
	private String error;

	public ImagePlus rendered() {
		return rendered;
	}

	public String error() {
		return error;
	}

	@Override
	public void run() {
		try {
			Checks.range("magnification", magnification, 0.001, 1000);
			if (output_file != null)
				Checks.writable("output_file", output_file);
			String r = region;
			if ((r == null || r.isBlank()) && image != null)
				r = selectionRegion(read(model_file), image);
			rendered = read(model_file).dimension() == 3
					? VolumeRender.render(model_file, plane, position, size,
							this::isCanceled)
					: render(model_file, size, magnification, r,
							this::isCanceled);
			if (rendered == null) {
				fail("cancelled");
				return;
			}
			if (output_file != null) OutputFiles.save(rendered, output_file);
			if (show_results) InrCommand.show(rendered);
			if (log != null)
				log.info("rendered " + OutputFiles.describe(rendered));
		}
		catch (InvalidInputException e) {
			fail(e.getMessage());
		}
		catch (IOException e) {
			fail("could not write output_file: " + e.getMessage());
		}
		catch (OutOfMemoryError e) {
			fail("out of memory: " + e.getMessage()
					+ " - render a smaller size or region");
		}
	}

	private void fail(String message) {
		error = message;
		cancel(message);
		if (log != null && show_results) log.error(message);
		if (show_results && !GraphicsEnvironment.isHeadless()
				&& !Interpreter.isBatchMode() && IJ.getInstance() != null)
			IJ.error("Render INR", message);
	}

	/**
	 * The rectangular selection of an image of the model's grid size as
	 * "x,y,w,h" (a result window of the task that saved the model), or "" when
	 * it has none or is another size.
	 */
	String selectionRegion(InrModel m, ImagePlus imp) {
		java.awt.Rectangle roi = ImagePlusAdapter.selection(imp);
		if (roi == null) return "";
		if (imp.getWidth() != m.gridWidth()
				|| imp.getHeight() != m.gridHeight())
		{
			if (log != null)
				log.info("the selection on " + imp.getTitle()
						+ " is not used: the image is " + imp.getWidth() + "x"
						+ imp.getHeight() + ", the model's grid "
						+ m.gridWidth() + "x" + m.gridHeight());
			return "";
		}
		return roi.x + "," + roi.y + "," + roi.width + "," + roi.height;
	}

	/**
	 * Reads a model file; a bad one is an InvalidInputException naming
	 * model_file.
	 */
	public static InrModel read(File file) {
		if (file == null || file.getPath().isEmpty())
			throw new InvalidInputException(
					"model_file is required: a .inr.npz file saved by a task's model_file");
		try {
			return ModelFile.read(file.toPath());
		}
		catch (ModelFileException e) {
			throw new InvalidInputException("model_file: " + e.getMessage());
		}
	}

	/**
	 * The render of a model file as a 32-bit image (channels as a composite),
	 * or null when cancelled.
	 *
	 * @throws InvalidInputException
	 *             for a bad file, size or region
	 */
	public static ImagePlus render(File modelFile, String size,
			double magnification, String region, BooleanSupplier cancelled)
	{
		InrModel m = read(modelFile);
		Renderer.Region r = parseRegion(region, m);
		int[] wh = size == null || size.isBlank()
				? magnified(r, magnification)
				: parseSize(size);
		if ((long) wh[0] * wh[1] * m.outputs() > Integer.MAX_VALUE - 8) {
			throw new InvalidInputException("size = " + wh[0] + "," + wh[1]
					+ " is too large: at most "
					+ (Integer.MAX_VALUE - 8) / m.outputs() + " samples");
		}
		Nd4jStartup.info();
		float[] values = Renderer.render(m, wh[0], wh[1], r, cancelled);
		if (values == null) return null;
		Image2D image = new Image2D(
				Nd4j.create(values,
						new long[]{(long) wh[0] * wh[1], m.outputs()}, 'c'),
				wh[1], wh[0]);
		Calibration cal = new Calibration();
		double sx = Renderer.spacing(r.width(), wh[0]),
				sy = Renderer.spacing(r.height(), wh[1]);
		cal.pixelWidth = m.pixelWidth() * sx;
		cal.pixelHeight = m.pixelHeight() * sy;
		cal.setUnit(m.unit());
		cal.xOrigin = -r.x() / sx; // calibrated coordinates stay those of the training grid
		cal.yOrigin = -r.y() / sy;
		String name = modelFile.getName().replaceAll("(?i)(\\.inr)?\\.npz$",
				"");
		String title = String.format(Locale.ROOT, "%s - render %dx%d", name,
				wh[0], wh[1]);
		return ImagePlusAdapter.toImagePlus(title, List.of(image), cal, null);
	}

	/** (w - 1) * M + 1 by (h - 1) * M + 1, rounded. */
	static int[] magnified(Renderer.Region r, double m) {
		if (!(m > 0) || Double.isInfinite(m))
			throw new InvalidInputException("magnification = " + m
					+ " is out of range: use a positive number");
		long w = Math.max(1, Math.round((r.width() - 1) * m) + 1),
				h = Math.max(1, Math.round((r.height() - 1) * m) + 1);
		if (w > 1_000_000 || h > 1_000_000)
			throw new InvalidInputException("magnification = " + m + " makes "
					+ w + "x" + h + ": at most 1000000 per side");
		return new int[]{(int) w, (int) h};
	}

	/** "W,H" with 1 <= W, H <= 1000000. */
	public static int[] parseSize(String text) {
		String[] p = text.trim().split("\\s*[,x]\\s*");
		try {
			if (p.length == 2) {
				int w = Integer.parseInt(p[0]), h = Integer.parseInt(p[1]);
				if (w >= 1 && h >= 1 && w <= 1_000_000 && h <= 1_000_000)
					return new int[]{w, h};
			}
		}
		catch (NumberFormatException e) {
			// fall through
		}
		throw new InvalidInputException("size = " + text
				+ " is not allowed: use W,H with whole numbers from 1 to 1000000");
	}

	/**
	 * "x,y,w,h" inside the model's field (0 <= x, x + w <= grid width, w >= 1;
	 * pixels may be fractional).
	 */
	public static Renderer.Region parseRegion(String text, InrModel m) {
		if (text == null || text.isBlank()) return Renderer.Region.whole(m);
		String[] p = text.trim().split("\\s*,\\s*");
		String allowed = "use x,y,w,h with 0 <= x, x + w <= " + m.gridWidth()
				+ ", 0 <= y, y + h <= " + m.gridHeight()
				+ " and w, h >= 1 (pixels of the " + m.gridWidth() + "x"
				+ m.gridHeight() + " training grid)";
		double[] v = new double[4];
		try {
			if (p.length != 4) throw new NumberFormatException();
			for (int i = 0; i < 4; i++)
				v[i] = Double.parseDouble(p[i]);
		}
		catch (NumberFormatException e) {
			throw new InvalidInputException(
					"region = " + text + " is not allowed: " + allowed);
		}
		double eps = 1e-9;
		if (!(v[0] >= 0) || !(v[1] >= 0) || !(v[2] >= 1) || !(v[3] >= 1)
				|| v[0] + v[2] > m.gridWidth() + eps
				|| v[1] + v[3] > m.gridHeight() + eps)
		{
			throw new InvalidInputException(
					"region = " + text + " is outside the field: " + allowed);
		}
		return new Renderer.Region(v[0], v[1], v[2], v[3]);
	}
}
