package io.github.reluinr.imagej;

import io.github.reluinr.op.FilteredBackProjection;
import io.github.reluinr.task.CtTask;
import io.github.reluinr.task.OutputRole;
import io.github.reluinr.task.TaskDescription;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Sparse-view CT: from an image (a sinogram of N views is simulated) or from a
 * measured sinogram, a BW-ReLU reconstruction beside filtered back-projection
 * and SIRT. Geometry {@code standard} follows scikit-image (see
 * {@link CtTask}); {@code reference} is the paper's code, for the reference
 * check.
 */
@Plugin(type = Command.class, menuPath = InrCommand.MENU
		+ "Sparse-View CT (BW-ReLU)", headless = true, label = "Sparse-View CT (BW-ReLU)", description = "Reconstruct from few parallel-beam projections with a BW-ReLU network")
public class CtCommand extends InrCommand {

	@Parameter(persist = false, label = "Number of angles (views; 0 = angles_file, or 100 for an image)", min = "0", max = "10000")
	protected int angles = 0;

	@Parameter(persist = false, label = "Angle range (degrees)", min = "0.001", max = "360")
	protected double angle_range = 180;

	@Parameter(persist = false, label = "Angles include the end of the range (the paper's linspace)", required = false)
	protected boolean angle_endpoint;

	@Parameter(label = "Angles file (degrees, one per line or comma-separated)", required = false, persist = false)
	protected File angles_file;

	@Parameter(persist = false, label = "Sinogram layout", choices = {"auto",
			"angles-by-detectors",
			"detectors-by-angles"}, description = "auto: the axis whose length is the number of angles; scikit-image's radon writes detectors-by-angles")
	protected String sinogram_layout = "auto";

	@Parameter(persist = false, label = "Rotation axis offset (detector pixels, + = right of centre)", min = "-100000", max = "100000")
	protected double center_offset;

	@Parameter(persist = false, label = "Geometry", choices = {"standard",
			"reference"}, description = "standard: scikit-image's radon/iradon; reference: the paper's code (rotation inside the frame)")
	protected String geometry = "standard";

	@Parameter(persist = false, label = "FBP filter", choices = {"hann", "ramp",
			"shepp-logan", "cosine", "hamming", "all"})
	protected String filter = CtTask.DEFAULT_FILTER;

	@Parameter(persist = false, label = "SIRT iterations (0 = no SIRT)", min = "0", max = "100000")
	protected int sirt_iterations = CtTask.DEFAULT_SIRT_ITERATIONS;

	@Parameter(persist = false, label = "Non-negative (SIRT clamps, the network's result is clipped)", required = false)
	protected boolean non_negative = true;

	@Parameter(persist = false, label = "Start from", choices = {"sirt",
			"random"}, callback = "startChanged", description = "sirt: the network is first fitted to the SIRT image, then trained on the sinogram (at 0.5 x the method's learning rate); random: the paper's start")
	protected String start_from = CtTask.DEFAULT_START;

	@Parameter(persist = false, label = "Pretraining epochs (fit to the SIRT image)", min = "0", max = "1000000")
	protected int pretraining = CtTask.DEFAULT_PRETRAINING;

	@Parameter(persist = false, label = "Total-variation weight (geometry standard; 0 = none)", min = "0", max = "1000000", stepSize = "0.5", description = "A prior added to the data term that favours piecewise-smooth images over sparse-view streaks")
	protected double tv_weight = CtTask.DEFAULT_TV_WEIGHT;

	@Parameter(persist = false, label = "Data weighting (geometry standard)", choices = {
			"ramp",
			"none"}, description = "ramp: the residual is weighted by the ramp filter along each view, so fine detail trains as fast as coarse shape (same minimisers); none: the plain squared residual, as the paper's code")
	protected String data_weighting = CtTask.DEFAULT_DATA_WEIGHTING;

	@Parameter(persist = false, label = "Consistency iterations, at most (geometry standard; 0 = the network alone)", min = "0", max = "100000", description = "After training, CGLS iterations correct the network's output towards the sinogram (what the views measure comes from the data, the rest from the network), stopping at the noise level estimated from the sinogram")
	protected int consistency_iterations = CtTask.DEFAULT_CONSISTENCY_ITERATIONS;

	@Parameter(persist = false, label = "Noise SNR (dB, 0 = no noise)", min = "0", max = "200")
	protected double noise_snr = 0;

	@Parameter(persist = false, label = "Input is a sinogram (line sums; see sinogram_layout)", required = false)
	protected boolean sinogram_input;

	@Parameter(persist = false, label = "Reconstruction height (geometry reference, sinogram input; 0 = detectors)", min = "0", max = "16384", required = false)
	protected int height;

	@Parameter(label = "Ground truth file (optional)", required = false, persist = false)
	protected File ground_truth_file;

	@Parameter(label = "FBP output file (optional)", required = false, persist = false, style = FileWidget.SAVE_STYLE)
	protected File fbp_file;

