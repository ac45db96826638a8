package io.github.reluinr.imagej;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import java.io.File;
import java.util.Locale;

/**
 * Input checks that run before ND4J starts, each failing with a message a user
 * can act on.
 */
public final class Checks {

	private Checks() {
	}

	public static void range(String key, double value, double min, double max) {
		if (!(value >= min && value <= max)) {
			throw new InvalidInputException(String.format(Locale.ROOT,
					"%s = %s is out of range: allowed %s to %s", key,
					fmt(value), fmt(min), fmt(max)));
		}
	}

	/** min < value <= max */
	public static void rangeOpenBelow(String key, double value, double min,
			double max)
	{
		if (!(value > min && value <= max)) {
			throw new InvalidInputException(String.format(Locale.ROOT,
					"%s = %s is out of range: allowed above %s up to %s", key,
					fmt(value), fmt(min), fmt(max)));
		}
	}

	/**
	 * A setting whose 0 means "not given" (the task's default): 0, or min <=
	 * value <= max (min > value > 0 when min is 0: any positive value up to
	 * max).
	 */
	public static void rangeOrDefault(String key, double value, double min,
			double max)
	{
		if (value == 0 || (min == 0 ? value > 0 : value >= min) && value <= max)
			return;
		String allowed = min == 0
				? "above 0 up to " + fmt(max)
				: fmt(min) + " to " + fmt(max);
		throw new InvalidInputException(String.format(Locale.ROOT,
				"%s = %s is out of range: allowed %s (0: the task's default)",
				key, fmt(value), allowed));
	}

	private static String fmt(double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15
				? String.valueOf((long) v)
				: String.valueOf(v);
	}

	/**
	 * Opens an image file, or fails with one line naming the parameter, the
	 * file and what is wrong with it (empty, truncated, text under an image
	 * name). ImageJ's and javax.imageio's own messages about a broken file are
	 * kept off the terminal (headless), so that line is all a user sees.
	 */
	public static ImagePlus open(String key, File file) {
		if (!file.isFile())
			throw new InvalidInputException(key + ": file not found: " + file);
		String problem;
		try {
			problem = ImageFileProblems.of(file);
		}
		catch (java.io.IOException e) {
			throw new InvalidInputException(
					key + ": cannot read " + file + ": " + e.getMessage());
		}
		if (problem != null)
			throw new InvalidInputException(key + ": " + file + " " + problem);
		ImagePlus imp = ImageFileProblems.quietly(() -> {
			try {
				return ij.IJ.openImage(file.getPath());
			}
			catch (RuntimeException e) {
				return null;
			}
		});
		if (imp == null)
			throw new InvalidInputException(key
					+ ": not an image ImageJ can open (TIFF, PNG, JPEG, ...): "
					+ file);
		return imp;
	}

	/**
	 * Fails unless the file can be created or overwritten, so a long run does
	 * not end in a failed save.
	 */
	public static void writable(String key, File file) {
		if (file == null) return;
		File parent = file.getAbsoluteFile().getParentFile();
		if (parent == null || !parent.isDirectory())
			throw new InvalidInputException(
					key + ": folder does not exist: " + parent);
		if (file.isDirectory())
			throw new InvalidInputException(
					key + ": is a folder, a file name is needed: " + file);
		if (file.exists() ? !file.canWrite() : !parent.canWrite())
			throw new InvalidInputException(key + ": cannot write " + file);
	}

	/** A plane must be at least minSide x minSide, finite, and not constant. */
	public static void plane(String what, ImageProcessor ip, int minSide) {
		if (ip.getWidth() < minSide || ip.getHeight() < minSide) {
			throw new InvalidInputException(what + " is " + ip.getWidth() + "x"
					+ ip.getHeight() + ": at least " + minSide + "x" + minSide
					+ " pixels are needed");
		}
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		int channels = ip.getNChannels();
		float[] buf = null;
		for (int c = 0; c < channels; c++) {
			buf = ip.toFloat(c, null).getPixels() instanceof float[] f
					? f
					: null;
			for (float v : buf) {
				if (!Float.isFinite(v))
					throw new InvalidInputException(what
							+ " has NaN or infinite pixels: replace them first (e.g. Process > Math > Remove NaNs)");
				if (v < min) min = v;
				if (v > max) max = v;
			}
		}
		if (min == max)
			throw new InvalidInputException(
					what + " is constant (every pixel is " + fmt(min)
							+ "): there is nothing to fit");
	}
}
