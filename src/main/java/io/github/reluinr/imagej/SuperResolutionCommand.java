package io.github.reluinr.imagej;

import ij.ImagePlus;
import io.github.reluinr.task.SuperResolutionTask;
import io.github.reluinr.task.TaskDescription;
import java.io.File;
import java.util.List;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * x S super-resolution with a BW-ReLU network, shown beside the classical
 * up-samplings (scikit-image's and PIL's bicubic, PIL's Lanczos,
 * back-projection, ImageJ's bicubic), each with its metrics row.
 */
@Plugin(type = Command.class, menuPath = InrCommand.MENU
		+ "Super-Resolution (BW-ReLU)", headless = true, label = "Super-Resolution (BW-ReLU)", description = "Up-sample the image S times with a BW-ReLU network whose S x S averages match it")
public class SuperResolutionCommand extends InrCommand {

	@Parameter(persist = false, label = "Scale (S)", min = "2", max = "16")
	protected int scale = 4;

	/**
	 * Optional. imagej-legacy fills an unset ImagePlus input with the active
	 * image, which in a macro that gives {@code image=} (or in the dialog) is
	 * the input itself: a ground truth equal to the input is ignored.
	 */
	@Parameter(label = "Ground truth (optional)", required = false, persist = false)
	protected ImagePlus ground_truth;

	@Parameter(label = "Ground truth file (optional)", required = false, persist = false)
	protected File ground_truth_file;

	@Parameter(persist = false, label = "Start from", choices = {
			"back-projection", "random", "bicubic-skimage", "bicubic-pil",
			"lanczos-pil"}, description = "random is the paper's; a baseline's name first fits the network to that baseline's image for 'pretraining' epochs (same lr and decay), then trains on the data term")
	protected String start_from = SuperResolutionTask.DEFAULT_START.from();

	@Parameter(persist = false, label = "Pretraining epochs (fit to the start image)", min = "0", max = "1000000")
	protected int pretraining = SuperResolutionTask.DEFAULT_START.epochs();

	@Parameter(persist = false, label = "Null-space weight (pull towards the start image)", min = "0", max = "1", stepSize = "0.05", description = "After a warm start, the weight of the start image where the block means say nothing: 0 trains on the data term alone, 1 keeps the start image there")
	protected double null_space_weight = SuperResolutionTask.Start.DEFAULT_ANCHOR;

	@Parameter(persist = false, label = "Total-variation weight (prior on the result)", min = "0", max = "100", stepSize = "0.005", description = "Weight of a smoothed total-variation penalty on the up-sampled image, in both training phases: among the images whose block means match the input it favours sharp edges over ripple; 0 turns it off")
	protected double tv_weight = SuperResolutionTask.DEFAULT_TV_WEIGHT;

	@Parameter(persist = false, label = "Back-projection iterations", min = "0", max = "10000")
	protected int back_projection_iterations = io.github.reluinr.task.SuperResolutionBaselines.DEFAULT_ITERATIONS;

	@Override
	protected void planFiles(OutputPlan plan) {
		super.planFiles(plan);
		plan.read("ground_truth_file", ground_truth_file);
	}

	@Override
	protected TaskDescription describe() {
		return new TaskDescription.SuperResolution(scale, start_from,
				pretraining, back_projection_iterations, null_space_weight,
				tv_weight, ImageJBicubic.INSTANCE, true);
	}

	@Override
	protected List<String> leadingInputs() {
		return List.of("scale", "ground_truth_file");
	}

	@Override
	protected ImagePlus groundTruthImage() {
		return ground_truth;
	}

	@Override
	protected File groundTruthFile() {
		return ground_truth_file;
	}
}
