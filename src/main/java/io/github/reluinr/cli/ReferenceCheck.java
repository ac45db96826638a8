package io.github.reluinr.cli;

import io.github.reluinr.image.CoordinateGrid;
import io.github.reluinr.image.Normalisation;
import io.github.reluinr.imagej.CtCommand;
import io.github.reluinr.imagej.ImagePlusAdapter;
import io.github.reluinr.imagej.InrCommand;
import io.github.reluinr.backend.Nd4jStartup;
import io.github.reluinr.imagej.SuperResolutionCommand;
import io.github.reluinr.metric.Psnr;
import io.github.reluinr.nn.Mlp;
import io.github.reluinr.op.RadonOperator;
import io.github.reluinr.task.Image2D;
import io.github.reluinr.task.InrSolver;
import io.github.reluinr.task.MetricsRow;
import io.github.reluinr.train.Trainer;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingResult;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The quality benchmark: the shared-input settings for which REFERENCE.md gives
 * the reference code's PSNR (x4 super-resolution of astronaut 32 -> 128; CT of
 * camera-128 from 100 views), run through the same commands as the menus, over
 * several seeds. One seed is not enough to compare: from the same initial
 * weights, two correct implementations drift apart by a few tenths of a dB over
 * 1000 epochs through float rounding alone, and different seeds spread by more
 * than a dB (README: "Quality against the reference code").
 *
 * <p>
 * {@code --init-weights} trains the CT network from given initial weights
 * instead of a seed (flat little-endian float32, PyTorch's layout: per layer W
 * as [out, in] row-major, then b), so that another implementation's trajectory
 * can be followed from the same start ({@code tools/reference-replica} writes
 * such files: PyTorch's own seed-0 weights, and those of an independent numpy
 * implementation).
 */
@Command(name = "reference-check", mixinStandardHelpOptions = true, description = "PSNR over several seeds on the two settings the paper's reference code was measured on (README: Quality).")
final class ReferenceCheck implements Callable<Integer> {

	/** The reference code's PSNR at PyTorch seed 0 (REFERENCE.md). */
	static final double REFERENCE_SUPERRES = 21.56, REFERENCE_CT = 24.57;

	@Option(names = "--task", description = "superres, ct or both (default both)")
	String task = "both";
	@Option(names = "--seeds", split = ",", description = "Seeds (default 0,1,2,3,4)")
	List<Integer> seeds = List.of(0, 1, 2, 3, 4);
	@Option(names = "--epochs", description = "Epochs (default 1000, as the reference's runs)")
	int epochs = 1000;
	@Option(names = "--init-weights", description = "CT only: start from these initial weights instead of a seed (little-endian float32 in PyTorch's layout, as tools/reference-replica writes them)")
	File initWeights;
	@Option(names = "--quiet", description = "No progress output")
	boolean quiet;

	@Override
	public Integer call() throws Exception {
		if (!List
				.of(io.github.reluinr.task.TaskDescription.SUPERRES,
						io.github.reluinr.task.TaskDescription.CT, "both")
				.contains(task))
		{
			System.err.println(
					"relu-inr reference-check: --task must be superres, ct or both");
			return ReluInrCli.BAD_INPUT;
		}
		if (epochs < 1 || seeds.isEmpty()) {
			System.err.println(
					"relu-inr reference-check: --epochs >= 1 and at least one seed");
			return ReluInrCli.BAD_INPUT;
		}
		if (initWeights != null) {
			if (!initWeights.isFile()) {
				System.err.println(
						"relu-inr reference-check: --init-weights: no such file "
								+ initWeights);
				return ReluInrCli.BAD_INPUT;
			}
			return ctFromWeights();
		}
		StringBuilder summary = new StringBuilder();
		try (Headless h = new Headless(quiet)) {
			if (!io.github.reluinr.task.TaskDescription.CT.equals(task))
				summary.append(superres(h));
			if (!io.github.reluinr.task.TaskDescription.SUPERRES.equals(task))
				summary.append(ct(h));
		}
		System.out.println(summary.toString().trim());
		return 0;
	}

	/**
	 * x4 super-resolution, astronaut 32 -> 128: 3x128, c 3, lr 3e-3, decay 0.2
	 * over the run.
	 */
	private String superres(Headless h) throws Exception {
		System.out.printf(Locale.ROOT,
				"superres x4, astronaut 32 -> 128, 3x128, %d epochs (reference %.2f dB at its seed 0)%n",
				epochs, REFERENCE_SUPERRES);
		Map<String, Object> in = new LinkedHashMap<>();
		in.put("image", Demo.embedded("astronaut-lr32.png"));
		in.put("scale", 4);
		in.put("ground_truth", Demo.embedded("astronaut-hr128.png"));
		in.put("width", 128);
		in.put("epochs", epochs);
		// the paper's procedure, pinned: the command's defaults are the faster warm-started recipe
		in.put("start_from", "random");
		in.put("c", 3.0);
		in.put("lr", 3e-3);
		in.put("lr_decay", 0.2);
		return summary(io.github.reluinr.task.TaskDescription.SUPERRES,
				overSeeds(h, SuperResolutionCommand.class, in,
						"bicubic (scikit-image)"),
				REFERENCE_SUPERRES);
	}

