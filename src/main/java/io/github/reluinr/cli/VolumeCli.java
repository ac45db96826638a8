package io.github.reluinr.cli;

import io.github.reluinr.imagej.FitVolumeCommand;
import io.github.reluinr.imagej.IsotropicSuperResolutionCommand;
import io.github.reluinr.imagej.VolumeCommand;
import io.github.reluinr.task.MetricsRow;
import io.github.reluinr.task.VolumeResult;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code relu-inr fit-volume} and {@code relu-inr iso-superres} (issue 21): the
 * volume commands, headless, as the image subcommands run theirs. Exit 2 with
 * one line for bad input, 130 after Ctrl-C (the best result so far is written
 * first).
 */
final class VolumeCli {

	private VolumeCli() {
	}

	/**
	 * Options both volume subcommands share; each maps to the command's macro
	 * key, and only given ones are passed.
	 */
	static final class VolumeOptions {

		@Option(names = "--input", required = true, description = "Stack (TIFF; a hyperstack's z at channel 1, frame 1 unless --all-channels)")
		File input;
		@Option(names = "--output", required = true, description = "Result stack as 32-bit TIFF with the input's calibration (an 8-bit PNG of its middle plane beside it)")
		File output;
		@Option(names = "--ground-truth", description = "Stack of the result's size for PSNR/SSIM")
		File groundTruth;
		@Option(names = "--epochs", description = "Training epochs (default 300)")
		Integer epochs;
		@Option(names = "--width", description = "Neurons per hidden layer (default 128)")
		Integer width;
		@Option(names = "--layers", description = "Hidden layers (default 3)")
		Integer layers;
		@Option(names = "--c", description = "BW-ReLU scale c")
		Double c;
		@Option(names = "--lr", description = "Initial learning rate")
		Double lr;
		@Option(names = "--lr-decay", description = "Learning-rate factor reached at the last epoch")
		Double lrDecay;
		@Option(names = "--activation", description = "bw-relu (default), relu, relu-pe, siren, wire or gauss")
		String activation;
		@Option(names = "--max-minutes", description = "Time budget in minutes per channel: stop with the best result so far (default 15; 0: none)")
		Double maxMinutes;
		@Option(names = "--seed", description = "Random seed (default 0)")
		Integer seed;
		@Option(names = "--device", description = "auto, cpu or gpu (default auto)")
		String device;
		@Option(names = "--all-channels", description = "Every channel of a hyperstack, one network each")
		boolean allChannels;
		@Option(names = "--metrics", description = "Append the metrics rows to this CSV")
		File metrics;
		@Option(names = "--quiet", description = "No progress or log lines (the results table is still printed)")
		boolean quiet;
		@Option(names = "--model-output", paramLabel = "FILE.inr.npz", description = "Save the trained 3-D network (relu-inr render --plane xz ...)")
		File modelOutput;

		Map<String, Object> inputs() {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("input_file", input);
			m.put("output_file", output);
			TrainingOptions.put(m, "ground_truth_file", groundTruth);
			TrainingOptions.put(m, "epochs", epochs);
			TrainingOptions.put(m, "width", width);
			TrainingOptions.put(m, "layers", layers);
			TrainingOptions.put(m, "c", c);
			TrainingOptions.put(m, "lr", lr);
			TrainingOptions.put(m, "lr_decay", lrDecay);
			TrainingOptions.put(m, "activation", activation);
			TrainingOptions.put(m, "max_minutes", maxMinutes);
			TrainingOptions.put(m, "seed", seed);
			TrainingOptions.put(m, "device", device);
			m.put("all_channels", allChannels);
			TrainingOptions.put(m, "metrics_file", metrics);
			TrainingOptions.put(m, "model_file", modelOutput);
			return m;
		}
	}

	/** Runs a volume command and prints its metrics table; the exit code. */
	static int run(Class<? extends VolumeCommand> type,
			Map<String, Object> inputs, boolean quiet) throws Exception
	{
		List<File> created = ReluInrCli.createOutputFolders(inputs);
		Interrupts interrupts = null;
		try (Headless h = new Headless(quiet)) {
			Interrupts[] holder = new Interrupts[1];
			VolumeCommand cmd = h.runCommand(type, inputs,
					c -> holder[0] = Interrupts.install(c::requestStop));
			interrupts = holder[0];
			if (cmd.error() != null) {
				System.err.println("relu-inr: " + cmd.error());
				ReluInrCli.removeEmpty(created);
				if (interrupts != null && interrupts.interrupted())
					return interrupts.exitCode();
				return ReluInrCli.BAD_INPUT;
			}
			List<MetricsRow> rows = new ArrayList<>();
			for (VolumeResult r : cmd.results())
				rows.addAll(r.metrics());
			return ReluInrCli.printResults(rows, interrupts);
		}
		finally {
			if (interrupts != null) interrupts.close();
		}
	}

	@Command(name = "fit-volume", mixinStandardHelpOptions = true, description = {
			"Fit one network f(x, y, z) to a whole stack, on coordinates in which a micrometre is a micrometre along every axis (from the calibration).",
			"Defaults: 3 x 128, 300 epochs (the time is printed before training; --max-minutes caps it)."})
	static final class FitVolume implements Callable<Integer> {

		@picocli.CommandLine.Mixin
		VolumeOptions options;

		@Override
		public Integer call() throws Exception {
			return run(FitVolumeCommand.class, options.inputs(), options.quiet);
		}
	}

	@Command(name = "iso-superres", mixinStandardHelpOptions = true, description = {
			"Isotropic super-resolution: a stack with --scale-z times more planes from one network whose averages over each --scale-z planes match the input;",
			"ImageJ's bilinear Image > Scale along z beside it (--interpolation-output). Defaults: 3 x 128, c 3, 300 epochs."})
	static final class IsoSuperRes implements Callable<Integer> {

		@picocli.CommandLine.Mixin
		VolumeOptions options;
		@Option(names = "--scale-z", description = "Planes per input plane (default: the voxel depth over the pixel width, rounded)")
		Integer scaleZ;
		@Option(names = "--scale-xy", description = "In-plane factor (default 1)")
		Integer scaleXy;
		@Option(names = "--interpolation-output", description = "ImageJ's z-interpolation of the stack (32-bit TIFF)")
		File interpolationOutput;

		@Override
		public Integer call() throws Exception {
			Map<String, Object> m = options.inputs();
			TrainingOptions.put(m, "scale_z", scaleZ);
			TrainingOptions.put(m, "scale_xy", scaleXy);
			TrainingOptions.put(m, "interpolation_file", interpolationOutput);
			return run(IsotropicSuperResolutionCommand.class, m, options.quiet);
		}
	}
}
