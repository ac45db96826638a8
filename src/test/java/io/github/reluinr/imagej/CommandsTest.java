package io.github.reluinr.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands through CommandService in a headless SciJava Context, on small
 * images and few epochs.
 */
class CommandsTest {

	static ImagePlus gray() {
		return CommandFixture.gray();
	}

	static Map<String, Object> small(ImagePlus imp) {
		return CommandFixture.small(imp);
	}

	static <C extends InrCommand> C run(Class<C> type,
			Map<String, Object> inputs) throws Exception
	{
		return CommandFixture.run(type, inputs);
	}

	@Test
	void fitReturnsMetricsAndLeavesTheInputUntouched() throws Exception {
		ImagePlus imp = gray();
		byte[] before = ((byte[]) imp.getProcessor().getPixels()).clone();
		FitCommand cmd = run(FitCommand.class, small(imp));
		assertNull(cmd.error());
		ResultsTable t = cmd.metrics;
		assertEquals(1, t.size());
		assertEquals("fit", t.getStringValue("task", 0));
		assertEquals("bw-relu", t.getStringValue("method", 0));
		assertEquals("gray", t.getStringValue("image", 0));
		// the table's PSNR is the output's against the input, with peak = the input's range
		float[] o = (float[]) cmd.outputImages().get(0).getProcessor()
				.getPixels();
		double mse = 0;
		for (int i = 0; i < o.length; i++)
			mse += Math.pow(o[i] - (before[i] & 0xff), 2);
		double range = imp.getProcessor().getStatistics().max
				- imp.getProcessor().getStatistics().min;
		assertEquals(10 * Math.log10(range * range / (mse / o.length)),
				t.getValue("psnr_db", 0), 1e-3);
		assertTrue(t.getStringValue("backend", 0).startsWith("cpu"));
		assertArrayEquals(before, (byte[]) imp.getProcessor().getPixels());
		ImagePlus out = cmd.outputImages().get(0);
		assertEquals("gray - INR", out.getTitle());
		assertEquals(32, out.getBitDepth());
		assertEquals(24, out.getWidth());
	}

	@Test
	void rgbInRgbOutWithSelectionAndCalibration() throws Exception {
		ColorProcessor cp = new ColorProcessor(30, 26);
		for (int y = 0; y < 26; y++)
			for (int x = 0; x < 30; x++)
				cp.set(x, y, ((x * 8) << 16) | ((y * 9) << 8) | ((x + y) * 4));
		ImagePlus imp = new ImagePlus("rgb", cp);
		imp.getCalibration().pixelWidth = 0.5;
		imp.getCalibration().pixelHeight = 0.5;
		imp.getCalibration().setUnit("um");
		imp.setRoi(4, 3, 12, 10);
		Map<String, Object> m = small(imp);
		m.put("scale", 2);
		SuperResolutionCommand cmd = run(SuperResolutionCommand.class, m);
		assertNull(cmd.error());
		ImagePlus inr = cmd.outputImages().get(0);
		assertEquals("rgb - INR x2", inr.getTitle());
		assertEquals(24, inr.getWidth());
		assertEquals(20, inr.getHeight());
		assertEquals(3, inr.getNChannels());
		assertEquals(0.25, inr.getCalibration().pixelWidth, 1e-12);
		assertEquals("rgb - bicubic-skimage x2",
				cmd.outputImages().get(1).getTitle());
		List<String> methods = new java.util.ArrayList<>();
		for (int i = 0; i < cmd.metrics.size(); i++)
			methods.add(cmd.metrics.getStringValue("method", i));
		assertEquals(
				List.of("bw-relu", "bicubic-skimage", "bicubic-pil",
						"lanczos-pil", "back-projection", "bicubic-imagej"),
				methods);
		assertEquals(6, cmd.outputImages().size());
		for (ImagePlus o : cmd.outputImages())
			assertEquals(3, o.getNChannels());
	}

