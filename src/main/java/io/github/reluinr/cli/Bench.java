package io.github.reluinr.cli;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.github.reluinr.image.CoordinateGrid;
import io.github.reluinr.image.Normalisation;
import io.github.reluinr.imagej.ImagePlusAdapter;
import io.github.reluinr.backend.Nd4jStartup;
import io.github.reluinr.nn.Activations;
import io.github.reluinr.nn.Mlp;
import io.github.reluinr.op.AveragePoolOperator;
import io.github.reluinr.op.ForwardOperator;
import io.github.reluinr.op.IdentityOperator;
import io.github.reluinr.op.RadonOperator;
import io.github.reluinr.task.Image2D;
import io.github.reluinr.train.Trainer;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingResult;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The speed benchmark: seconds per full-batch epoch next to the time of the
 * same epoch's matrix products alone (same shapes and transposes, into
 * preallocated arrays), measured in one run; time to a target PSNR; the
 * operators alone; memory at the first and last epoch.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Time epochs against their matrix products (see README: Speed).")
final class Bench implements Callable<Integer> {

	@Option(names = "--size", description = "Image side (camera, resized; default 256)")
	int size = 256;
	@Option(names = "--sizes", split = ",", description = "Several image sides, e.g. 256,512,1024,2048: one line per size, each measured in its own process")
	int[] sizes;
	@Option(names = "--warmup", description = "Untimed epochs before the timed ones (default 2)")
	int warmup = 2;
	@Option(names = "--width", description = "Neurons per layer (default 300)")
	int width = 300;
	@Option(names = "--layers", description = "Hidden layers (default 3)")
	int layers = 3;
	@Option(names = "--epochs", description = "Timed epochs after 2 warm-up epochs (default 5)")
	int epochs = 5;
	@Option(names = "--task", description = "fit, superres (x4) or ct (100 angles); default fit")
	String task = io.github.reluinr.task.TaskDescription.FIT;
	@Option(names = "--activation", description = "Activation (default bw-relu)")
	String activation = "bw-relu";
	@Option(names = "--until-psnr", description = "Train the fit with the fit command's defaults until this PSNR (dB)")
	Double untilPsnr;
	@Option(names = "--volume", description = "Planes D: time a size x size x D volume (3-D coordinates; fit, or superres = z-pool x4) instead of an image")
	int volume;
	@Option(names = "--operators", description = "Time the forward operators alone, as a fraction of an epoch")
	boolean operators;
	@Option(names = "--profile", description = "Also print where the epoch's time goes: seconds per epoch of each phase (products, activation kernels, output layer, optimiser, the rest)")
	boolean profile;

	@Override
	public Integer call() throws Exception {
		// before the first epoch loads the class, which reads it once
		if (profile) System.setProperty("reluinr.profile", "true");
		if (sizes != null) {
			for (int s : sizes)
				if (s < 8 || s > 8192) {
					System.err.println(
							"relu-inr bench: --sizes: each size 8..8192");
					return ReluInrCli.BAD_INPUT;
				}
		}
		if (size < 8 || size > 8192 || width < 1 || layers < 1 || epochs < 1
				|| warmup < 0)
		{
			System.err.println(
					"relu-inr bench: size 8..8192, width >= 1, layers >= 1, epochs >= 1, warmup >= 0");
			return ReluInrCli.BAD_INPUT;
		}
		if (!io.github.reluinr.task.TaskDescription.NAMES.contains(task)) {
			System.err.println(
					"relu-inr bench: --task must be fit, superres or ct");
			return ReluInrCli.BAD_INPUT;
		}
		if (sizes != null) return sizes();
		if (volume > 0) {
			System.out.printf(Locale.ROOT, "backend %s, %d cores%n",
					Nd4jStartup.start(),
					Runtime.getRuntime().availableProcessors());
			return VolumeBench.run(size, volume, task, width, layers, epochs,
					warmup, activation);
		}
		Image2D image = camera(size);
		String backend = Nd4jStartup.start();
		System.out.printf(Locale.ROOT,
				"backend %s, %d cores, kernels %s, bw-relu row kernels %s, idle threads: %s%n",
				backend, Runtime.getRuntime().availableProcessors(),
				io.github.reluinr.backend.Kernels.form(),
				io.github.reluinr.nn.NativeKernels.describe(),
				Nd4jStartup.idleThreads());
		if (untilPsnr != null) return untilPsnr(image);
		if (operators) return operators(image);
		return epochs(image);
	}

