package io.github.reluinr.cli;

import ij.ImagePlus;
import io.github.reluinr.imagej.InvalidInputException;
import io.github.reluinr.imagej.OutputFiles;
import io.github.reluinr.imagej.RenderCommand;
import java.io.File;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code relu-inr render MODEL --size W,H [--region x,y,w,h] --output OUT.tif}:
 * the Render INR command's engine.
 */
@Command(name = "render", mixinStandardHelpOptions = true, description = {
		"Sample a saved network (.inr.npz) at any size over any region of its field: a 32-bit TIFF (not clipped) in the original units, pixel size scaled.",
		"The whole field at --size W,H samples x = linspace(-1, 1, W), y = linspace(-1, 1, H); --region x,y,w,h (training-grid pixels) puts the first and last samples on the centres of pixels x and x+w-1."})
final class RenderCli implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "MODEL", description = "Model file written by --model-output")
	File model;
	@Option(names = "--size", paramLabel = "W,H", description = "Samples per row and column (default: the region at --magnification)")
	String size;
	@Option(names = "--magnification", description = "Without --size: (w-1)*M+1 samples per row, so every M-th lies on a training pixel (default 1)")
	double magnification = 1;
	@Option(names = "--region", paramLabel = "x,y,w,h", description = "Sub-rectangle in training-grid pixels (default: the whole field)")
	String region;
	@Option(names = "--plane", description = "Volume models: xy (default), xz, yz, or volume (the whole stack); --size is then A,B or W,H,D")
	String plane;
	@Option(names = "--position", description = "Volume models: voxels along the plane's normal (z for xy, y for xz, x for yz; default the middle)")
	Double position;
	@Option(names = "--output", required = true, description = "32-bit TIFF (an 8-bit PNG preview is written beside it)")
	File output;

	@Override
	public Integer call() throws Exception {
		try {
			ImagePlus imp = RenderCommand.read(model).dimension() == 3
					? io.github.reluinr.imagej.VolumeRender.render(model, plane,
							position == null ? -1 : position, size, null)
					: RenderCommand.render(model, size, magnification, region,
							null);
			File parent = output.getAbsoluteFile().getParentFile();
			if (parent != null) parent.mkdirs();
			OutputFiles.save(imp, output);
			System.out.println(
					"rendered " + OutputFiles.describe(imp) + " to " + output);
			return 0;
		}
		catch (InvalidInputException e) {
			System.err.println("relu-inr: " + e.getMessage());
			return ReluInrCli.BAD_INPUT;
		}
	}
}
