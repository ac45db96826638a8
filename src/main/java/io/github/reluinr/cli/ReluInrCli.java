package io.github.reluinr.cli;

import io.github.reluinr.imagej.CtCommand;
import io.github.reluinr.imagej.FitCommand;
import io.github.reluinr.imagej.InrCommand;
import io.github.reluinr.imagej.SelectCCommand;
import io.github.reluinr.imagej.SuperResolutionCommand;
import io.github.reluinr.task.MetricsCsv;
import io.github.reluinr.task.MetricsRow;
import io.github.reluinr.task.TaskDescription;
import io.github.reluinr.task.TaskResult;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The one command line:
 * {@code relu-inr fit|superres|ct|select-c|compare|demo|bench|reference-check}.
 * Task subcommands run the same SciJava commands as Fiji, headless; exit code 2
 * with a one-line message for bad input.
 */
@Command(name = "relu-inr", mixinStandardHelpOptions = true, version = "relu-inr 0.1.0", description = "Implicit neural representations with BW-ReLU networks (Shenouda, Zhou, Nowak 2024).", subcommands = {
		ReluInrCli.Fit.class, VolumeCli.FitVolume.class,
		VolumeCli.IsoSuperRes.class, ReluInrCli.SuperRes.class,
		ReluInrCli.Ct.class, ReluInrCli.SelectC.class, ReluInrCli.Compare.class,
		RenderCli.class, InfoCli.class, Demo.class, VolumeDemo.class,
		Bench.class, ReferenceCheck.class})
public final class ReluInrCli implements Callable<Integer> {

	public static final int BAD_INPUT = 2;

	public static void main(String[] args) {
		// before any class can load ND4J: OpenBLAS and libgomp read these once, when they load
		io.github.reluinr.nn.NativeKernels.quietIdleThreads();
		quietLibraries();
		System.setProperty("java.awt.headless", "true");
		CommandLine cl = new CommandLine(new ReluInrCli());
		cl.setParameterExceptionHandler((ex, a) -> {
			System.err.println("relu-inr: " + ex.getMessage());
			System.err
					.println("try: relu-inr "
							+ (ex.getCommandLine().getCommandName()
									.equals("relu-inr")
											? ""
											: ex.getCommandLine()
													.getCommandName() + " ")
							+ "--help");
			return BAD_INPUT;
		});
		System.exit(cl.execute(args));
	}

	/**
	 * ND4J and SciJava log at INFO through slf4j-simple: keep the terminal for
	 * our own output.
	 */
	static void quietLibraries() {
		System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System
				.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
	}

	@Override
	public Integer call() {
		CommandLine.usage(this, System.out);
		return BAD_INPUT;
	}

	/**
	 * Runs a command (its --metrics-json joins the files it checks and writes),
	 * prints the metrics table; returns the exit code: 0, 2 for bad input, 130
	 * after SIGINT or SIGTERM (the best result so far is written first).
	 */
	static int runTask(Class<? extends InrCommand> type,
			Map<String, Object> inputs, TrainingOptions t) throws Exception
	{
		t.putInto(inputs);
		// create the folders of output files (the command itself only checks they are writable); a
		// refused run removes the ones it created
		List<File> created = createOutputFolders(inputs);
		if (t.metricsJson != null) createFolders(t.metricsJson, created);
		InrCommand cmd;
		Interrupts interrupts = null;
		try (Headless h = new Headless(t.quiet)) {
			Interrupts[] holder = new Interrupts[1];
			cmd = h.run(type, inputs, c -> {
				if (t.metricsJson != null)
					c.addOutput("metrics_json", t.metricsJson,
							MetricsCsv::json);
				holder[0] = Interrupts.install(c::requestStop);
			});
			interrupts = holder[0];
			if (cmd.error() != null) {
				System.err.println("relu-inr: " + cmd.error());
				removeEmpty(created);
				if (interrupts != null && interrupts.interrupted())
					return interrupts.exitCode();
				return cmd.restartOnCpu()
						? io.github.reluinr.backend.DeviceSelection.EXIT_RESTART_ON_CPU
						: BAD_INPUT;
			}
			List<MetricsRow> rows = new ArrayList<>();
			for (TaskResult r : cmd.results())
				rows.addAll(r.metrics());
			return printResults(rows, interrupts);
		}
		finally {
			if (interrupts != null) interrupts.close();
		}
	}

