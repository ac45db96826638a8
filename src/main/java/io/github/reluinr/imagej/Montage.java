package io.github.reluinr.imagej;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import io.github.reluinr.task.Image2D;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;

/**
 * Side-by-side panels with a caption under each, as an RGB image: what a user
 * looks at first.
 */
public final class Montage {

	private final List<ImageProcessor> panels = new ArrayList<>();
	private final List<String> captions = new ArrayList<>();

	/**
	 * Adds an image scaled by a display range (null: its own min-max), enlarged
	 * to panelSize if smaller.
	 */
	public Montage add(Image2D image, double[] range, String caption) {
		panels.add(ImagePlusAdapter
				.preview(image,
						range == null ? ImagePlusAdapter.range(image) : range)
				.convertToRGB());
		captions.add(caption);
		return this;
	}

	/**
	 * |a - b| summed over channels, shown with a fixed range so that panels
	 * compare.
	 */
	public static Image2D errorMap(Image2D a, Image2D b) {
		org.nd4j.linalg.api.ndarray.INDArray d = org.nd4j.linalg.ops.transforms.Transforms
				.abs(a.pixels().sub(b.pixels()), false);
		return new Image2D(d.sum(true, 1), a.height(), a.width());
	}

	public ImagePlus build(String title, int panelSize) {
		int caption = Math.max(18, panelSize / 12);
		int gap = 4;
		int w = panels.size() * (panelSize + gap) - gap;
		ColorProcessor out = new ColorProcessor(w, panelSize + caption);
		out.setColor(Color.WHITE);
		out.fill();
		out.setFont(new Font(Font.SANS_SERIF, Font.PLAIN,
				Math.max(11, caption - 6)));
		out.setAntialiasedText(true);
		for (int i = 0; i < panels.size(); i++) {
			ImageProcessor p = panels.get(i);
			p.setInterpolationMethod(ImageProcessor.NONE);
			ImageProcessor scaled = p.resize(panelSize,
					panelSize * p.getHeight() / p.getWidth());
			int x = i * (panelSize + gap);
			out.insert(scaled, x, 0);
			out.setColor(Color.BLACK);
			String text = captions.get(i);
			int tw = out.getStringWidth(text);
			out.drawString(text, x + Math.max(0, (panelSize - tw) / 2),
					panelSize + caption - 4);
		}
		return new ImagePlus(title, out);
	}
}