	static Image2D camera(int size) throws java.io.IOException {
		ImagePlus cam = Demo.embedded("camera-256.png");
		ImageProcessor ip = cam.getProcessor();
		if (size != 256) {
			ip.setInterpolationMethod(ImageProcessor.BILINEAR);
			ip = ip.resize(size, size, true);
		}
		return ImagePlusAdapter.toImage2D(new ImagePlus("camera", ip), 1, null);
	}

	/**
	 * Normalised measurements for the task, with the operator that produced
	 * them.
	 */
	private record Problem(ForwardOperator op, INDArray y, INDArray coords) {
	}

	private Problem problem(Image2D image) {
		INDArray x = Normalisation.of(image.pixels()).normalise(image.pixels())
				.castTo(DataType.FLOAT);
		ForwardOperator op = switch (task) {
			case io.github.reluinr.task.TaskDescription.SUPERRES ->
				new AveragePoolOperator(size / 4, size / 4, 4);
			case io.github.reluinr.task.TaskDescription.CT ->
				new RadonOperator(size, size, RadonOperator.angles(100, 180));
			default -> new IdentityOperator(size, size);
		};
		INDArray xs = x;
		if (io.github.reluinr.task.TaskDescription.SUPERRES.equals(task))
			xs = x.reshape(size * size, 1); // high-res truth on the (size/4*4)^2 grid
		INDArray y = Nd4j.create(DataType.FLOAT, op.outputSize(), 1);
		op.apply(xs, y);
		return new Problem(op, y, CoordinateGrid.grid(size, size));
	}

	/**
	 * One child process per size (so each peak resident memory is that size's),
	 * their result lines relayed.
	 */
	private int sizes() throws Exception {
		String javaBin = java.nio.file.Paths
				.get(System.getProperty("java.home"), "bin", "java").toString();
		int worst = 0;
		for (int s : sizes) {
			java.util.List<String> cmd = new java.util.ArrayList<>();
			cmd.add(javaBin);
			cmd.addAll(
					ManagementFactory.getRuntimeMXBean().getInputArguments());
			cmd.addAll(java.util.List.of("-cp",
					System.getProperty("java.class.path"),
					ReluInrCli.class.getName(), "bench", "--size",
					String.valueOf(s), "--width", String.valueOf(width),
					"--layers", String.valueOf(layers), "--epochs",
					String.valueOf(epochs), "--warmup", String.valueOf(warmup),
					"--task", task, "--activation", activation));
			if (profile) cmd.add("--profile");
			Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
					.start();
			String last = null;
			try (java.io.BufferedReader r = new java.io.BufferedReader(
					new java.io.InputStreamReader(p.getInputStream())))
			{
				for (String line; (line = r.readLine()) != null;) {
					if (line.startsWith("size=")) last = line;
					else
						if (line.startsWith("profile"))
							System.out.println(line);
						else
							if (line.startsWith("training in")
									|| line.startsWith("relu-inr"))
								System.err.println("  " + line);
				}
			}
			int rc = p.waitFor();
			if (rc != 0 || last == null) {
				System.out.printf(Locale.ROOT, "size=%d failed (exit %d)%n", s,
						rc);
				worst = Math.max(worst, 1);
			}
			else {
				System.out.println(last);
			}
			System.out.flush();
		}
		return worst;
	}