	/**
	 * Prints a finished run's metrics table (--quiet silences progress, not
	 * results); the exit code: 0, or 130 after SIGINT or SIGTERM.
	 */
	static int printResults(List<MetricsRow> rows, Interrupts interrupts) {
		System.out.print(Table.format(rows));
		System.out.flush();
		return interrupts != null && interrupts.interrupted()
				? interrupts.exitCode()
				: 0;
	}

	/**
	 * Creates the missing folders of the files a run writes (the command itself
	 * only checks they are writable); the folders created, in creation order,
	 * so that a refused run can remove them with {@link #removeEmpty}.
	 */
	static List<File> createOutputFolders(Map<String, Object> inputs) {
		List<File> created = new ArrayList<>();
		for (Map.Entry<String, Object> e : inputs.entrySet()) {
			if (e.getValue() instanceof File f && !READS.contains(e.getKey()))
				createFolders(f, created);
		}
		return created;
	}

	/** Inputs that name files the run reads (never created or written). */
	private static final java.util.Set<String> READS = java.util.Set
			.of("input_file", "ground_truth_file", "init_model");

	private static void createFolders(File f, List<File> created) {
		File dir = f.getAbsoluteFile().getParentFile();
		List<File> missing = new ArrayList<>();
		for (File d = dir; d != null && !d.exists(); d = d.getParentFile())
			missing.add(0, d);
		for (File d : missing)
			if (d.mkdir()) created.add(d);
	}

	static void removeEmpty(List<File> created) {
		for (int i = created.size() - 1; i >= 0; i--) {
			String[] left = created.get(i).list();
			if (left != null && left.length == 0) created.get(i).delete();
		}
	}

	/**
	 * Options of the commands that run a chosen task several times (select-c,
	 * compare).
	 */
	static final class TaskChoiceOptions {

		@Option(names = "--input", required = true, description = "Image (superres: the low-resolution image; ct: the sinogram is simulated from it)")
		File input;
		@Option(names = "--ground-truth", description = "fit: clean image to score against; superres: high-resolution image")
		File groundTruth;
		@Option(names = "--scale", description = "superres: factor S (default 4)")
		Integer scale;
		@Option(names = "--angles", description = "ct: number of views (default 100)")
		Integer angles;
		@Option(names = "--angle-range", description = "ct: degrees covered by the views (default 180)")
		Double angleRange;
		@Option(names = "--noise-snr", description = "ct: add Gaussian noise at this SNR in dB")
		Double noiseSnr;

		/**
		 * The inputs map for the command, or null after printing why the task
		 * is not allowed.
		 */
		Map<String, Object> inputs(String task, File output) {
			if (!TaskDescription.NAMES.contains(task)) {
				System.err.println("relu-inr: --task " + task
						+ " is not allowed: use fit, superres or ct");
				return null;
			}
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("task", task);
			m.put("input_file", input);
			m.put("output_file", output);
			TrainingOptions.put(m, "ground_truth_file", groundTruth);
			TrainingOptions.put(m, "scale", scale);
			TrainingOptions.put(m, "angles", angles);
			TrainingOptions.put(m, "angle_range", angleRange);
			TrainingOptions.put(m, "noise_snr", noiseSnr);
			return m;
		}
	}

	@Command(name = "compare", mixinStandardHelpOptions = true, description = "Compare BW-ReLU, ReLU, ReLU+PE, SIREN, WIRE and Gauss on one image and task (montage, PSNR curves, metrics).")
	static final class Compare implements Callable<Integer> {

