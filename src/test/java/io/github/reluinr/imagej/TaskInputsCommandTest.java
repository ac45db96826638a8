package io.github.reluinr.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import io.github.reluinr.op.ScikitImageFixtures;
import io.github.reluinr.task.MetricsRow;
import io.github.reluinr.task.TaskResult;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.log.LogListener;
import org.scijava.log.LogService;

/**
 * The commands' task inputs end to end (issue 16): settings given are kept and
 * settings not given take the chosen task's defaults; ground truths per plane
 * and checked before ND4J starts; the measured-sinogram path; noise_snr;
 * fbp_file and sinogram_file.
 */
class TaskInputsCommandTest {

	/** A w x h float image with a smooth pattern depending on k. */
	private static FloatProcessor pattern(int w, int h, int k) {
		FloatProcessor fp = new FloatProcessor(w, h);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				fp.setf(x, y, (float) (3 + Math.sin(0.3 * x * (k + 1))
						+ Math.cos(0.2 * y * (2 - k)) + 0.1 * k * x));
		return fp;
	}

	/** PSNR with peak = the truth's range, as the metrics define it. */
	private static double psnr(float[] truth, float[] estimate) {
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY,
				se = 0;
		for (int i = 0; i < truth.length; i++) {
			min = Math.min(min, truth[i]);
			max = Math.max(max, truth[i]);
			se += Math.pow(truth[i] - estimate[i], 2);
		}
		return 10 * Math.log10((max - min) * (max - min) / (se / truth.length));
	}

	private static Map<String, Object> small(ImagePlus imp) {
		Map<String, Object> m = CommandFixture.small(imp);
		m.put("epochs", 3);
		m.put("width", 8);
		return m;
	}

	@Test
	void allSlicesScoresEachPlaneAgainstItsOwnGroundTruthPlane(
			@TempDir Path dir) throws Exception
	{
		// two different planes at 16 x 16, their ground truths at 32 x 32; the ground truth shows plane 1 (its current slice)
		ImageStack in = new ImageStack(16, 16), gt = new ImageStack(32, 32);
		for (int k = 0; k < 2; k++) {
			in.addSlice(pattern(16, 16, k));
			gt.addSlice(pattern(32, 32, k));
		}
		File gtFile = dir.resolve("gt.tif").toFile();
		IJ.saveAsTiff(new ImagePlus("gt", gt), gtFile.getPath());
		Map<String, Object> m = small(new ImagePlus("in", in));
		m.put("scale", 2);
		m.put("start_from", "random");
		m.put("pretraining", 0);
		m.put("back_projection_iterations", 0);
		m.put("all_slices", true);
		m.put("ground_truth_file", gtFile);
		SuperResolutionCommand cmd = CommandFixture
				.run(SuperResolutionCommand.class, m);
		assertNull(cmd.error(), cmd.error());
		ImagePlus bicubic = cmd.outputImages().stream()
				.filter(o -> o.getTitle().endsWith("bicubic-imagej x2"))
				.findFirst().orElseThrow();
		assertEquals(2, bicubic.getStackSize());
		List<MetricsRow> rows = new ArrayList<>();
		for (TaskResult r : cmd.results())
			rows.addAll(r.metrics());
		for (int p = 1; p <= 2; p++) {
			final int plane = p;
			MetricsRow row = rows.stream()
					.filter(r -> r.method().equals(ImageJBicubic.METHOD)
							&& r.plane() == plane)
					.findFirst().orElseThrow();
			float[] truth = (float[]) gt.getProcessor(p).getPixels(),
					est = (float[]) bicubic.getStack().getProcessor(p)
							.getPixels();
			assertEquals(psnr(truth, est), row.psnrDb(), 1e-3,
					"plane " + p + " against ground-truth plane " + p);
		}
	}