	private int epochs(Image2D image) {
		Problem p = problem(image);
		TrainingConfig cfg = TrainingConfig.fit().activation(activation)
				.width(width).layers(layers).epochs(warmup + epochs)
				.decayHorizon(1000);
		double[] epochSeconds = new double[epochs];
		double[] matmulSamples = new double[epochs];
		double[] floorSamples = new double[epochs];
		long[] clock = new long[1];
		long[] peak = new long[2];
		long[] first = new long[2];
		long[] last = new long[2];
		Trainer.Plan[] plan = new Trainer.Plan[1];
		long n = p.coords().size(0);
		io.github.reluinr.nn.Activation act = Activations.create(activation, 9,
				30, 10);
		ProductTimer[] timers = new ProductTimer[2];
		try (Mlp net = new Mlp(2, width, layers, 1, act, 0)) {
			new Trainer(cfg).train(net, p.coords(), p.op(), p.y(), null,
					new io.github.reluinr.train.TrainingListener() {

						@Override
						public void planned(Trainer.Plan pl) {
							plan[0] = pl;
							System.out.println(pl.describe());
							timers[0] = ProductTimer.epoch(pl, n, width, layers,
									1, Mlp.blockRows(act),
									Mlp.thinProductsNative(act, 2, 1));
							timers[1] = ProductTimer.plain(n, width, layers);
							if (warmup == 0) beforeTimedEpoch(0); // no epoch ends before the first timed one
						}

						/**
						 * Before timed epoch k (from 0), one sample of each
						 * product set, so that a slow spell of a shared machine
						 * slows the epoch and the products it is compared with
						 * alike; then the epoch's clock starts.
						 */
						private void beforeTimedEpoch(int k) {
							matmulSamples[k] = timers[0].sample();
							floorSamples[k] = timers[1].sample();
							clock[0] = System.nanoTime();
						}

						@Override
						public void epochDone(int e, int total, double loss,
								double psnr, double s)
					{
							long end = System.nanoTime();
							if (e > warmup)
								epochSeconds[e - warmup - 1] = (end - clock[0])
										/ 1e9;
							if (e == warmup)
								io.github.reluinr.backend.Profile.reset();
							boolean probe = epochs >= 100
									&& (e == 10 || e == warmup + epochs); // memory mode: after a GC, so garbage does not count
							if (probe) System.gc();
							long heap = ManagementFactory.getMemoryMXBean()
									.getHeapMemoryUsage().getUsed();
							long off = Pointer.physicalBytes(); // resident set: ND4J's buffers are not javacpp-tracked
							peak[0] = Math.max(peak[0], heap);
							peak[1] = Math.max(peak[1], off);
							if (e == Math.min(10, warmup + epochs)) {
								first[0] = heap;
								first[1] = off;
							}
							last[0] = heap;
							last[1] = off;
							if (e >= warmup && e < warmup + epochs)
								beforeTimedEpoch(e - warmup);
						}
					}, null);
		}
		finally {
			for (ProductTimer t : timers)
				if (t != null) t.close();
		}
		double perEpoch = median(epochSeconds);
		double mean = java.util.Arrays.stream(epochSeconds).average()
				.orElse(Double.NaN);
		double[] sorted = epochSeconds.clone();
		java.util.Arrays.sort(sorted);
		System.out.printf(Locale.ROOT,
				"timed epochs: fastest %.4f s, median %.4f s, mean %.4f s, slowest %.4f s%n",
				sorted[0], perEpoch, mean, sorted[epochs - 1]);
		Trainer.Plan pl = plan[0];
		if (io.github.reluinr.backend.Profile.ON) {
			System.out.println(
					io.github.reluinr.backend.Profile.describe(epochs));
		}
		double matmul = median(matmulSamples);
		double floor = median(floorSamples);
		long hwm = Math.max(vmHwm(), peak[1]);
		System.out.printf(Locale.ROOT,
				"task %s, %dx%d image (%d pixels), %dx%d %s, %d timed epochs%n",
				task, size, size, n, layers, width, activation, epochs);
		System.out.printf(Locale.ROOT,
				"epoch %.4f s, its matrix products alone %.4f s, the plain untiled epoch's six products %.4f s "
						+ "(medians: of the timed epochs, and of the products timed once before each of them); "
						+ "heap used peak %d MB, process resident peak %d MB (the timing arrays included)%n",
				perEpoch, matmul, floor, peak[0] >> 20, hwm >> 20);
		System.out.printf(Locale.ROOT,
				"memory at epoch %d: heap used %d MB, resident %d MB; at epoch %d: heap used %d MB, resident %d MB (resident %+.1f%%; with --epochs >= 100 both after a GC)%n",
				Math.min(10, warmup + epochs), first[0] >> 20, first[1] >> 20,
				warmup + epochs, last[0] >> 20, last[1] >> 20,
				100.0 * (last[1] - first[1]) / Math.max(1, first[1]));
		System.out.printf(Locale.ROOT,
				"seconds_per_epoch=%.4f matmul_seconds=%.4f ratio=%.3f peak_mb=%d%n",
				perEpoch, matmul, perEpoch / matmul, hwm >> 20);
		System.out.printf(Locale.ROOT,
				"size=%d seconds_per_epoch=%.4f matmul_seconds=%.4f ratio=%.3f floor_ratio=%.3f recompute=%s peak_mb=%d%n",
				size, perEpoch, matmul, perEpoch / matmul, perEpoch / floor,
				pl.recompute() ? "yes" : "no", hwm >> 20);
		return 0;
	}

