package io.github.reluinr.imagej;

import io.github.reluinr.task.TaskDescription;
import java.io.File;
import java.util.List;
import org.scijava.plugin.Parameter;

/**
 * A command that runs one of the three tasks several times (select-c: per c;
 * compare: per method): the {@code task} choice with each task's own
 * parameters, as the paper runs it ({@link TaskDescription#byName}; CT in the
 * CT command's standard geometry).
 *
 * <p>
 * The training parameters not given take the chosen task's defaults: in a
 * macro, whatever the task; the dialog shows them and switches them when the
 * task changes.
 */
public abstract class TaskChoiceCommand extends InrCommand {

	@Parameter(persist = false, label = "Task", choices = {TaskDescription.FIT,
			TaskDescription.SUPERRES,
			TaskDescription.CT}, callback = "taskChanged", description = "fit: represent the image; superres: up-sample it S times; ct: reconstruct it from a simulated sinogram")
	protected String task;

	@Parameter(persist = false, label = "Scale S (superres)", min = "2", max = "16")
	protected int scale = 4;

	@Parameter(persist = false, label = "Number of angles (ct)", min = "2", max = "10000")
	protected int angles = 100;

	@Parameter(persist = false, label = "Angle range (degrees, ct)", min = "0.001", max = "360")
	protected double angle_range = 180;

	@Parameter(persist = false, label = "Noise SNR (dB, ct, 0 = no noise)", min = "0", max = "200")
	protected double noise_snr = 0;

	@Parameter(label = "Ground truth file (optional; fit, superres)", required = false, persist = false, description = "fit: a clean image to score against (default: the input); superres: the high-resolution image")
	protected File ground_truth_file;

	protected TaskChoiceCommand() {
		task = defaultTask();
	}

	/**
	 * The task the choice starts at (no field may be read here: called from the
	 * constructor).
	 */
	protected abstract String defaultTask();

	@Override
	protected void planFiles(OutputPlan plan) {
		super.planFiles(plan);
		plan.read("ground_truth_file", ground_truth_file);
	}

	@Override
	protected TaskDescription describe() {
		return TaskDescription.byName(task == null ? defaultTask() : task,
				scale, angles, angle_range, noise_snr, ImageJBicubic.INSTANCE);
	}

	@Override
	protected List<String> leadingInputs() {
		return List.of("task", "scale", "angles", "angle_range", "noise_snr",
				"ground_truth_file");
	}

	@Override
	protected File groundTruthFile() {
		return ground_truth_file;
	}

	/** Dialog callback: the training fields follow the task's defaults. */
	protected void taskChanged() {
		resetToDefaults();
	}
}