	@Test
	void theGroundTruthFileIsOpenedOncePerRun(@TempDir Path dir)
			throws Exception
	{
		ImageStack gt = new ImageStack(32, 32), in = new ImageStack(16, 16);
		for (int k = 0; k < 2; k++) {
			gt.addSlice(pattern(32, 32, k));
			in.addSlice(pattern(16, 16, k));
		}
		File gtFile = dir.resolve("gt.tif").toFile();
		IJ.saveAsTiff(new ImagePlus("gt", gt), gtFile.getPath());
		ImagePlus input = new ImagePlus("in", in);
		GroundTruth truth = GroundTruth.of(null, gtFile, input,
				io.github.reluinr.task.TaskDescription.SuperResolution.paper(2,
						null),
				null);
		assertTrue(gtFile.delete());
		// both planes come from the image opened at the start, not from the (now missing) file
		for (int p = 1; p <= 2; p++) {
			truth.check(p, 16, 16, 1);
			float[] expected = (float[]) gt.getProcessor(p).getPixels();
			float[] got = truth.plane(p).pixels()
					.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c')
					.data().asFloat();
			assertTrue(java.util.Arrays.equals(expected, got), "plane " + p);
		}
	}

	@Test
	void aGroundTruthThatDoesNotFitIsRefusedBeforeNd4jStarts(@TempDir Path dir)
			throws Exception
	{
		File gtFile = dir.resolve("gt.tif").toFile();
		IJ.saveAsTiff(new ImagePlus("gt", pattern(30, 30, 0)),
				gtFile.getPath());
		List<String> log = new ArrayList<>();
		LogListener listener = msg -> log.add(msg.text());
		CommandFixture.context().service(LogService.class)
				.addLogListener(listener);
		try {
			Map<String, Object> m = small(
					new ImagePlus("in", pattern(16, 16, 0)));
			m.put("scale", 2);
			m.put("ground_truth_file", gtFile);
			SuperResolutionCommand cmd = CommandFixture
					.run(SuperResolutionCommand.class, m);
			assertEquals("ground_truth_file is 30x30 but scale 2 makes 32x32",
					cmd.error());
			// the run's first line names the backend, which starts ND4J: it never came
			assertTrue(log.stream().noneMatch(l -> l.contains("backend")),
					log.toString());

			ImageStack two = new ImageStack(32, 32);
			two.addSlice(pattern(32, 32, 0));
			two.addSlice(pattern(32, 32, 1));
			two.addSlice(pattern(32, 32, 0));
			IJ.saveAsTiff(new ImagePlus("gt3", two), gtFile.getPath());
			ImageStack in = new ImageStack(16, 16);
			in.addSlice(pattern(16, 16, 0));
			in.addSlice(pattern(16, 16, 1));
			m = small(new ImagePlus("in2", in));
			m.put("scale", 2);
			m.put("all_slices", true);
			m.put("ground_truth_file", gtFile);
			assertEquals(
					"ground_truth_file has 3 planes but the input has 2: give one plane (used for every input plane) or one per input plane",
					CommandFixture.run(SuperResolutionCommand.class, m)
							.error());
			assertTrue(log.stream().noneMatch(l -> l.contains("backend")),
					log.toString());
		}
		finally {
			CommandFixture.context().service(LogService.class)
					.removeLogListener(listener);
		}
	}

	/**
	 * Choosing a method in the dialog sets its Appendix D rate and scales, over
	 * values typed before (CT from SIRT: 0.5 x the rate).
	 */
	@Test
	void choosingTheMethodSetsItsRateAndScales() {
		CtCommand ct = new CtCommand();
		ct.lr = 0.5;
		ct.omega0 = 99;
		ct.activation = "wire";
		ct.activationChanged();
		assertEquals(5e-3 * 0.5, ct.lr, 1e-12);
		assertEquals(7, ct.omega0, 0);
		assertEquals(10, ct.sigma0, 0);
		ct.start_from = "random";
		ct.activation = "bw-relu";
		ct.activationChanged();
		assertEquals(2e-3, ct.lr, 1e-12);
		assertEquals(3, ct.c, 0);
	}

	/** The dialog's learning rate follows the start chosen. */
	@Test
	void choosingTheStartSetsItsLearningRate() {
		CtCommand ct = new CtCommand();
		ct.start_from = "random";
		ct.startChanged();
		assertEquals(2e-3, ct.lr, 1e-12);
		ct.start_from = "sirt";
		ct.startChanged();
		assertEquals(1e-3, ct.lr, 1e-12);
	}