	/**
	 * The process's peak resident set (VmHWM, heap included) in bytes, or 0
	 * where /proc is not there.
	 */
	static long vmHwm() {
		try {
			for (String line : java.nio.file.Files
					.readAllLines(java.nio.file.Paths.get("/proc/self/status")))
			{
				if (line.startsWith("VmHWM:"))
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
			}
		}
		catch (java.io.IOException | NumberFormatException e) {
			// not Linux
		}
		return 0;
	}

	/**
	 * Largest batch of rows the product timings allocate; longer batches are
	 * timed on this many rows and scaled.
	 */
	static final long TIMED_ROWS = 1L << 16;

	/** The median (of a copy). */
	static double median(double[] v) {
		double[] s = v.clone();
		java.util.Arrays.sort(s);
		int m = s.length / 2;
		return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
	}

	/**
	 * A set of matrix products on preallocated arrays, timed alone, one sample
	 * at a time, each scaled to the rows of an epoch.
	 */
	static final class ProductTimer implements AutoCloseable {

		private final java.util.List<Part> parts = new java.util.ArrayList<>();

		/**
		 * Products on batches of rows, repeated inner times, counted scale
		 * times.
		 */
		private static final class Part {

			final Runnable products;
			final int inner;
			final double scale;
			final INDArray[] arrays;

			Part(Runnable products, int inner, double scale,
					INDArray... arrays)
			{
				this.products = products;
				this.inner = inner;
				this.scale = scale;
				this.arrays = arrays;
			}
		}

		/**
		 * F: the six products of the plain untiled epoch at 3 x 300 (forward,
		 * input gradient and weight gradient of each width x width layer) over
		 * all n rows; beyond {@link #TIMED_ROWS} rows (whose arrays would not
		 * fit) timed on that many and scaled linearly.
		 */
		static ProductTimer plain(long n, int width, int layers) {
			long rows = Math.min(n, TIMED_ROWS);
			INDArray a = Nd4j.rand(DataType.FLOAT, rows, width),
					b = Nd4j.create(DataType.FLOAT, rows, width);
			INDArray w = Nd4j.rand(DataType.FLOAT, width, width), dw = w.like();
			ProductTimer t = new ProductTimer();
			t.parts.add(new Part(() -> {
				for (int l = 1; l < layers; l++) {
					Nd4j.gemm(a, w, b, false, false, 1.0, 0.0);
					Nd4j.gemm(b, w, a, false, true, 1.0, 0.0);
					Nd4j.gemm(a, b, dw, true, false, 1.0, 0.0);
				}
			}, 1, (double) n / rows, a, b, w, dw));
			t.sample(); // first touch of the arrays and OpenBLAS's buffers
			return t;
		}

