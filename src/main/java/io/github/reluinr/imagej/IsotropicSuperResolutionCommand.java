package io.github.reluinr.imagej;

import ij.ImagePlus;
import io.github.reluinr.task.Volume;
import io.github.reluinr.task.VolumeResult;
import io.github.reluinr.task.VolumeTask;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import java.io.File;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Isotropic super-resolution (issue 21): a network on a grid with scale_z times
 * more planes, whose averages over each scale_z consecutive planes match the
 * stack; ImageJ's interpolated resize along z beside it.
 */
@Plugin(type = Command.class, menuPath = InrCommand.MENU
		+ "Isotropic Super-Resolution (BW-ReLU)", headless = true, label = "Isotropic Super-Resolution (BW-ReLU)", description = "A stack with scale_z times more planes from one network whose plane averages match the stack; ImageJ's z-interpolation beside it")
public class IsotropicSuperResolutionCommand extends VolumeCommand {

	@Parameter(persist = false, label = "scale_z (planes per input plane, 0 = from the calibration)", min = "0", max = "64", description = "0: the voxel depth over the pixel width, rounded (e.g. 0.5 um steps at 0.1 um pixels: 5)")
	protected int scale_z;

	@Parameter(persist = false, label = "scale_xy (in-plane factor)", min = "1", max = "16")
	protected int scale_xy = 1;

	@Parameter(label = "Interpolation file (.tif, optional)", required = false, persist = false, style = FileWidget.SAVE_STYLE, description = "Save ImageJ's bilinear Image > Scale of the stack (the baseline) here")
	protected File interpolation_file;

	@Override
	protected String task() {
		return VolumeTask.ISOTROPIC;
	}

	@Override
	protected TrainingConfig defaults() {
		return VolumeTask.isotropicRecipe();
	}

	@Override
	protected void checkTaskParameters() {
		Checks.range("scale_z", scale_z, 0, 64);
		Checks.range("scale_xy", scale_xy, 1, 16);
	}

	@Override
	protected int[] scales(ImagePlus input) {
		int z = scale_z;
		if (z == 0) {
			ij.measure.Calibration cal = input.getCalibration();
			double ratio = cal.pixelWidth > 0
					? cal.pixelDepth / (cal.pixelWidth / scale_xy)
					: 1;
			z = (int) Math.round(ratio);
			if (z < 2 && scale_xy == 1) {
				throw new InvalidInputException(
						"scale_z = 0 takes the factor from the calibration, but its voxel depth ("
								+ cal.pixelDepth + ") over the pixel width ("
								+ cal.pixelWidth + ") is "
								+ String.format(java.util.Locale.ROOT, "%.2f",
										ratio)
								+ ": give scale_z (2 to 64), or set the voxel size in Image > Properties");
			}
			z = Math.max(1, Math.min(64, z));
		}
		return new int[]{z, scale_xy};
	}

	@Override
	protected Map<String, File> extraOutputs() {
		return interpolation_file == null
				? Map.of()
				: Map.of("interpolation_file", interpolation_file);
	}

	@Override
	protected VolumeResult runTask(Volume input, Volume groundTruth,
			TrainingConfig config, TrainingListener listener,
			BooleanSupplier cancelled)
	{
		return VolumeTask.isotropic(input, resolvedScales[0], resolvedScales[1],
				groundTruth, config, listener, cancelled);
	}
}