		@Option(names = "--task", description = "fit, superres or ct (default fit)")
		String task = TaskDescription.FIT;
		@Option(names = "--methods", description = "Comma-separated methods (default all six)")
		String methods;
		@Option(names = "--output", required = true, description = "Montage (TIFF + PNG); the PSNR plot goes to OUT-psnr.png")
		File output;
		@Mixin
		TaskChoiceOptions taskOptions;
		@Mixin
		TrainingOptions training;

		@Override
		public Integer call() throws Exception {
			Map<String, Object> m = taskOptions.inputs(task, output);
			if (m == null) return BAD_INPUT;
			if (training.c != null || training.lr != null) {
				System.err.println(
						"relu-inr: each method keeps its own c and learning rate (Appendix D); --c and --lr are not used by compare");
				return BAD_INPUT;
			}
			TrainingOptions.put(m, "methods", methods);
			return runTask(io.github.reluinr.imagej.CompareCommand.class, m,
					training);
		}
	}

	@Command(name = "fit", mixinStandardHelpOptions = true, description = "Fit a network to an image (signal representation).")
	static final class Fit implements Callable<Integer> {

		@Option(names = "--input", required = true, description = "Image file (TIFF, PNG, JPEG; gray or RGB)")
		File input;
		@Option(names = "--output", required = true, description = "Result as 32-bit TIFF; an 8-bit PNG preview is written beside it")
		File output;
		@Mixin
		TrainingOptions training;

		@Override
		public Integer call() throws Exception {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("input_file", input);
			m.put("output_file", output);
			return runTask(FitCommand.class, m, training);
		}
	}

	@Command(name = "superres", mixinStandardHelpOptions = true, description = "Super-resolve an image S times (INR beside bicubic).")
	static final class SuperRes implements Callable<Integer> {

		@Option(names = "--input", required = true, description = "Low-resolution image")
		File input;
		@Option(names = "--scale", description = "Factor S (default 4)")
		Integer scale;
		@Option(names = "--ground-truth", description = "High-resolution image for PSNR/SSIM")
		File groundTruth;
		@Option(names = "--output", required = true, description = "INR result (32-bit TIFF + PNG preview)")
		File output;
		@Option(names = "--start-from", description = "back-projection (default), random (the paper's), bicubic-skimage, bicubic-pil or lanczos-pil")
		String startFrom;
		@Option(names = "--pretraining", description = "Epochs fitting the network to the start image first (default 250; 0 with --start-from random)")
		Integer pretraining;
		@Option(names = "--back-projection-iterations", description = "Iterations of the back-projection baseline (default 30)")
		Integer backProjectionIterations;
		@Option(names = "--null-space-weight", description = "After a warm start, the pull towards the start image where the block means say nothing, 0 to 1 (default 0.25; 0: the data term alone)")
		Double nullSpaceWeight;
		@Option(names = "--tv-weight", description = "Weight of a total-variation prior on the result, 0 to 100 (default 0.03; 0: none)")
		Double tvWeight;
		@Mixin
		TrainingOptions training;

		@Override
		public Integer call() throws Exception {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("input_file", input);
			m.put("output_file", output);
			TrainingOptions.put(m, "start_from", startFrom);
			TrainingOptions.put(m, "pretraining", pretraining);
			TrainingOptions.put(m, "back_projection_iterations",
					backProjectionIterations);
			TrainingOptions.put(m, "null_space_weight", nullSpaceWeight);
			TrainingOptions.put(m, "tv_weight", tvWeight);
			TrainingOptions.put(m, "scale", scale);
			TrainingOptions.put(m, "ground_truth_file", groundTruth);
			return runTask(SuperResolutionCommand.class, m, training);
		}
	}