		/**
		 * M: the matrix products the epoch of this plan performs, alone: per
		 * tile the forward products (twice for the tiles whose forward pass is
		 * recomputed), and the backward products of each back-propagated chunk;
		 * in the blocked pass every product on blocks of blockRows rows. With
		 * thin true the first and the output layer's products run inside the
		 * native kernels, not in BLAS, and are left out.
		 */
		static ProductTimer epoch(Trainer.Plan plan, long n, int width,
				int layers, int outputs, long blockRows, boolean thin)
		{
			double recompute = 1
					+ plan.recomputedTiles() / (double) plan.tiles();
			ProductTimer t = new ProductTimer();
			if (blockRows > 0) {
				long rows = Math.min(n, Math.min(plan.tileRows(), blockRows));
				t.add(rows, width, layers, outputs, thin, true, false,
						recompute * n / rows);
				t.add(rows, width, layers, outputs, thin, false, true,
						(double) n / rows);
			}
			else {
				long fwdRows = Math.min(plan.tileRows(), TIMED_ROWS);
				t.add(fwdRows, width, layers, outputs, thin, true, false,
						recompute * n / fwdRows);
				long chunk = Math.min(n,
						io.github.reluinr.backend.Kernels.java()
								? Math.min(plan.tileRows(), Mlp.CHUNK)
								: Math.min(plan.tileRows(), TIMED_ROWS));
				t.add(chunk, width, layers, outputs, thin, false, true,
						(double) n / chunk);
			}
			t.sample();
			return t;
		}

		/**
		 * The MLP's products on a batch of rows: forward (one per layer) or
		 * backward (a weight gradient per layer and an input gradient per layer
		 * but the first), into preallocated arrays; with thin, without those of
		 * the first and the output layer that the native kernels run.
		 */
		private void add(long n, int width, int layers, int outputs,
				boolean thin, boolean forward, boolean backward, double scale)
		{
			INDArray x = Nd4j.rand(DataType.FLOAT, n, 2);
			INDArray[] w = new INDArray[layers + 1];
			INDArray[] a = new INDArray[layers];
			for (int l = 0; l <= layers; l++)
				w[l] = Nd4j.rand(DataType.FLOAT, l == 0 ? 2 : width,
						l == layers ? outputs : width);
			for (int l = 0; l < layers; l++)
				a[l] = Nd4j.rand(DataType.FLOAT, n, width);
			INDArray out = Nd4j.create(DataType.FLOAT, n, outputs);
			INDArray g = Nd4j.rand(DataType.FLOAT, n, width),
					spare = Nd4j.create(DataType.FLOAT, n, width);
			INDArray[] dw = new INDArray[layers + 1];
			for (int l = 0; l <= layers; l++)
				dw[l] = w[l].like();
			int inner = (int) Math.max(1, Math.min(64, TIMED_ROWS / n)); // short batches: time several in a row
			java.util.List<INDArray> all = new java.util.ArrayList<>();
			all.add(x);
			all.add(out);
			all.add(g);
			all.add(spare);
			all.addAll(java.util.Arrays.asList(w));
			all.addAll(java.util.Arrays.asList(a));
			all.addAll(java.util.Arrays.asList(dw));
			parts.add(new Part(() -> {
				if (forward) {
					INDArray in = x;
					for (int l = 0; l < layers; l++) {
						if (l > 0 || !thin)
							Nd4j.gemm(in, w[l], a[l], false, false, 1.0, 0.0);
						in = a[l];
					}
					if (!thin)
						Nd4j.gemm(in, w[layers], out, false, false, 1.0, 0.0);
				}
				if (backward) {
					if (!thin)
						Nd4j.gemm(a[layers - 1], out, dw[layers], true, false,
								1.0, 0.0);
					if (!thin || outputs > 1)
						Nd4j.gemm(out, w[layers], g, false, true, 1.0, 0.0);
					for (int l = layers - 1; l >= 0; l--) {
						if (l > 0 || !thin)
							Nd4j.gemm(l == 0 ? x : a[l - 1], g, dw[l], true,
									false, 1.0, 0.0);
						if (l > 0)
							Nd4j.gemm(g, w[l], spare, false, true, 1.0, 0.0);
					}
				}
			}, inner, scale, all.toArray(new INDArray[0])));
		}

		/** One timing of every part, in seconds per epoch. */
		double sample() {
			double total = 0;
			for (Part p : parts) {
				long t0 = System.nanoTime();
				for (int k = 0; k < p.inner; k++)
					p.products.run();
				total += (System.nanoTime() - t0) / 1e9 / p.inner * p.scale;
			}
			return total;
		}

		@Override
		public void close() {
			for (Part p : parts)
				for (INDArray a : p.arrays)
					a.close();
			parts.clear();
		}
	}