	@Test
	void settingsGivenAreKeptEvenWhenTheyEqualBwRelusDefaults() {
		// Appendix D: WIRE's CT settings are lr 5e-3, omega0 7; Gauss's super-resolution sigma0 is 10. BW-ReLU's CT lr
		// is 2e-3 and its configuration carries omega0 25; super-resolution's carries sigma0 6. Given, each is kept.
		CtCommand ct = new CtCommand();
		ct.start_from = "random"; // the paper's start and rates (from SIRT: 0.5 x each, TaskDescriptionTest)
		ct.activation = "wire";
		ct.lr = 2e-3;
		ct.omega0 = 25;
		assertEquals(2e-3, ct.config().lr(), 0);
		assertEquals(25, ct.config().omega0(), 0);
		ct.lr = 0; // not given: WIRE's
		ct.omega0 = 0;
		assertEquals(5e-3, ct.config().lr(), 0);
		assertEquals(7, ct.config().omega0(), 0);
		SuperResolutionCommand sr = new SuperResolutionCommand();
		sr.activation = "gauss";
		sr.sigma0 = 6;
		assertEquals(6, sr.config().sigma0(), 0);
		sr.sigma0 = 0;
		assertEquals(10, sr.config().sigma0(), 0);
	}

	@Test
	void selectCWithOnlyTheTaskGivenTrainsWithThatTasksDefaults() {
		// a macro run("Select c (variation norm)", "task=fit ...") sets task and nothing else: the paper's fit
		// settings (1000 epochs, 3 x 300, c irrelevant, lr 4e-3, the schedule over all epochs), not CT's
		SelectCCommand cmd = new SelectCCommand();
		cmd.task = "fit";
		var cfg = cmd.config();
		assertEquals(List.of(1000, 300, 3, 1000), List.of(cfg.epochs(),
				cfg.width(), cfg.layers(), cfg.decayHorizon()));
		assertEquals(4e-3, cfg.lr(), 0);
		CompareCommand compare = new CompareCommand();
		compare.task = "ct";
		compare.epochs = 300;
		assertEquals(150, compare.config().decayHorizon(),
				"CT's schedule decays over half the epochs given");
	}

	@Test
	void anExplicitAngleCountIsGiven(@TempDir Path dir) throws Exception {
		// reference geometry: angles = 100 given for a sinogram of 80 rows is refused, not taken for "not given"
		Map<String, Object> m = small(
				new ImagePlus("sino", pattern(24, 80, 0)));
		m.put("sinogram_input", true);
		m.put("geometry", "reference");
		m.put("angles", 100);
		assertEquals(
				"angles = 100 but the sinogram has 80 rows (one per angle): set angles to 80 or leave it out",
				CommandFixture.run(CtCommand.class, m).error());
		m.put("angles", 0);
		assertNull(CommandFixture.run(CtCommand.class, m).error());
		// standard geometry: angles = 100 given for a 100 x 24 sinogram is its angle list (not "needs its angles")
		m = small(new ImagePlus("sino", pattern(24, 100, 0)));
		m.put("sinogram_input", true);
		m.put("angles", 100);
		m.put("sirt_iterations", 0);
		CtCommand cmd = CommandFixture.run(CtCommand.class, m);
		assertNull(cmd.error(), cmd.error());
		assertEquals(24, cmd.outputImages().get(0).getWidth(),
				"the 24 x 24 detector square");
	}

	@Test
	void aMeasuredSinogramThroughTheCommandMatchesScikitImagesFbp(
			@TempDir Path dir) throws Exception
	{
		// scikit-image's radon of a 64 x 64 phantom, 30 views, detectors x angles (91 x 30), and its iradon (hann) PSNR
		float[] sino = ScikitImageFixtures.floats("phantom64-radon30.f32");
		float[] phantom = ScikitImageFixtures.floats("phantom64.f32");
		File gtFile = dir.resolve("phantom.tif").toFile(),
				angles = dir.resolve("theta.txt").toFile();
		IJ.saveAsTiff(
				new ImagePlus("phantom", new FloatProcessor(64, 64, phantom)),
				gtFile.getPath());
		StringBuilder sb = new StringBuilder();
		for (double a : ScikitImageFixtures.theta())
			sb.append(a).append('\n');
		java.nio.file.Files.writeString(angles.toPath(), sb.toString());
		Map<String, Object> m = small(
				new ImagePlus("radon", new FloatProcessor(30, 91, sino)));
		m.put("sinogram_input", true);
		m.put("angles_file", angles);
		m.put("ground_truth_file", gtFile);
		m.put("sirt_iterations", 5);
		CtCommand cmd = CommandFixture.run(CtCommand.class, m);
		assertNull(cmd.error(), cmd.error());
		List<MetricsRow> rows = cmd.results().get(0).metrics();
		assertEquals(List.of("bw-relu", "fbp", "sirt"),
				rows.stream().map(MetricsRow::method).toList());
		assertEquals(ScikitImageFixtures.iradonPsnr("phantom64", "hann"),
				rows.get(1).psnrDb(), 0.3);
		for (ImagePlus o : cmd.outputImages()) {
			if (!o.getTitle().endsWith("sinogram"))
				assertEquals(List.of(64, 64),
						List.of(o.getWidth(), o.getHeight()), o.getTitle());
		}
	}

