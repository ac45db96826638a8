package io.github.reluinr.imagej;

import io.github.reluinr.task.Volume;
import io.github.reluinr.task.VolumeResult;
import io.github.reluinr.task.VolumeTask;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import java.util.function.BooleanSupplier;
import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** Fits one BW-ReLU network f(x, y, z) to a whole stack (issue 21). */
@Plugin(type = Command.class, menuPath = InrCommand.MENU
		+ "Fit Volume (BW-ReLU)", headless = true, label = "Fit Volume (BW-ReLU)", description = "Represent a z-stack as one BW-ReLU network of its calibrated (x, y, z) coordinates")
public class FitVolumeCommand extends VolumeCommand {

	@Override
	protected String task() {
		return VolumeTask.FIT;
	}

	@Override
	protected TrainingConfig defaults() {
		return VolumeTask.fitRecipe();
	}

	@Override
	protected VolumeResult runTask(Volume input, Volume groundTruth,
			TrainingConfig config, TrainingListener listener,
			BooleanSupplier cancelled)
	{
		return VolumeTask.fit(input, groundTruth, config, listener, cancelled);
	}
}
