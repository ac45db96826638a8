package io.github.reluinr.imagej;

import java.util.Locale;

/**
 * The time a run will take, shown in the dialog before OK. An epoch costs a
 * fixed part (ND4J dispatches a few dozen operations per layer, milliseconds
 * whatever the size) plus its matrix products and activation passes,
 * proportional to pixels x (in W + (L - 1) W^2 + W out + activation work). The
 * seconds per unit of the second part are measured on this machine by each run
 * (kept in ImageJ's preferences); before a first run they are the figure of a
 * 2-core reference machine (0.76 s per epoch for 256 x 256 at 3 x 300).
 */
final class Estimate {

	static final String PREF = "reluinr.seconds_per_unit";
	/**
	 * 0.76 s / (65,536 pixels x units of a 3 x 300 network with 2 inputs, 1
	 * output).
	 */
	static final double REFERENCE = 0.76 / (65536.0 * units(2, 300, 3, 1));

	/**
	 * Fixed seconds per epoch and hidden layer (operation dispatch), a floor
	 * measured on small images.
	 */
	static final double FIXED_PER_LAYER = 0.004;

	/**
	 * Runs on fewer pixels are not recorded: their epoch is mostly
	 * per-operation overhead, and a 12 x 12 test run once made the next
	 * estimate for 256 x 256 read 146 hours.
	 */
	static final long MIN_PIXELS_TO_RECORD = 4096;

	private Estimate() {
	}

	/** Cost units of one pixel in one epoch. */
	static double units(int inputs, int width, int layers, int outputs) {
		return inputs * (double) width + (layers - 1) * (double) width * width
				+ width * (double) outputs + 20.0 * layers * width;
	}

	private static double secondsPerUnit(double fallback) {
		try {
			double v = ij.Prefs.get(PREF, fallback);
			return v > 0 ? v : fallback;
		}
		catch (RuntimeException | LinkageError e) {
			return fallback;
		}
	}

	/**
	 * Records a finished run's speed (seconds per epoch over pixels x units),
	 * for the next estimate.
	 */
	static void record(long pixels, int width, int layers, int outputs,
			double secondsPerEpoch)
	{
		if (!(secondsPerEpoch > 0) || pixels < MIN_PIXELS_TO_RECORD) return;
		try {
			double fixed = FIXED_PER_LAYER * layers;
			double variable = secondsPerEpoch - fixed;
			if (variable < 2 * fixed) return; // too little work to tell the speed of the products
			ij.Prefs.set(PREF,
					variable / (pixels * units(2, width, layers, outputs)));
		}
		catch (RuntimeException | LinkageError e) {
			// no estimate next time: the reference figure is used
		}
	}

	/** Seconds for a run of these settings on pixels (the training grid). */
	static double seconds(long pixels, int width, int layers, int outputs,
			int epochs)
	{
		return (FIXED_PER_LAYER * layers + secondsPerUnit(REFERENCE) * pixels
				* units(2, width, layers, outputs)) * epochs;
	}

	static String duration(double seconds) {
		if (seconds < 90)
			return String.format(Locale.ROOT, "%.0f s", Math.max(1, seconds));
		if (seconds < 90 * 60)
			return String.format(Locale.ROOT, "%.0f min", seconds / 60);
		return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
	}

	/** The dialog's line: image size, epochs and the time they take here. */
	static String html(String title, int w, int h, long pixels, int width,
			int layers, int outputs, int epochs)
	{
		return html(title, w, h, pixels, width, layers, outputs, epochs, 1);
	}

	/**
	 * The dialog's line for a command that trains {@code networks} networks one
	 * after the other (Compare, Select c).
	 */
	static String html(String title, int w, int h, long pixels, int width,
			int layers, int outputs, int epochs, int networks)
	{
		boolean here = !Double.isNaN(secondsPerUnit(Double.NaN));
		double s = seconds(pixels, width, layers, outputs, epochs)
				* Math.max(1, networks);
		String what = networks > 1
				? String.format(Locale.ROOT,
						"%d networks, %d epochs each (as %d x %d)", networks,
						epochs, layers, width)
				: String.format(Locale.ROOT, "%d epochs of a %d x %d network",
						epochs, layers, width);
		return String.format(Locale.ROOT,
				"<html><b>%s</b>: %d x %d, %,d pixels to train<br>%s: about <b>%s</b> %s</html>",
				escape(title), w, h, pixels, what, duration(s),
				here
						? "on this machine"
						: "<br>(speed of a 2-core reference machine until a first run here)");
	}

	private static String escape(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">",
				"&gt;");
	}
}