	@Command(name = "ct", mixinStandardHelpOptions = true, description = {
			"Sparse-view CT: the network beside FBP and SIRT from the same sinogram.",
			"", "Conventions (--geometry standard, scikit-image's):",
			"- values: line sums at unit pixel spacing, as skimage.transform.radon",
			"  makes them; results in the same units (radon(image) gives image back)",
			"- layout: radon's detectors x angles, or angles x detectors",
			"  (--sinogram-layout auto: the axis whose length is the angle count)",
			"- angles: degrees, --angles-file, or --angles N --angle-range R =",
			"  linspace(0, R, N, endpoint=False); t = x cos(theta) + y sin(theta),",
			"  x right, y up",
			"- centre: the axis projects to detector n/2 (+ --center-offset)",
			"- the reconstruction is the n x n square of the n detectors; --input pads",
			"  the image to its diagonal (radon's circle=False) and crops back",
			"--geometry reference: the paper's code (rotation inside the frame,",
			"linspace with both ends, Ram-Lak FBP), for reference-check.", ""})
	static final class Ct implements Callable<Integer> {

		@Option(names = "--input", description = "Image to simulate a sinogram from")
		File input;
		@Option(names = "--sinogram", description = "Measured sinogram (line sums), layout by --sinogram-layout")
		File sinogram;
		@Option(names = "--angles-file", description = "Projection angles in degrees, one per line or comma-separated")
		File anglesFile;
		@Option(names = "--angles", description = "Number of views N: linspace(0, R, N, endpoint=False) (default 100 for --input)")
		Integer angles;
		@Option(names = "--angle-range", description = "Degrees R covered by the views (default 180)")
		Double angleRange;
		@Option(names = "--angle-endpoint", arity = "0..1", description = "Include R itself, linspace(0, R, N) as the paper's code (default false)")
		Boolean angleEndpoint;
		@Option(names = "--sinogram-layout", description = "auto (default: the axis whose length is the number of angles), angles-by-detectors, detectors-by-angles (scikit-image's)")
		String layout;
		@Option(names = "--center-offset", description = "Rotation axis position minus the detector centre n/2, in detector pixels (+: right; default 0)")
		Double centerOffset;
		@Option(names = "--geometry", description = "standard (default) or reference (the paper's code, for reference-check)")
		String geometry;
		@Option(names = "--filter", description = "FBP filter: hann (default), ramp, shepp-logan, cosine, hamming, or all (one row each)")
		String filter;
		@Option(names = "--sirt-iterations", description = "SIRT iterations (default 1000; 0: no SIRT)")
		Integer sirtIterations;
		@Option(names = "--non-negative", arity = "0..1", description = "SIRT clamps to >= 0 and the network's result is clipped (default true)")
		Boolean nonNegative;
		@Option(names = "--start-from", description = "sirt (default: fit the network to the SIRT image first, then train on the sinogram) or random (the paper's start)")
		String startFrom;
		@Option(names = "--pretraining", description = "Epochs fitting the network to the SIRT image first (default 300)")
		Integer pretraining;
		@Option(names = "--tv-weight", description = "Weight of a total-variation prior added to the data term (default 4; 0: none)")
		Double tvWeight;
		@Option(names = "--data-weighting", description = "ramp (default): the residual weighted by the ramp filter along each view, same minimisers, faster on fine detail; none: the plain squared residual (the paper's)")
		String dataWeighting;
		@Option(names = "--consistency-iterations", description = "At most this many CGLS iterations correcting the network's output towards the sinogram after training, stopping at the noise level estimated from the sinogram (default 100, clipped to >= 0 every 10 with --non-negative; 0: the network alone)")
		Integer consistencyIterations;
		@Option(names = "--noise-snr", description = "Add Gaussian noise at this SNR in dB (simulation only)")
		Double noiseSnr;
		@Option(names = "--height", description = "geometry reference only: reconstruction height for --sinogram (default: detectors)")
		Integer height;
		@Option(names = "--ground-truth", description = "Ground truth for PSNR/SSIM with --sinogram (at most n x n; a smaller one is centred as radon pads)")
		File groundTruth;
		@Option(names = "--output", required = true, description = "INR reconstruction (32-bit TIFF + PNG preview)")
		File output;
		@Option(names = "--fbp-output", description = "FBP reconstruction")
		File fbpOutput;
		@Option(names = "--sirt-output", description = "SIRT reconstruction")
		File sirtOutput;
		@Option(names = "--sinogram-output", description = "The sinogram used (angles x detectors)")
		File sinogramOutput;
		@Mixin
		TrainingOptions training;

