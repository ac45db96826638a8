package io.github.reluinr.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

/**
 * A result as a 32-bit TIFF with an 8-bit (or RGB) PNG preview beside it:
 * OUT.tif -> OUT.png. Results are always TIFF: a name ending in anything else
 * (.png, .jpg, none) is refused with a message naming the .tif to give, since
 * an 8-bit picture cannot hold the 32-bit result.
 */
public final class OutputFiles {

	private OutputFiles() {
	}

	/**
	 * Refuses a result name that is not .tif/.tiff, naming the .tif it needs.
	 */
	public static void requireTiffName(String key, File file) {
		if (!OutputPlan.present(file)) return;
		String ext = OutputPlan.extension(file);
		if (ext.equals(".tif") || ext.equals(".tiff")) return;
		String name = file.getName();
		String stem = ext.isEmpty()
				? name
				: name.substring(0, name.length() - ext.length());
		throw new InvalidInputException(key + " = " + name
				+ ": results are written as 32-bit TIFF; give " + stem
				+ ".tif (the 8-bit preview " + stem
				+ ".png is written beside it)");
	}

	/** OUT.tif -> OUT.png. */
	public static File previewFile(File tif) {
		String path = tif.getPath();
		int dot = path.lastIndexOf('.');
		String base = dot > path.lastIndexOf(File.separatorChar)
				? path.substring(0, dot)
				: path;
		return new File(base + ".png");
	}

	/**
	 * Adds a result and its preview to the plan; the image is asked for when
	 * the files are written.
	 */
	public static void plan(OutputPlan plan, String key, File file,
			Supplier<ImagePlus> image)
	{
		if (!OutputPlan.present(file)) return;
		requireTiffName(key, file);
		plan.write(key, key, file, (target, tmp) -> OutputPlan.writeBytes(tmp,
				tiff(need(image, key))));
		plan.write(key, "the PNG preview of " + key, previewFile(file),
				(target, tmp) -> OutputPlan.writeBytes(tmp,
						png(previewOf(need(image, key)))));
	}

	private static ImagePlus need(Supplier<ImagePlus> image, String key)
			throws IOException
	{
		ImagePlus imp = image.get();
		if (imp == null) throw new IOException("there is no result for " + key);
		return imp;
	}

	/**
	 * Saves a result and its preview at once (atomically, as every command
	 * does).
	 */
	public static void save(ImagePlus imp, File file) throws IOException {
		OutputPlan plan = new OutputPlan();
		plan(plan, "output_file", file, () -> imp);
		plan.check();
		plan.commit();
	}

	/**
	 * The image as ImageJ's TIFF (calibration, stacks, channels), without
	 * touching its title or file info.
	 */
	static byte[] tiff(ImagePlus imp) throws IOException {
		byte[] b = new FileSaver(imp).serialize();
		if (b == null)
			throw new IOException(
					"ImageJ could not encode " + imp.getTitle() + " as TIFF");
		return b;
	}

	/** A picture as PNG bytes. */
	static byte[] png(ImagePlus picture) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		if (!ImageIO.write(picture.getBufferedImage(), "png", out))
			throw new IOException("no PNG encoder for " + picture.getTitle());
		return out.toByteArray();
	}

	/** The current plane as 8-bit gray or RGB, scaled by the display range. */
	public static ImagePlus previewOf(ImagePlus imp) {
		if (imp.isComposite() && imp.getNChannels() == 3) {
			ImagePlus flat = new ImagePlus(imp.getTitle(),
					((ij.CompositeImage) imp).getImage());
			return new ImagePlus(imp.getTitle(),
					flat.getProcessor().convertToRGB());
		}
		ij.process.ImageProcessor ip = imp.getProcessor().duplicate();
		ip.setMinAndMax(imp.getDisplayRangeMin(), imp.getDisplayRangeMax());
		return new ImagePlus(imp.getTitle(), ip.convertToByte(true));
	}

	/** Used by the CLI to label console output. */
	public static String describe(ImagePlus imp) {
		return imp.getTitle() + " " + imp.getWidth() + "x" + imp.getHeight()
				+ (imp.getNChannels() > 1 ? "x" + imp.getNChannels() : "") + " "
				+ IJ.d2s(imp.getBitDepth(), 0) + "-bit";
	}
}
