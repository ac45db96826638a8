package io.github.reluinr.imagej;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.github.reluinr.task.Image2D;
import io.github.reluinr.task.TaskDescription;
import java.awt.Rectangle;
import java.io.File;

/**
 * An optional ground truth given as an open image or a file: opened once per
 * run, checked against every input plane before ND4J starts (the task
 * description's shape rule), and cut like the input. A ground truth of one
 * plane serves every input plane; a stack serves plane by plane and must have
 * the input's number of planes.
 */
final class GroundTruth {

	private final ImagePlus image;
	private final String key;
	private final ImagePlus input;
	private final TaskDescription task;
	private final Rectangle region;

	private GroundTruth(ImagePlus image, String key, ImagePlus input,
			TaskDescription task, Rectangle region)
	{
		this.image = image;
		this.key = key;
		this.input = input;
		this.task = task;
		this.region = region;
	}

	/**
	 * The file if given, else the open image unless it is the input itself
	 * (imagej-legacy fills an unset optional ImagePlus input with the active
	 * image, i.e. the input: that is no ground truth); null: none.
	 */
	static GroundTruth of(ImagePlus image, File file, ImagePlus input,
			TaskDescription task, Rectangle inputRegion)
	{
		boolean fileGiven = file != null && !file.getPath().isEmpty();
		if ((fileGiven || image != null && image != input)
				&& task.groundTruthRefusal() != null)
		{
			throw new InvalidInputException(
					(fileGiven ? "ground_truth_file " : "ground_truth ")
							+ task.groundTruthRefusal());
		}
		if (file != null && !file.getPath().isEmpty())
			return new GroundTruth(Checks.open("ground_truth_file", file),
					"ground_truth_file", input, task, inputRegion);
		if (image == null || image == input) return null;
		return new GroundTruth(image, "ground_truth", input, task, inputRegion);
	}

	/** The ground truth's plane (1-based) for input plane p. */
	private int planeFor(int p) {
		int n = image.getStackSize(), inputPlanes = input.getStackSize();
		if (n == 1) return 1;
		if (n == inputPlanes) return p;
		throw new InvalidInputException(key + " has " + n
				+ " planes but the input has " + inputPlanes
				+ ": give one plane (used for every input plane) or one per input plane");
	}

	/**
	 * Fails unless the ground truth fits input plane p, of width x height
	 * (after the selection) and channels: the whole ground truth against the
	 * whole input when it follows the input's selection, else against the
	 * plane.
	 */
	void check(int p, int width, int height, int channels) {
		ImageProcessor gt = image.getStack().getProcessor(planeFor(p));
		boolean follows = task.groundTruthRegionScale() > 0;
		int w = follows ? input.getWidth() : width,
				h = follows ? input.getHeight() : height;
		String mismatch = task.groundTruthMismatch(gt.getWidth(),
				gt.getHeight(), gt.getNChannels(), w, h, channels);
		if (mismatch != null)
			throw new InvalidInputException(key + " " + mismatch);
	}

	/**
	 * The ground truth for input plane p, restricted to the input's selection
	 * scaled as the task says.
	 */
	Image2D plane(int p) {
		int f = task.groundTruthRegionScale();
		Rectangle r = region == null || f == 0
				? null
				: new Rectangle(region.x * f, region.y * f, region.width * f,
						region.height * f);
		return ImagePlusAdapter.toImage2D(image, planeFor(p), r);
	}
}
