package io.github.reluinr.cli;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import io.github.reluinr.imagej.IsotropicSuperResolutionCommand;
import io.github.reluinr.phantom.CellVolume;
import io.github.reluinr.task.MetricsCsv;
import io.github.reluinr.task.MetricsRow;
import io.github.reluinr.task.Volume;
import io.github.reluinr.task.VolumeResult;
import java.awt.Color;
import java.awt.Font;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code relu-inr demo-volume} (issue 21): isotropic super-resolution x5 of a
 * crop of the shipped sample stack (a synthetic cell, 0.1 um pixels, 0.5 um
 * steps), scored against the isotropic volume it is the z-average of, and an
 * XZ-view montage: input (each plane repeated), INR, ImageJ's interpolation,
 * truth. Kept apart from {@code demo}: a volume run takes minutes on two cores
 * (time budget --max-minutes).
 */
@Command(name = "demo-volume", mixinStandardHelpOptions = true, description = "Isotropic super-resolution of the shipped sample stack (a synthetic cell) against ImageJ's z-interpolation; writes demo-output/volume-xz.png.")
final class VolumeDemo implements Callable<Integer> {

	@Option(names = "--output-dir", description = "Where to write results (default demo-output)")
	File dir = new File("demo-output");
	@Option(names = "--crop", description = "x,y,w,h of the 128 x 128 planes to run on (default 16,48,96,32; 'all' for the whole stack)")
	String crop = "16,48,96,32";
	@Option(names = "--epochs", description = "Epochs (default 300)")
	int epochs = 300;
	@Option(names = "--width", description = "Network width (default 64)")
	int width = 64;
	@Option(names = "--c", description = "BW-ReLU scale (default 3)")
	double c = 3;
	@Option(names = "--lr", description = "Learning rate (default 5e-3)")
	double lr = 5e-3;
	@Option(names = "--max-minutes", description = "Time budget (default 15: the README figure, 183 of 300 epochs on a loaded 2-core machine)")
	double maxMinutes = 15;
	@Option(names = "--quick", description = "A few epochs: checks the pipeline, not the quality")
	boolean quick;
	@Option(names = "--quiet", description = "No progress output")
	boolean quiet;

	static ImagePlus sampleStack() throws IOException {
		try (InputStream in = VolumeDemo.class.getResourceAsStream(
				"/io/github/reluinr/images/cell-stack.tif"))
		{
			if (in == null)
				throw new IOException("missing embedded stack cell-stack.tif");
			ImagePlus imp = new ij.io.Opener().openTiff(in, "cell-stack.tif");
			if (imp == null)
				throw new IOException(
						"cannot read the embedded cell-stack.tif");
			return imp;
		}
	}

	@Override
	public Integer call() throws Exception {
		if (!dir.isDirectory() && !dir.mkdirs()) {
			System.err.println("relu-inr: cannot create " + dir);
			return ReluInrCli.BAD_INPUT;
		}
		int n = CellVolume.SIDE;
		int[] r = crop.equals("all") ? new int[]{0, 0, n, n} : parse(crop);
		if (r == null || r[0] < 0 || r[1] < 0 || r[2] < 2 || r[3] < 2
				|| r[0] + r[2] > n || r[1] + r[3] > n)
		{
			System.err.println("relu-inr: --crop " + crop
					+ " is not allowed: use x,y,w,h inside 128 x 128 (w, h >= 2), or all");
			return ReluInrCli.BAD_INPUT;
		}
		ImagePlus stack = sampleStack();
		stack.setRoi(r[0], r[1], r[2], r[3]);
		ImagePlus input = stack.crop("stack");
		input.setCalibration(stack.getCalibration().copy());
		input.setTitle("cell-stack");
		int s = CellVolume.SCALE_Z, d = CellVolume.PLANES * s;
		float[] truth = CellVolume.isotropic();
		ImageStack ts = new ImageStack(r[2], r[3]);
		for (int z = 0; z < d; z++) {
			FloatProcessor fp = new FloatProcessor(n, n, java.util.Arrays
					.copyOfRange(truth, z * n * n, (z + 1) * n * n));
			fp.setRoi(r[0], r[1], r[2], r[3]);
			ts.addSlice(fp.crop());
		}
		ImagePlus truthImp = new ImagePlus("cell-truth", ts);
		truthImp.getCalibration().pixelWidth = CellVolume.PIXEL_UM;
		truthImp.getCalibration().pixelHeight = CellVolume.PIXEL_UM;
		truthImp.getCalibration().pixelDepth = CellVolume.PIXEL_UM;
		truthImp.getCalibration().setUnit("micron");
		File truthFile = new File(dir, "cell-truth.tif");
		new FileSaver(truthImp).saveAsTiffStack(truthFile.getPath());

		Map<String, Object> m = new LinkedHashMap<>();
		m.put("image", input);
		m.put("ground_truth_file", truthFile);
		m.put("output_file", new File(dir, "cell-iso.tif"));
		m.put("interpolation_file", new File(dir, "cell-interpolation.tif"));
		m.put("model_file", new File(dir, "cell-iso.inr.npz"));
		m.put("scale_z", s);
		m.put("epochs", quick ? 3 : epochs);
		m.put("width", width);
		m.put("c", c);
		m.put("lr", lr);
		m.put("max_minutes", maxMinutes);
		List<MetricsRow> rows = new ArrayList<>();
		IsotropicSuperResolutionCommand cmd;
		try (Headless h = new Headless(quiet)) {
			cmd = h.runCommand(IsotropicSuperResolutionCommand.class, m, x -> {
			});
		}
		if (cmd.error() != null) {
			System.err.println("relu-inr: " + cmd.error());
			return ReluInrCli.BAD_INPUT;
		}
		VolumeResult res = cmd.results().get(0);
		rows.addAll(res.metrics());
		Volume inr = res.main(), interp = res
				.volume(io.github.reluinr.task.VolumeTask.INTERPOLATION);
		int y = r[3] / 2;
		float[] in = xz(input, y, s), a = xz(inr, y), b = xz(interp, y),
				t = xz(truthImp, y, 1);
		double lo = 0, hi = max(t);
		List<ImageProcessor> panels = List.of(fp(in, r[2], d), fp(a, r[2], d),
				fp(b, r[2], d), fp(t, r[2], d));
		List<String> captions = List.of("input (0.5 um steps)",
				String.format(Locale.ROOT, "INR %.1f dB", rows.get(0).psnrDb()),
				String.format(Locale.ROOT, "z-interpolation %.1f dB",
						rows.get(1).psnrDb()),
				"truth (0.1 um)");
		new FileSaver(montage(panels, captions, lo, hi, 2))
				.saveAsPng(new File(dir, "volume-xz.png").getPath());
		MetricsCsv.write(new File(dir, "volume-metrics.csv").toPath(), rows);
		System.out.print(Table.format(rows));
		System.out.println("wrote " + dir + "/: volume-xz.png (XZ view at y = "
				+ (r[1] + y)
				+ "), cell-iso.tif, cell-interpolation.tif, cell-truth.tif, cell-iso.inr.npz, volume-metrics.csv");
		return 0;
	}