	/**
	 * The sinogram a CT run from an image produced (its "sinogram" result),
	 * angles x detectors.
	 */
	private static float[] sinogramOf(CtCommand cmd) {
		ImagePlus s = cmd.outputImages().stream()
				.filter(o -> o.getTitle().endsWith(" - sinogram")).findFirst()
				.orElseThrow();
		return (float[]) s.getProcessor().convertToFloatProcessor().getPixels();
	}

	@Test
	void noiseSnrAddsNoiseOfThatSignalToNoiseRatio() throws Exception {
		Map<String, Object> m = small(new ImagePlus("img", pattern(24, 24, 0)));
		m.put("angles", 40);
		m.put("epochs", 1);
		m.put("sirt_iterations", 0);
		float[] clean = sinogramOf(CommandFixture.run(CtCommand.class, m));
		m.put("noise_snr", 20.0);
		float[] noisy = sinogramOf(CommandFixture.run(CtCommand.class, m));
		double signal = 0, noise = 0;
		for (int i = 0; i < clean.length; i++) {
			signal += (double) clean[i] * clean[i];
			noise += Math.pow(noisy[i] - clean[i], 2);
		}
		// 40 x 34 samples: the measured SNR of white noise is within a few tenths of a dB of the one asked for
		assertEquals(20, 10 * Math.log10(signal / noise), 0.5);
	}

	@Test
	void fbpFileAndSinogramFileHoldTheRunsFbpAndSinogram(@TempDir Path dir)
			throws Exception
	{
		FloatProcessor img = pattern(20, 20, 1);
		Map<String, Object> m = small(new ImagePlus("img", img));
		File fbp = dir.resolve("fbp.tif").toFile(),
				sino = dir.resolve("sino.tif").toFile();
		m.put("angles", 24);
		m.put("sirt_iterations", 0);
		m.put("output_file", dir.resolve("inr.tif").toFile());
		m.put("fbp_file", fbp);
		m.put("sinogram_file", sino);
		CtCommand cmd = CommandFixture.run(CtCommand.class, m);
		assertNull(cmd.error(), cmd.error());
		ImagePlus shownFbp = cmd.outputImages().stream()
				.filter(o -> o.getTitle().endsWith(" - FBP")).findFirst()
				.orElseThrow();
		ImagePlus fbpRead = IJ.openImage(fbp.getPath());
		assertEquals(List.of(20, 20),
				List.of(fbpRead.getWidth(), fbpRead.getHeight()));
		assertTrue(java.util.Arrays.equals(
				(float[]) shownFbp.getProcessor().getPixels(),
				(float[]) fbpRead.getProcessor().getPixels()));
		// the sinogram: one row per angle over the image padded to its diagonal (ceil(sqrt(2) * 20) = 29 detectors),
		// and each row sums to the image's total (a projection keeps the mass)
		ImagePlus s = IJ.openImage(sino.getPath());
		assertEquals(List.of(29, 24), List.of(s.getWidth(), s.getHeight()));
		double mass = 0;
		for (float v : (float[]) img.getPixels())
			mass += v;
		float[] rows = (float[]) s.getProcessor().getPixels();
		for (int a = 0; a < 24; a++) {
			double sum = 0;
			for (int d = 0; d < 29; d++)
				sum += rows[a * 29 + d];
			assertEquals(mass, sum, 0.02 * Math.abs(mass) + 1, "angle " + a);
		}
	}
}