	@Parameter(label = "Sinogram output file (optional)", required = false, persist = false, style = FileWidget.SAVE_STYLE)
	protected File sinogram_file;

	@Parameter(label = "SIRT output file (optional)", required = false, persist = false, style = FileWidget.SAVE_STYLE)
	protected File sirt_file;

	@Override
	protected void planFiles(OutputPlan plan) {
		super.planFiles(plan);
		plan.read("ground_truth_file", ground_truth_file);
		plan.read("angles_file", angles_file);
	}

	/**
	 * CT from the image or from the sinogram, in the chosen geometry; the
	 * angles from angles_file, or from angles and angle_range (0 angles: not
	 * given, 100 for an image).
	 */
	@Override
	protected TaskDescription describe() {
		if (!CtTask.GEOMETRIES.contains(geometry))
			throw new InvalidInputException("geometry = " + geometry
					+ " is not allowed: use standard or reference");
		Checks.rangeOpenBelow("angle_range", angle_range, 0, 360);
		File anglesFile = angles_file != null
				&& !angles_file.getPath().isEmpty() ? angles_file : null;
		if (anglesFile != null && angles > 0)
			throw new InvalidInputException(
					"give angles or angles_file, not both");
		CtTask.Geometry g;
		if (geometry.equals("reference")) {
			// the paper's code: random start, plain data term, no prior (start_from, pretraining,
			// tv_weight, data_weighting and consistency_iterations belong to the standard geometry)
			if (anglesFile != null || center_offset != 0
					|| !sinogram_layout.equals("auto")
							&& !sinogram_layout.equals("angles-by-detectors"))
			{
				throw new InvalidInputException(
						"geometry = reference takes only angles, angle_range and an angles-by-detectors sinogram"
								+ " (not angles_file, center_offset or sinogram_layout = "
								+ sinogram_layout + ")");
			}
			g = new CtTask.Reference(angles, angle_range);
		}
		else {
			double[] list = anglesFile != null
					? readAngles(anglesFile)
					: CtTask.angles(angles, angle_range, angle_endpoint,
							sinogram_input);
			g = new CtTask.Standard(list, center_offset,
					filter.equals("all")
							? FilteredBackProjection.FILTERS
							: List.of(filter),
					sirt_iterations, non_negative, start_from, pretraining,
					tv_weight, data_weighting, consistency_iterations);
		}
		return sinogram_input
				? new TaskDescription.CtFromSinogram(g, sinogram_layout, height)
				: new TaskDescription.CtFromImage(g, noise_snr);
	}

	/**
	 * Dialog callback: each start has its own learning rate (after SIRT, 0.5 x
	 * the method's).
	 */
	protected void startChanged() {
		lr = 0;
		showDefaults();
	}

	@Override
	protected List<String> leadingInputs() {
		return List.of("sinogram_input", "angles", "angle_range",
				"angle_endpoint", "angles_file", "ground_truth_file");
	}

	@Override
	protected File groundTruthFile() {
		return ground_truth_file;
	}

	/**
	 * Degrees, one per line or comma-separated (blank lines and # comments
	 * ignored).
	 */
	static double[] readAngles(File f) {
		if (!f.isFile())
			throw new InvalidInputException("angles_file: no such file " + f);
		String text;
		try {
			text = Files.readString(f.toPath(), StandardCharsets.UTF_8);
		}
		catch (IOException | java.io.UncheckedIOException e) {
			throw new InvalidInputException("angles_file: cannot read " + f
					+ " (" + e.getMessage() + ")");
		}
		return parseAngles(text, f.getName());
	}

	static double[] parseAngles(String text, String name) {
		List<Double> values = new ArrayList<>();
		int line = 0;
		for (String l : text.split("\\R", -1)) {
			line++;
			int hash = l.indexOf('#');
			if (hash >= 0) l = l.substring(0, hash);
			for (String token : l.split("[,;\\s]+")) {
				if (token.isEmpty()) continue;
				double v;
				try {
					v = Double.parseDouble(token);
				}
				catch (NumberFormatException e) {
					throw new InvalidInputException("angles_file " + name
							+ " line " + line + ": '" + token
							+ "' is not a number (degrees, one per line or comma-separated)");
				}
				if (!Double.isFinite(v))
					throw new InvalidInputException(
							"angles_file " + name + " line " + line + ": "
									+ token + " is not finite");
				values.add(v);
			}
		}
		if (values.size() < 2 || values.size() > 10000)
			throw new InvalidInputException("angles_file " + name + " has "
					+ values.size() + " angles: 2 to 10000 are allowed");
		return values.stream().mapToDouble(Double::doubleValue).toArray();
	}

	@Override
	protected Map<OutputRole, File> extraOutputs() {
		Map<OutputRole, File> m = new LinkedHashMap<>();
		m.put(OutputRole.FBP, fbp_file);
		m.put(OutputRole.SINOGRAM, sinogram_file);
		m.put(OutputRole.SIRT, sirt_file);
		return m;
	}
}