		@Override
		public Integer call() throws Exception {
			if ((input == null) == (sinogram == null)) {
				System.err.println(
						"relu-inr: give exactly one of --input IMAGE or --sinogram SINOGRAM");
				return BAD_INPUT;
			}
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("input_file", input != null ? input : sinogram);
			m.put("sinogram_input", sinogram != null);
			m.put("output_file", output);
			TrainingOptions.put(m, "angles", angles);
			TrainingOptions.put(m, "angles_file", anglesFile);
			TrainingOptions.put(m, "angle_range", angleRange);
			TrainingOptions.put(m, "angle_endpoint", angleEndpoint);
			TrainingOptions.put(m, "sinogram_layout", layout);
			TrainingOptions.put(m, "center_offset", centerOffset);
			TrainingOptions.put(m, "geometry", geometry);
			TrainingOptions.put(m, "filter", filter);
			TrainingOptions.put(m, "sirt_iterations", sirtIterations);
			TrainingOptions.put(m, "non_negative", nonNegative);
			TrainingOptions.put(m, "start_from", startFrom);
			TrainingOptions.put(m, "pretraining", pretraining);
			TrainingOptions.put(m, "tv_weight", tvWeight);
			TrainingOptions.put(m, "data_weighting", dataWeighting);
			TrainingOptions.put(m, "consistency_iterations",
					consistencyIterations);
			TrainingOptions.put(m, "noise_snr", noiseSnr);
			TrainingOptions.put(m, "height", height);
			TrainingOptions.put(m, "ground_truth_file", groundTruth);
			TrainingOptions.put(m, "fbp_file", fbpOutput);
			TrainingOptions.put(m, "sirt_file", sirtOutput);
			TrainingOptions.put(m, "sinogram_file", sinogramOutput);
			return runTask(CtCommand.class, m, training);
		}
	}

	@Command(name = "select-c", mixinStandardHelpOptions = true, description = {
			"Train one BW-ReLU network per c and keep the one with the lowest variation norm (eq. 53).",
			"Give --target-loss to compare every c at equal training loss (--epochs is then the cap; a c that misses it is not selected).",
			"Training options not given take the paper's defaults for the task."})
	static final class SelectC implements Callable<Integer> {

		@Option(names = "--task", required = true, description = "fit, superres or ct")
		String task;
		@Option(names = "--c-values", description = "Comma-separated scales to try (default 1,2,3,5)")
		String cValues;
		@Option(names = "--target-loss", description = "Train each c until its loss is at most this (default: none)")
		Double targetLoss;
		@Option(names = "--output", required = true, description = "Selected reconstruction (32-bit TIFF + PNG preview)")
		File output;
		@Mixin
		TaskChoiceOptions taskOptions;
		@Mixin
		TrainingOptions training;

		@Override
		public Integer call() throws Exception {
			Map<String, Object> m = taskOptions.inputs(task, output);
			if (m == null) return BAD_INPUT;
			if (training.c != null) {
				System.err.println(
						"relu-inr: select-c tries the scales of --c-values; --c is not used");
				return BAD_INPUT;
			}
			TrainingOptions.put(m, "c_values", cValues);
			TrainingOptions.put(m, "target_loss", targetLoss);
			return runTask(SelectCCommand.class, m, training);
		}
	}
}
