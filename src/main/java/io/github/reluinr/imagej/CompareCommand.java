package io.github.reluinr.imagej;

import ij.ImagePlus;
import ij.gui.Plot;
import io.github.reluinr.task.Comparison;
import io.github.reluinr.task.Image2D;
import io.github.reluinr.task.MetricsRow;
import io.github.reluinr.task.OutputRole;
import io.github.reluinr.task.TaskDescription;
import io.github.reluinr.task.TaskResult;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * The paper's comparison on the user's own image: BW-ReLU, ReLU, ReLU +
 * positional encoding, SIREN, WIRE and Gauss on one task, each with its own
 * settings from Appendix D (lr, c, omega0, sigma0) and shared epochs, width,
 * layers and seed. Shows one montage (method and PSNR under each panel, the
 * classical baseline last) and a plot of PSNR against epoch; one metrics row
 * per method.
 */
@Plugin(type = Command.class, menuPath = InrCommand.MENU
		+ "Compare INRs", headless = true, label = "Compare INRs", description = "Run BW-ReLU, ReLU, ReLU+PE, SIREN, WIRE and Gauss on the same image and task")
public class CompareCommand extends TaskChoiceCommand {

	@Parameter(persist = false, label = "Methods (comma-separated)", description = "Any of bw-relu, relu, relu-pe, siren, wire, gauss", callback = "networksChanged")
	protected String methods = String.join(",",
			io.github.reluinr.nn.Activations.NAMES);

	private final List<List<Comparison.MethodRun>> runs = new ArrayList<>();
	private final List<Image2D> references = new ArrayList<>();

	/** Dialog callback: the estimate counts one network per method. */
	protected void networksChanged() {
		updateEstimate();
	}

	@Override
	protected int networksPerPlane() {
		try {
			return Comparison.parseMethods(methods).size();
		}
		catch (RuntimeException e) {
			return 1; // the check names the bad method when OK is pressed
		}
	}

	@Override
	protected List<String> leadingInputs() {
		List<String> l = new ArrayList<>(super.leadingInputs());
		l.add("methods");
		return l;
	}

	@Override
	protected String defaultTask() {
		return TaskDescription.FIT;
	}

	/** Each plane's runs, in method order. */
	public List<List<Comparison.MethodRun>> runs() {
		return runs;
	}

	@Override
	protected void checkCommandParameters() {
		try {
			Comparison.parseMethods(methods);
		}
		catch (IllegalArgumentException e) {
			throw new InvalidInputException("methods: " + e.getMessage());
		}
	}

	@Override
	protected TaskResult runTask(TaskDescription task, Image2D plane,
			Image2D groundTruth, TrainingConfig config,
			TrainingListener listener, BooleanSupplier cancelled)
	{
		List<String> list = Comparison.parseMethods(methods);
		log.info("comparing " + list + " on " + task.name() + ", "
				+ config.epochs() + " epochs each, " + config.layers() + "x"
				+ config.width()
				+ (task.baselines().isEmpty()
						? ""
						: ", beside " + String.join(", ", task.baselines())));
		List<Comparison.MethodRun> r = Comparison.run(list, config,
				task.methods(), task.bind(plane, groundTruth), listener,
				cancelled);
		if (r.isEmpty())
			throw new InvalidInputException(
					"cancelled before the first method finished");
		runs.add(r);
		references.add(plane);
		for (Comparison.MethodRun m : r) {
			Double p = m.row().psnrDb();
			log.info(String.format(Locale.ROOT, "%s: %s, loss %.4g", m.method(),
					p == null
							? "no ground truth"
							: String.format(Locale.ROOT, "PSNR %.2f dB", p),
					m.row().finalLoss()));
		}
		List<TaskResult.NamedImage> images = new ArrayList<>();
		for (Comparison.MethodRun m : r)
			images.add(new TaskResult.NamedImage(OutputRole.INR, m.method(),
					m.result().main()));
		TaskResult first = r.get(0).result();
		for (TaskResult.NamedImage ni : first.images().subList(1,
				first.images().size()))
			images.add(ni);
		return new TaskResult(images, Comparison.rows(r));
	}

	/**
	 * One montage of the first plane (input, each method, baseline) and the
	 * PSNR curves.
	 */
	@Override
	protected List<ImagePlus> resultImages(TaskDescription task,
			ImagePlus input, Map<String, List<Image2D>> byName,
			Map<String, OutputRole> roles, List<MetricsRow> rows)
	{
		String stem = strip(input.getTitle());
		List<Comparison.MethodRun> r = runs.get(0);
		Image2D in = references.get(0);
		boolean rgb = input.getType() == ImagePlus.COLOR_RGB;
		Montage montage = new Montage();
		double[] range = rgb
				? new double[]{0, 255}
				: ImagePlusAdapter.range(in);
		int panel = Math.max(128,
				Math.min(256, r.get(0).result().main().width()));
		montage.add(in, range, task.inputCaption());
		for (Comparison.MethodRun m : r)
			montage.add(m.result().main(), range,
					caption(m.method(), m.row().psnrDb()));
		TaskResult first = r.get(0).result();
		for (int i = 1; i < first.images().size(); i++) {
			TaskResult.NamedImage ni = first.images().get(i);
			if (ni.role() == OutputRole.SINOGRAM) continue;
			montage.add(ni.image(), range,
					caption(ni.name(),
							first.metrics().size() > i
									? first.metrics().get(i).psnrDb()
									: null));
		}
		List<ImagePlus> out = new ArrayList<>();
		out.add(montage.build(stem + " - INR comparison", panel));
		out.add(psnrPlot(stem, r).getImagePlus());
		return out;
	}

	private static String caption(String name, Double psnr) {
		return psnr == null
				? name
				: String.format(Locale.ROOT, "%s %.1f dB", name, psnr);
	}

	static Plot psnrPlot(String stem, List<Comparison.MethodRun> runs) {
		Plot plot = new Plot(stem + " - PSNR per epoch", "epoch",
				"PSNR (dB, normalised units)");
		Color[] colors = {Color.RED, Color.BLACK, Color.BLUE,
				new Color(0, 140, 0), Color.MAGENTA, Color.ORANGE};
		int i = 0;
		for (Comparison.MethodRun m : runs) {
			double[] y = m.psnrByEpoch();
			double[] x = new double[y.length];
			for (int e = 0; e < x.length; e++)
				x[e] = e + 1;
			plot.setColor(colors[i++ % colors.length]);
			plot.addPoints(x, y, Plot.LINE);
			plot.setLabel(-1, m.method());
		}
		plot.addLegend(null);
		plot.setLimitsToFit(false);
		return plot;
	}

	/**
	 * The PSNR plot is written beside the montage as OUT-psnr.png (checked and
	 * written with the other files).
	 */
	@Override
	protected void planFiles(OutputPlan plan) {
		super.planFiles(plan);
		if (!OutputPlan.present(output_file)) return;
		String path = output_file.getPath();
		int dot = path.lastIndexOf('.');
		String stem = dot > path.lastIndexOf(File.separatorChar)
				? path.substring(0, dot)
				: path;
		plan.write("output_file", "the PSNR plot of output_file",
				new File(stem + "-psnr.png"), (target, tmp) -> {
					List<ImagePlus> shown = outputImages();
					if (shown.size() < 2)
						throw new IOException("there is no PSNR plot to write");
					OutputPlan.writeBytes(tmp, OutputFiles.png(shown.get(1)));
				});
	}
}