	/**
	 * CT of camera-128 from 100 views: 3x128, c 3, lr 2e-3, decay 0.1 reached
	 * at epoch 500 and held.
	 */
	private String ct(Headless h) throws Exception {
		System.out.printf(Locale.ROOT,
				"ct, camera-128, 100 views, 3x128, %d epochs (reference %.2f dB at its seed 0)%n",
				epochs, REFERENCE_CT);
		Map<String, Object> in = new LinkedHashMap<>();
		in.put("image", Demo.embedded("camera-128.png"));
		in.put("angles", 100);
		in.put("geometry", "reference"); // the paper's code: rotation inside the frame, linspace with both ends
		in.put("width", 128);
		in.put("epochs", epochs);
		in.put("decay_horizon", Math.max(1, epochs / 2));
		return summary(io.github.reluinr.task.TaskDescription.CT,
				overSeeds(h, CtCommand.class, in, "FBP"), REFERENCE_CT);
	}

	/**
	 * Runs the command once per seed; prints and returns the network's PSNR
	 * (row 0) beside the baseline's (row 1).
	 */
	private double[] overSeeds(Headless h, Class<? extends InrCommand> type,
			Map<String, Object> inputs, String baseline) throws Exception
	{
		double[] inr = new double[seeds.size()];
		for (int i = 0; i < inr.length; i++) {
			Map<String, Object> in = new LinkedHashMap<>(inputs);
			in.put("seed", seeds.get(i));
			List<MetricsRow> rows = h.runOrThrow(type, in).results().get(0)
					.metrics();
			inr[i] = rows.get(0).psnrDb();
			System.out.printf(Locale.ROOT,
					"  seed %d: INR %.2f dB, %s %.2f dB%n", seeds.get(i),
					inr[i], baseline, rows.get(1).psnrDb());
		}
		return inr;
	}

	static String summary(String name, double[] psnr, double reference) {
		double mean = 0, min = Double.POSITIVE_INFINITY,
				max = Double.NEGATIVE_INFINITY;
		for (double p : psnr) {
			mean += p / psnr.length;
			min = Math.min(min, p);
			max = Math.max(max, p);
		}
		double var = 0;
		for (double p : psnr)
			var += (p - mean) * (p - mean);
		double sd = psnr.length > 1 ? Math.sqrt(var / (psnr.length - 1)) : 0;
		return String.format(Locale.ROOT,
				"%s_mean_psnr=%.2f %s_sd=%.2f %s_min=%.2f %s_max=%.2f %s_reference=%.2f %s_mean_minus_reference=%+.2f%n",
				name, mean, name, sd, name, min, name, max, name, reference,
				name, mean - reference);
	}

	/**
	 * CT camera-128 from the given initial weights, through the engine
	 * directly, printing PSNR every 100 epochs.
	 */
	private int ctFromWeights() throws IOException {
		Nd4jStartup.start();
		Image2D camera = ImagePlusAdapter
				.toImage2D(Demo.embedded("camera-128.png"), 1, null);
		int h = camera.height(), w = camera.width();
		INDArray truth = Normalisation.of(camera.pixels())
				.normalise(camera.pixels()).castTo(DataType.FLOAT);
		RadonOperator radon = new RadonOperator(h, w,
				RadonOperator.angles(100, 180));
		INDArray sinogram = Nd4j.create(DataType.FLOAT, radon.outputSize(), 1);
		radon.apply(truth, sinogram);
		TrainingConfig cfg = TrainingConfig.ct().width(128).epochs(epochs)
				.decayHorizon(Math.max(1, epochs / 2));
		try (Mlp net = InrSolver.network(cfg, 2, 1);
				INDArray coords = CoordinateGrid.grid(h, w))
		{
			try {
				loadTorchLayout(net, readFloats(initWeights));
			}
			catch (IllegalArgumentException e) {
				System.err
						.println("relu-inr reference-check: " + e.getMessage());
				return ReluInrCli.BAD_INPUT;
			}
			TrainingResult r = new Trainer(cfg).train(net, coords, radon,
					sinogram, truth, (e, n, loss, psnr, s) -> {
						if (e == 1 || e % 100 == 0 || e == n)
							System.out.printf(Locale.ROOT,
									"epoch %d  loss %.4e  PSNR %.3f dB%n", e,
									loss, psnr);
					}, null);
			double psnr = Psnr.compute(truth, r.output(), 1.0);
			System.out.printf(Locale.ROOT, "ct_psnr=%.3f final_loss=%.4e%n",
					psnr, r.finalLoss());
		}
		return 0;
	}

	static float[] readFloats(File f) throws IOException {
		ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f.toPath()))
				.order(ByteOrder.LITTLE_ENDIAN);
		float[] v = new float[b.remaining() / 4];
		b.asFloatBuffer().get(v);
		return v;
	}

	/**
	 * Sets every layer from PyTorch's layout (W [out, in] row-major, then b);
	 * this network stores W as [in, out].
	 */
	static void loadTorchLayout(Mlp net, float[] p) {
		List<float[]> parts = new ArrayList<>();
		int offset = 0;
		for (int l = 0; l <= net.layers(); l++) {
			int in = net.fanIn(l), out = net.fanOut(l);
			if (offset + in * out + out > p.length)
				throw new IllegalArgumentException(
						"--init-weights: too few values for a " + net.layers()
								+ "x" + net.width() + " network (" + p.length
								+ ")");
			float[] wt = new float[in * out];
			for (int o = 0; o < out; o++)
				for (int i = 0; i < in; i++)
					wt[i * out + o] = p[offset + o * in + i];
			offset += in * out;
			net.weight(l).assign(Nd4j.create(wt, new long[]{in, out}, 'c'));
			net.bias(l).assign(Nd4j.create(
					java.util.Arrays.copyOfRange(p, offset, offset + out),
					new long[]{1, out}, 'c'));
			offset += out;
		}
		if (offset != p.length)
			throw new IllegalArgumentException("--init-weights: " + p.length
					+ " values, the network has " + offset);
	}
}
