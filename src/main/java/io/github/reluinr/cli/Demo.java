package io.github.reluinr.cli;

import ij.ImagePlus;
import io.github.reluinr.imagej.CtCommand;
import io.github.reluinr.imagej.FitCommand;
import io.github.reluinr.imagej.ImagePlusAdapter;
import io.github.reluinr.imagej.InrCommand;
import io.github.reluinr.imagej.Montage;
import io.github.reluinr.imagej.SuperResolutionCommand;
import io.github.reluinr.phantom.SheppLogan;
import io.github.reluinr.task.Image2D;
import io.github.reluinr.task.MetricsCsv;
import io.github.reluinr.task.MetricsRow;
import io.github.reluinr.task.TaskResult;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * All three tasks on images embedded in the jar, sized to finish in a few
 * minutes on two cores: camera 256x256 fit, astronaut 32 -> 128
 * super-resolution, a 64x64 Shepp-Logan phantom from 30 views.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run fit, super-resolution and CT on embedded images; write demo-output/.")
final class Demo implements Callable<Integer> {

	@Option(names = "--output-dir", description = "Where to write results (default demo-output)")
	File dir = new File("demo-output");
	@Option(names = "--quick", description = "Few epochs: checks the pipeline in seconds, not the quality")
	boolean quick;
	@Option(names = "--quiet", description = "No progress output")
	boolean quiet;

	/** Opens an image embedded in the jar as an ImagePlus. */
	static ImagePlus embedded(String name) throws IOException {
		try (InputStream in = Demo.class
				.getResourceAsStream("/io/github/reluinr/images/" + name))
		{
			if (in == null)
				throw new IOException("missing embedded image " + name);
			return new ImagePlus(name, ImageIO.read(in));
		}
	}

	static ImagePlus phantom(int size) {
		Image2D p = new Image2D(SheppLogan.image(size, size, 4), size, size);
		return ImagePlusAdapter.toImagePlus("shepp-logan-" + size, List.of(p),
				null, null);
	}

	@Override
	public Integer call() throws Exception {
		if (!dir.isDirectory() && !dir.mkdirs()) {
			System.err.println("relu-inr: cannot create " + dir);
			return ReluInrCli.BAD_INPUT;
		}
		List<MetricsRow> rows = new ArrayList<>();
		try (Headless h = new Headless(quiet)) {
			// Fit: the paper's 3x300 network and schedule (decay over 1000 epochs), stopped at 80 epochs (~30 dB).
			ImagePlus camera = embedded("camera-256.png");
			Map<String, Object> fit = inputs(camera, "fit-camera");
			fit.put("epochs", quick ? 3 : 80);
			fit.put("decay_horizon", 1000);
			FitCommand f = run(h, FitCommand.class, fit, rows);
			Image2D camIn = ImagePlusAdapter.toImage2D(camera, 1, null);
			Image2D camOut = f.results().get(0).main();
			montage(io.github.reluinr.task.TaskDescription.FIT,
					List.of(camIn, camOut, Montage.errorMap(camOut, camIn)),
					List.of("input", "INR " + psnr(f, 0), "|INR - input|"),
					new double[]{0, 255}, 256);

			// Super-resolution x4 with the command's default recipe (back-projection start, then the data term).
			ImagePlus low = embedded("astronaut-lr32.png");
			ImagePlus high = embedded("astronaut-hr128.png");
			Map<String, Object> sr = inputs(low, "superres-astronaut");
			sr.put("scale", 4);
			sr.put("ground_truth", high);
			if (quick) {
				sr.put("epochs", 3);
				sr.put("pretraining", 3);
			}
			SuperResolutionCommand s = run(h, SuperResolutionCommand.class, sr,
					rows);
			TaskResult st = s.results().get(0);
			Image2D gt = ImagePlusAdapter.toImage2D(high, 1, null);
			montage(io.github.reluinr.task.TaskDescription.SUPERRES,
					List.of(ImagePlusAdapter.toImage2D(low, 1, null), st.main(),
							st.image("back-projection"),
							st.image("bicubic-skimage"), gt,
							Montage.errorMap(st.main(), gt)),
					List.of("input 32x32", "INR x4 " + psnr(s, 0),
							"back-projection " + psnr(s, "back-projection"),
							"bicubic " + psnr(s, "bicubic-skimage"),
							"ground truth", "|INR - truth|"),
					new double[]{0, 255}, 192);

			// Sparse-view CT: analytic Shepp-Logan phantom from 30 views over 180 degrees, 3x64. At this size
			// c 1.5 and lr 1e-2 fit best (the paper's c 3 is for its sizes; select-c chooses c by the norm).
			ImagePlus ph = phantom(64);
			Map<String, Object> ct = inputs(ph, "ct-phantom");
			ct.put("angles", 30);
			ct.put("geometry", "reference"); // the README figure's setting
			ct.put("width", 64);
			ct.put("c", 1.5);
			ct.put("lr", 1e-2);
			ct.put("epochs", quick ? 3 : 1500);
			ct.put("decay_horizon", 750);
			ct.put("fbp_file", new File(dir, "ct-phantom-fbp.tif"));
			ct.put("sinogram_file", new File(dir, "ct-phantom-sinogram.tif"));
			CtCommand c = run(h, CtCommand.class, ct, rows);
			TaskResult cr = c.results().get(0);
			Image2D phIn = ImagePlusAdapter.toImage2D(ph, 1, null);
			montage(io.github.reluinr.task.TaskDescription.CT,
					List.of(phIn, cr.main(), cr.image("FBP"),
							Montage.errorMap(cr.main(), phIn)),
					List.of("phantom", "INR " + psnr(c, 0), "FBP " + psnr(c, 1),
							"|INR - phantom|"),
					new double[]{0, 1}, 192);
		}
		MetricsCsv.write(new File(dir, "metrics.csv").toPath(), rows);
		System.out.print(Table.format(rows));
		System.out.println("wrote " + dir
				+ "/: fit.png, superres.png, ct.png montages, TIFF results, metrics.csv");
		return 0;
	}

	private Map<String, Object> inputs(ImagePlus image, String stem) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("image", image);
		m.put("output_file", new File(dir, stem + ".tif"));
		return m;
	}

	private <C extends InrCommand> C run(Headless h, Class<C> type,
			Map<String, Object> inputs, List<MetricsRow> rows) throws Exception
	{
		C cmd = h.runOrThrow(type, inputs);
		for (TaskResult r : cmd.results())
			rows.addAll(r.metrics());
		return cmd;
	}

	private static String psnr(InrCommand cmd, String method) {
		List<MetricsRow> rows = cmd.results().get(0).metrics();
		for (int i = 0; i < rows.size(); i++)
			if (rows.get(i).method().equals(method)) return psnr(cmd, i);
		return "";
	}

	private static String psnr(InrCommand cmd, int row) {
		Double p = cmd.results().get(0).metrics().get(row).psnrDb();
		return p == null ? "" : String.format(Locale.ROOT, "%.1f dB", p);
	}

	private void montage(String name, List<Image2D> panels,
			List<String> captions, double[] range, int size)
	{
		Montage m = new Montage();
		for (int i = 0; i < panels.size(); i++) {
			boolean error = captions.get(i).startsWith("|");
			// the error map sums |differences| over channels: scale its range with the channel count
			m.add(panels.get(i),
					error
							? new double[]{0,
									(range[1] - range[0]) * 0.25
											* panels.get(0).channels()}
							: range,
					captions.get(i));
		}
		new ij.io.FileSaver(m.build(name, size))
				.saveAsPng(new File(dir, name + ".png").getPath());
	}
}
