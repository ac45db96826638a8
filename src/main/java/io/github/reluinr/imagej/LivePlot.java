package io.github.reluinr.imagej;

import ij.gui.Plot;
import ij.gui.PlotWindow;
import java.awt.Color;

/**
 * A live training curve in the GUI: PSNR (or loss in dB) against epoch, redrawn
 * a few times a second.
 */
final class LivePlot {

	private final String title;
	private final java.util.List<double[]> points = new java.util.ArrayList<>();
	private PlotWindow window;

	LivePlot(String title) {
		this.title = "INR training - " + title;
	}

	void add(int epoch, double loss, double psnr) {
		points.add(new double[]{epoch,
				Double.isNaN(psnr) ? -10 * Math.log10(loss) : psnr});
	}

	void update() {
		double[] x = new double[points.size()], y = new double[points.size()];
		for (int i = 0; i < x.length; i++) {
			x[i] = points.get(i)[0];
			y[i] = points.get(i)[1];
		}
		Plot plot = new Plot(title, "epoch", "PSNR (dB)");
		plot.setColor(Color.BLUE);
		plot.add("line", x, y);
		plot.setLimitsToFit(false);
		if (window == null || window.isClosed()) window = plot.show();
		else window.drawPlot(plot);
	}
}
