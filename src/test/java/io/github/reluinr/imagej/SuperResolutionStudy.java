package io.github.reluinr.imagej;

import io.github.reluinr.backend.Nd4jStartup;
import io.github.reluinr.op.AveragePoolOperator;
import io.github.reluinr.task.Image2D;
import io.github.reluinr.task.MetricsRow;
import io.github.reluinr.task.SuperResolutionBaselines;
import io.github.reluinr.task.SuperResolutionTask;
import io.github.reluinr.task.TaskResult;
import io.github.reluinr.train.TrainingConfig;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The measurement runs of docs/superres-protocol.md (not a unit test): ground
 * truths from /work/shared/data (or --data), their exact S x S block means as
 * the input, the baselines and one network recipe per call. Appends one CSV
 * line per method and image to --out.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:target/lib/* io.github.reluinr.imagej.SuperResolutionStudy \
 *   name=A images=camera-256,astronaut-256 scale=4 start=random start_epochs=0 width=128 epochs=300 c=3 lr=3e-3 decay=0.2 seed=0 out=study.csv
 * (optional: crop=N, anchor=s, project=true, target_loss=L, tv=weight, save=DIR, baselines=false)
 * </pre>
 */
public final class SuperResolutionStudy {

	public static void main(String[] args) throws Exception {
		Map<String, String> a = new HashMap<>(Map.of("images",
				"camera-256,astronaut-256", "scale", "4", "start", "random",
				"start_epochs", "0", "width", "128", "epochs", "300", "c", "3",
				"lr", "3e-3", "decay", "0.2", "seed", "0"));
		a.put("data", "/work/shared/data");
		a.put("out", "superres-study.csv");
		a.put("name", "run");
		a.put("iterations",
				String.valueOf(SuperResolutionBaselines.DEFAULT_ITERATIONS));
		a.put("layers", "3");
		a.put("baselines", "true");
		for (String s : args) {
			int eq = s.indexOf('=');
			a.put(s.substring(0, eq), s.substring(eq + 1));
		}
		Nd4jStartup.start();
		int scale = Integer.parseInt(a.get("scale"));
		TrainingConfig cfg = TrainingConfig.superResolution()
				.width(Integer.parseInt(a.get("width")))
				.layers(Integer.parseInt(a.get("layers")))
				.epochs(Integer.parseInt(a.get("epochs")))
				.c(Double.parseDouble(a.get("c")))
				.lr(Double.parseDouble(a.get("lr")))
				.lrDecay(Double.parseDouble(a.get("decay")))
				.seed(Long.parseLong(a.get("seed")));
		if (a.containsKey("horizon"))
			cfg.decayHorizon(Integer.parseInt(a.get("horizon")));
		if (a.containsKey("target_loss"))
			cfg.targetLoss(Double.parseDouble(a.get("target_loss")));
		SuperResolutionTask.Start start = new SuperResolutionTask.Start(
				a.get("start"), Integer.parseInt(a.get("start_epochs")),
				Double.parseDouble(a.getOrDefault("start_lr", a.get("lr"))),
				Double.parseDouble(a.getOrDefault("anchor", String
						.valueOf(SuperResolutionTask.Start.DEFAULT_ANCHOR))));
		int logEvery = Integer.parseInt(a.getOrDefault("log_every", "100"));
		Path out = Path.of(a.get("out"));
		if (!Files.exists(out))
			Files.writeString(out,
					"name,image,scale,method,start,start_epochs,width,epochs,c,lr,decay,seed,psnr_db,ssim,seconds,final_loss,variation_norm\n");
		for (String name : a.get("images").split(",")) {
			Image2D gt = read(new File(a.get("data"), name + ".png"));
			if (a.containsKey("crop"))
				gt = io.github.reluinr.task.TestImages.crop(gt,
						Integer.parseInt(a.get("crop")),
						Integer.parseInt(a.get("crop")));
			String label = a.containsKey("crop")
					? name + "-crop" + a.get("crop")
					: name;
			Image2D low = lowRes(gt, scale);
			// tv: the task's total-variation prior on the output (docs/superres-protocol.md, amendment 6)
			TrainingConfig runConfig = SuperResolutionTask.withTotalVariation(
					cfg, low, scale,
					Double.parseDouble(a.getOrDefault("tv", "0")));
			TaskResult r = SuperResolutionTask.run(low, scale, gt, runConfig,
					start, Integer.parseInt(a.get("iterations")),
					(e, n, loss, psnr, sec) -> {
						if (e % logEvery == 0 || e == n)
							System.err.printf(Locale.ROOT,
									"  %s %s epoch %d/%d loss %.3e psnr %.2f %.0fs%n",
									a.get("name"), name, e, n, loss, psnr, sec);
					}, null);
			List<MetricsRow> rows = new java.util.ArrayList<>(r.metrics());
			if (Boolean.parseBoolean(a.getOrDefault("project", "false"))) {
				// the network's output made consistent: f + rep(y - A f), the exact projection onto {A f = y}
				Image2D f = r.images().get(0).image();
				AveragePoolOperator pool = new AveragePoolOperator(low.height(),
						low.width(), scale);
				INDArray means = Nd4j.create(DataType.FLOAT, pool.outputSize(),
						low.channels());
				pool.apply(f.pixels(), means);
				INDArray spread = Nd4j.create(DataType.FLOAT, pool.inputSize(),
						low.channels());
				pool.adjoint(low.pixels().castTo(DataType.FLOAT).sub(means),
						spread);
				Image2D projected = new Image2D(
						f.pixels().castTo(DataType.FLOAT)
								.add(spread.muli((float) scale * scale)),
						f.height(), f.width());
				rows.add(1, io.github.reluinr.task.Reports.baselineRow(
						"superres", "bw-relu-projected", 0, gt, projected));
			}
			if (Boolean.parseBoolean(a.get("baselines"))) {
				long t0 = System.nanoTime();
				Image2D ij = ImageJBicubic.bicubic(low, scale);
				rows.add(io.github.reluinr.task.Reports.baselineRow("superres",
						"bicubic-imagej", (System.nanoTime() - t0) / 1e9, gt,
						ij));
			}
			else {
				rows = rows.subList(0,
						Boolean.parseBoolean(a.getOrDefault("project", "false"))
								? 2
								: 1);
			}
			StringBuilder sb = new StringBuilder();
			for (MetricsRow m : rows) {
				boolean net = m.epochs() != null;
				sb.append(String.format(Locale.ROOT,
						"%s,%s,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%.3f,%.4f,%.1f,%s,%s%n",
						a.get("name"), label, scale, m.method(),
						net ? start.from() : "", net ? start.epochs() : "",
						net ? cfg.width() : "", net ? m.epochs() : "",
						net ? cfg.c() : "", net ? cfg.lr() : "",
						net ? cfg.lrDecay() : "", net ? cfg.seed() : "",
						m.psnrDb(), m.ssim(), m.seconds(),
						m.finalLoss() == null
								? ""
								: String.format(Locale.ROOT, "%.3e",
										m.finalLoss()),
						m.variationNorm() == null
								? ""
								: String.format(Locale.ROOT, "%.0f",
										m.variationNorm())));
			}
			System.out.print(sb);
			Files.writeString(out, sb, StandardOpenOption.APPEND);
			if (a.containsKey("save")) {
				for (TaskResult.NamedImage ni : r.images())
					save(ni.image(), new File(a.get("save"), label + "-x"
							+ scale + "-" + a.get("name") + "-"
							+ (ni.role() == io.github.reluinr.task.OutputRole.BASELINE
									? ni.name() // each baseline by its method
									: ni.role())
							+ ".tif"));
			}
		}
	}

	static Image2D read(File f) throws IOException {
		BufferedImage img = ImageIO.read(f);
		int w = img.getWidth(), h = img.getHeight();
		boolean gray = img.getRaster().getNumBands() == 1;
		int c = gray ? 1 : 3;
		float[] v = new float[w * h * c];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				for (int ch = 0; ch < c; ch++)
					v[(y * w + x) * c + ch] = img.getRaster().getSample(x, y,
							ch);
		return new Image2D(Nd4j.create(v, new long[]{(long) w * h, c}, 'c'), h,
				w);
	}

	static Image2D lowRes(Image2D gt, int scale) {
		AveragePoolOperator pool = new AveragePoolOperator(gt.height() / scale,
				gt.width() / scale, scale);
		INDArray low = Nd4j.create(DataType.FLOAT, pool.outputSize(),
				gt.channels());
		pool.apply(gt.pixels(), low);
		return new Image2D(low, gt.height() / scale, gt.width() / scale);
	}

	static void save(Image2D image, File f) {
		ij.IJ.saveAsTiff(ImagePlusAdapter.toImagePlus(f.getName(),
				List.of(image), null, null), f.getPath());
	}
}
