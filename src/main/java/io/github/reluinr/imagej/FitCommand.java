package io.github.reluinr.imagej;

import io.github.reluinr.task.TaskDescription;
import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** Fits a BW-ReLU network to the image itself: f(x, y) ~ pixel value. */
@Plugin(type = Command.class, menuPath = InrCommand.MENU
		+ "Fit Signal (BW-ReLU)", headless = true, label = "Fit Signal (BW-ReLU)", description = "Represent the image as a BW-ReLU network of its pixel coordinates")
public class FitCommand extends InrCommand {

	@Override
	protected TaskDescription describe() {
		return new TaskDescription.Fit();
	}
}