	private static int[] parse(String text) {
		String[] p = text.split(",");
		if (p.length != 4) return null;
		try {
			int[] v = new int[4];
			for (int i = 0; i < 4; i++)
				v[i] = Integer.parseInt(p[i].trim());
			return v;
		}
		catch (NumberFormatException e) {
			return null;
		}
	}

	/**
	 * The XZ plane at row y of a stack, each plane repeated `repeat` times
	 * (rows z, columns x).
	 */
	static float[] xz(ImagePlus imp, int y, int repeat) {
		int w = imp.getWidth(), d = imp.getNSlices();
		float[] out = new float[w * d * repeat];
		for (int z = 0; z < d; z++) {
			float[] p = (float[]) imp.getStack().getProcessor(z + 1)
					.convertToFloat().getPixels();
			for (int k = 0; k < repeat; k++)
				System.arraycopy(p, y * w, out, (z * repeat + k) * w, w);
		}
		return out;
	}

	static float[] xz(Volume v, int y) {
		float[] all = v.pixels()
				.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c')
				.data().asFloat();
		int w = v.width(), h = v.height();
		float[] out = new float[w * v.depth()];
		for (int z = 0; z < v.depth(); z++)
			System.arraycopy(all, (z * h + y) * w, out, z * w, w);
		return out;
	}

	private static float max(float[] v) {
		float m = Float.NEGATIVE_INFINITY;
		for (float f : v)
			m = Math.max(m, f);
		return m;
	}

	private static FloatProcessor fp(float[] v, int w, int h) {
		return new FloatProcessor(w, h, v);
	}

	/**
	 * Panels side by side at `zoom` x (nearest neighbour), one display range,
	 * captions below.
	 */
	static ImagePlus montage(List<ImageProcessor> panels, List<String> captions,
			double lo, double hi, int zoom)
	{
		int pw = panels.get(0).getWidth() * zoom,
				ph = panels.get(0).getHeight() * zoom, gap = 6, cap = 22;
		ColorProcessor out = new ColorProcessor(
				panels.size() * (pw + gap) - gap, ph + cap);
		out.setColor(Color.WHITE);
		out.fill();
		out.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		out.setAntialiasedText(true);
		for (int i = 0; i < panels.size(); i++) {
			ImageProcessor p = panels.get(i);
			p.setMinAndMax(lo, hi);
			ImageProcessor b = p.convertToByte(true);
			b.setInterpolationMethod(ImageProcessor.NONE);
			out.insert(b.resize(pw, ph), i * (pw + gap), 0);
			out.setColor(Color.BLACK);
			int tw = out.getStringWidth(captions.get(i));
			out.drawString(captions.get(i),
					i * (pw + gap) + Math.max(0, (pw - tw) / 2), ph + cap - 5);
		}
		return new ImagePlus("volume-xz", out);
	}
}