	private int untilPsnr(Image2D image) {
		Problem p = problem(image);
		TrainingConfig cfg = TrainingConfig.fit(); // the fit command's defaults: 3x300, c 9, lr 4e-3, decay 0.1 over 1000
		double[] last = {Double.NaN};
		int[] reached = {0};
		double[] at = {Double.NaN};
		long t0 = System.nanoTime();
		try (Mlp net = new Mlp(2, cfg.width(), cfg.layers(), 1,
				Activations.create(cfg.activation(), cfg.c(), 0, 0),
				cfg.seed()))
		{
			TrainingResult r = new Trainer(cfg).train(net, p.coords(), p.op(),
					p.y(), p.y(), (e, n, loss, psnr, s) -> {
						last[0] = psnr;
						if (e % 10 == 0)
							System.out.printf(Locale.ROOT,
									"epoch %d  PSNR %.2f dB  %.1f s%n", e, psnr,
									s);
						if (psnr >= untilPsnr && reached[0] == 0) {
							reached[0] = e;
							at[0] = s;
						}
					}, () -> reached[0] > 0);
			double wall = (System.nanoTime() - t0) / 1e9;
			if (reached[0] == 0) {
				System.out.printf(Locale.ROOT,
						"did not reach %.1f dB in %d epochs (%.2f dB)%n",
						untilPsnr, r.epochsRun(), last[0]);
				return 1;
			}
			System.out.printf(Locale.ROOT,
					"reached %.2f dB at epoch %d; training %.1f s, with setup %.1f s%n",
					last[0], reached[0], at[0], wall);
			System.out.printf(Locale.ROOT, "seconds_to_target=%.1f epochs=%d%n",
					at[0], reached[0]);
		}
		return 0;
	}

	private int operators(Image2D image) {
		INDArray x = Normalisation.of(image.pixels()).normalise(image.pixels())
				.castTo(DataType.FLOAT);
		RadonOperator radon = new RadonOperator(size, size,
				RadonOperator.angles(100, 180));
		INDArray sino = Nd4j.create(DataType.FLOAT, radon.outputSize(), 1),
				back = x.like();
		double radonS = time(() -> {
			radon.apply(x, sino);
			radon.adjoint(sino, back);
		});
		AveragePoolOperator pool = new AveragePoolOperator(size / 4, size / 4,
				4);
		INDArray low = Nd4j.create(DataType.FLOAT, pool.outputSize(), 1),
				up = x.like();
		double poolS = time(() -> {
			pool.apply(x, low);
			pool.adjoint(low, up);
		});
		task = io.github.reluinr.task.TaskDescription.CT;
		epochs = Math.max(epochs, 3);
		Problem p = problem(image);
		TrainingConfig cfg = TrainingConfig.ct().width(width).layers(layers)
				.epochs(warmup + epochs);
		double[] end = new double[warmup + epochs + 1];
		try (Mlp net = new Mlp(2, width, layers, 1,
				Activations.create("bw-relu", 3, 0, 0), 0))
		{
			new Trainer(cfg).train(net, p.coords(), p.op(), p.y(), null,
					(e, n, loss, psnr, s) -> end[e] = s, null);
		}
		double ctEpoch = (end[warmup + epochs] - end[warmup]) / epochs;
		System.out.printf(Locale.ROOT,
				"radon %dx%d, 100 angles: forward + adjoint %.4f s = %.1f%% of a CT epoch (%.4f s, %dx%d)%n",
				size, size, radonS, 100 * radonS / ctEpoch, ctEpoch, layers,
				width);
		System.out.printf(Locale.ROOT,
				"average pool x4 at %dx%d: forward + adjoint %.5f s%n", size,
				size, poolS);
		System.out.printf(Locale.ROOT,
				"radon_seconds=%.4f ct_epoch_seconds=%.4f radon_fraction=%.3f avgpool_seconds=%.5f%n",
				radonS, ctEpoch, radonS / ctEpoch, poolS);
		return 0;
	}

	private static double time(Runnable r) {
		r.run();
		double best = Double.POSITIVE_INFINITY;
		for (int i = 0; i < 5; i++) {
			long t0 = System.nanoTime();
			r.run();
			best = Math.min(best, (System.nanoTime() - t0) / 1e9);
		}
		return best;
	}
}