	@Test
	void superResolutionDefaultsToTheWarmStartRecipe() {
		SuperResolutionCommand cmd = new SuperResolutionCommand();
		assertEquals("back-projection", cmd.start_from);
		assertEquals(250, cmd.pretraining);
		assertEquals(850, cmd.config().epochs());
		assertEquals(256, cmd.config().width());
		assertEquals(3e-3, cmd.config().lr(), 0);
	}

	@Test
	void inputFileToOutputFileWithNoImageOpen(@TempDir Path dir)
			throws Exception
	{
		File in = dir.resolve("in.tif").toFile();
		ij.IJ.saveAsTiff(gray(), in.getPath());
		Map<String, Object> m = small(null);
		m.remove("image");
		m.put("input_file", in);
		m.put("output_file", dir.resolve("out.tif").toFile());
		m.put("metrics_file", dir.resolve("m.csv").toFile());
		FitCommand cmd = run(FitCommand.class, m);
		assertNull(cmd.error());
		ImagePlus out = ij.IJ.openImage(dir.resolve("out.tif").toString());
		assertEquals(32, out.getBitDepth());
		assertTrue(Files.exists(dir.resolve("out.png")));
		List<String> csv = Files.readAllLines(dir.resolve("m.csv"));
		assertEquals(
				"task,method,c,epochs,seconds,final_loss,psnr_db,ssim,variation_norm,backend,stopped_early,input,plane,stop_reason,filter",
				csv.get(0));
		assertEquals(2, csv.size());
	}

	@Test
	void ctGivesReconstructionFbpAndSinogram() throws Exception {
		FloatProcessor fp = new FloatProcessor(24, 24);
		for (int y = 0; y < 24; y++)
			for (int x = 0; x < 24; x++)
				fp.setf(x, y,
						(x - 11.5) * (x - 11.5) + (y - 11.5) * (y - 11.5) < 64
								? 1f
								: 0f);
		Map<String, Object> m = small(new ImagePlus("disk", fp));
		m.put("angles", 12);
		CtCommand cmd = run(CtCommand.class, m);
		assertNull(cmd.error());
		assertEquals(
				List.of("disk - INR", "disk - FBP", "disk - SIRT",
						"disk - sinogram"),
				cmd.outputImages().stream().map(ImagePlus::getTitle).toList());
		assertEquals(24, cmd.outputImages().get(0).getHeight(),
				"cropped back to the input's size");
		assertEquals(12, cmd.outputImages().get(3).getHeight(),
				"one row per angle");
		assertEquals(34, cmd.outputImages().get(3).getWidth(),
				"detectors: the padded diagonal ceil(sqrt(2) 24)");
		assertEquals("fbp", cmd.metrics.getStringValue("method", 1));
		assertEquals("hann", cmd.metrics.getStringValue("filter", 1));
		assertEquals("sirt", cmd.metrics.getStringValue("method", 2));
	}

	@Test
	void outputsAppearInMacroBatchMode() throws Exception {
		boolean was = Interpreter.batchMode;
		Interpreter.batchMode = true;
		try {
			Map<String, Object> m = small(gray());
			m.put("show_results", true);
			m.put("epochs", 3);
			FitCommand cmd = run(FitCommand.class, m);
			assertNull(cmd.error());
			assertNotNull(WindowManager.getImage("gray - INR"),
					"result registered with WindowManager in batch mode");
		}
		finally {
			Interpreter.batchMode = was;
		}
	}

	@Test
	void badInputGetsAMessageNamingTheParameter() throws Exception {
		Map<String, Object> m = small(gray());
		m.put("epochs", -1);
		assertEquals(
				"epochs = -1 is out of range: allowed 1 to 1000000 (0: the task's default)",
				run(FitCommand.class, m).error());
		m = small(gray());
		m.put("lr", -1.0);
		assertTrue(run(FitCommand.class, m).error().startsWith("lr = -1"));
		m = small(new ImagePlus("flat", new ByteProcessor(10, 10)));
		assertTrue(run(FitCommand.class, m).error().contains("constant"));
		FloatProcessor nan = new FloatProcessor(10, 10);
		nan.setf(3, 3, Float.NaN);
		nan.setf(4, 4, 1f);
		m = small(new ImagePlus("nan", nan));
		assertTrue(run(FitCommand.class, m).error().contains("NaN"));
		m = small(new ImagePlus("tiny", new ByteProcessor(1, 1)));
		assertTrue(run(FitCommand.class, m).error().contains("at least 2x2"));
		m = small(gray());
		m.put("scale", 1);
		assertTrue(run(SuperResolutionCommand.class, m).error()
				.startsWith("scale = 1 is out of range"));
		m = small(gray());
		m.put("start_from", "nearest");
		assertTrue(run(SuperResolutionCommand.class, m).error().startsWith(
				"start_from = nearest is not allowed: use one of random, back-projection"));
		m = small(gray());
		m.put("pretraining", -1);
		assertTrue(run(SuperResolutionCommand.class, m).error()
				.startsWith("pretraining = -1 is out of range"));
		m = small(gray());
		m.put("angles", 1);
		assertTrue(run(CtCommand.class, m).error().startsWith("angles = 1"));
		m = small(gray());
		m.put("angle_range", 400.0);
		assertTrue(run(CtCommand.class, m).error()
				.startsWith("angle_range = 400"));
		m = small(null);
		m.remove("image");
		m.put("input_file", new File("/nonexistent/x.tif"));
		String e = run(FitCommand.class, m).error();
		assertTrue(e.startsWith("input_file: file not found"), e);
		m = small(gray());
		m.put("output_file", new File("/nonexistent-dir/out.tif"));
		assertTrue(run(FitCommand.class, m).error()
				.startsWith("output_file: folder does not exist"));
		m = small(gray());
		m.put("device", "gpu");
		assertTrue(run(FitCommand.class, m).error().startsWith("device = gpu"));
	}

	@Test
	void everyTaskTakesAnActivationWithItsOwnDefaults() throws Exception {
		Map<String, Object> m = small(gray());
		m.put("activation", "siren");
		FitCommand cmd = run(FitCommand.class, m);
		assertNull(cmd.error());
		assertEquals("siren", cmd.metrics.getStringValue("method", 0));
		assertEquals("", cmd.metrics.getStringValue("variation_norm", 0));
		// the config a macro gets: SIREN's fit learning rate and omega0 (Appendix D), not BW-ReLU's
		assertEquals(2e-3, cmd.config().lr(), 0);
		assertEquals(50, cmd.config().omega0(), 0);
		m = small(gray());
		m.put("activation", "tanh");
		assertTrue(run(FitCommand.class, m).error()
				.startsWith("activation = tanh is not allowed"));
		m = small(gray());
		m.put("omega0", -1.0);
		assertTrue(run(FitCommand.class, m).error()
				.startsWith("omega0 = -1 is out of range"));
	}

	@Test
	void noImageOpenAndNonImageFilesAndOversizedJobsAreRefused(
			@org.junit.jupiter.api.io.TempDir Path dir) throws Exception
	{
		Map<String, Object> m = small(null);
		m.remove("image");
		assertEquals("no image open: open an image first, or give input_file",
				run(FitCommand.class, m).error());
		Path text = dir.resolve("notes.tif");
		Files.writeString(text, "not an image");
		m.put("input_file", text.toFile());
		assertEquals(
				"input_file: " + text
						+ " is named .tif but holds text, not an image",
				run(FitCommand.class, m).error());
		m = small(gray());
		m.put("scale", 16);
		m.put("width", 4096);
		m.put("layers", 32); // tiled training keeps one tile's activations: the parameters (and Adam's state) are what do not fit
		String e = run(SuperResolutionCommand.class, m).error();
		assertTrue(e.startsWith("this job needs about ")
				&& e.contains("GiB of ND4J memory"), e);
	}
}
