package io.github.reluinr.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import io.github.reluinr.model.InrModel;
import io.github.reluinr.model.ModelFile;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * model_file and init_model on the commands, and Render INR, through the real
 * SciJava commands.
 */
class ModelCommandsTest {

	static RenderCommand render(Map<String, Object> inputs) throws Exception {
		inputs.put("show_results", false);
		CommandModule module = CommandFixture.context()
				.service(CommandService.class)
				.run(RenderCommand.class, true, inputs).get();
		return (RenderCommand) module.getCommand();
	}

	@Test
	void fitSavesAModelThatRendersTheResultWithScaledCalibration(
			@TempDir Path dir) throws Exception
	{
		ImagePlus in = CommandFixture.gray();
		ij.measure.Calibration cal = in.getCalibration();
		cal.pixelWidth = 0.5;
		cal.pixelHeight = 0.5;
		cal.setUnit("mm");
		Map<String, Object> m = CommandFixture.small(in);
		File model = dir.resolve("fit.inr.npz").toFile();
		m.put("model_file", model);
		FitCommand fit = CommandFixture.run(FitCommand.class, m);
		assertNull(fit.error());
		InrModel saved = ModelFile.read(model.toPath());
		assertEquals(0.5, saved.pixelWidth());
		assertEquals("mm", saved.unit());

		Map<String, Object> r = new HashMap<>();
		r.put("model_file", model);
		RenderCommand same = render(r);
		assertNull(same.error());
		float[] want = (float[]) fit.outputImages().get(0).getProcessor()
				.getPixels();
		assertArrayEquals(want,
				(float[]) same.rendered().getProcessor().getPixels(), 0f);

		r.put("magnification", 4.0);
		r.put("region", "4,2,10,6");
		r.put("output_file", dir.resolve("zoom.tif").toFile());
		RenderCommand zoom = render(r);
		assertNull(zoom.error());
		assertEquals(37, zoom.rendered().getWidth());
		assertEquals(21, zoom.rendered().getHeight());
		assertEquals(0.125, zoom.rendered().getCalibration().pixelWidth, 1e-12);
		assertEquals("mm", zoom.rendered().getCalibration().getUnit());
		assertTrue(Files.exists(dir.resolve("zoom.tif")));
		// every 4th sample is a training pixel: (4 + i, 2 + j)
		float[] z = (float[]) zoom.rendered().getProcessor().getPixels();
		for (int j = 0; j < 6; j++)
			for (int i = 0; i < 10; i++)
				assertEquals(want[(2 + j) * 24 + 4 + i], z[4 * j * 37 + 4 * i],
						1e-4f);

		// the selection of the result window is the region when none is given
		ImagePlus result = fit.outputImages().get(0);
		result.setRoi(4, 2, 10, 6);
		Map<String, Object> sel = new HashMap<>();
		sel.put("model_file", model);
		sel.put("image", result);
		sel.put("magnification", 4.0);
		assertArrayEquals(z,
				(float[]) render(sel).rendered().getProcessor().getPixels(),
				0f);

		r.put("region", "20,2,10,6");
		assertEquals(
				"region = 20,2,10,6 is outside the field: use x,y,w,h with 0 <= x, x + w <= 24, 0 <= y, y + h <= 20 and w, h >= 1 (pixels of the 24x20 training grid)",
				render(r).error());
		Map<String, Object> bad = new HashMap<>();
		bad.put("model_file", dir.resolve("zoom.tif").toFile());
		assertTrue(render(bad).error().startsWith("model_file: "),
				render(bad).error());
	}

	@Test
	void initModelContinuesAndMismatchIsOneLine(@TempDir Path dir)
			throws Exception
	{
		Map<String, Object> m = CommandFixture.small(CommandFixture.gray());
		File model = dir.resolve("a.inr.npz").toFile();
		m.put("model_file", model);
		FitCommand first = CommandFixture.run(FitCommand.class, m);
		assertNull(first.error());
		InrModel saved = ModelFile.read(model.toPath());

		Map<String, Object> more = CommandFixture.small(CommandFixture.gray());
		more.put("init_model", model);
		more.put("epochs", 5);
		FitCommand next = CommandFixture.run(FitCommand.class, more);
		assertNull(next.error());
		assertTrue(next.results().get(0).metrics().get(0).finalLoss() < saved
				.bestLoss());

		more.put("width", 20);
		FitCommand wrong = CommandFixture.run(FitCommand.class, more);
		assertEquals(
				"init_model: the model does not match this run: width 20 (the model's is 16)",
				wrong.error());

		Map<String, Object> notModel = CommandFixture
				.small(CommandFixture.gray());
		Path text = dir.resolve("x.inr.npz");
		Files.writeString(text, "no");
		notModel.put("init_model", text.toFile());
		assertEquals("init_model: " + text
				+ " is not a model file (not a zip archive, or an empty one)",
				CommandFixture.run(FitCommand.class, notModel).error());
	}

	@Test
	void everySliceGetsItsOwnModel(@TempDir Path dir) throws Exception {
		ij.ImageStack stack = new ij.ImageStack(24, 20);
		stack.addSlice(CommandFixture.gray().getProcessor());
		ij.process.ImageProcessor inverted = CommandFixture.gray()
				.getProcessor().duplicate();
		inverted.invert();
		stack.addSlice(inverted);
		Map<String, Object> m = CommandFixture
				.small(new ImagePlus("stack", stack));
		m.put("all_slices", true);
		m.put("model_file", dir.resolve("s.inr.npz").toFile());
		FitCommand cmd = CommandFixture.run(FitCommand.class, m);
		assertNull(cmd.error());
		for (int p = 1; p <= 2; p++) {
			InrModel model = ModelFile
					.read(dir.resolve("s-plane" + p + ".inr.npz"));
			float[] want = (float[]) cmd.outputImages().get(0).getStack()
					.getProcessor(p).getPixels();
			assertArrayEquals(want, io.github.reluinr.model.Renderer
					.render(model, 24, 20, null, null), 0f, "plane " + p);
		}
		assertTrue(!Files.exists(dir.resolve("s.inr.npz")));
	}

	@Test
	void selectCSavesEveryCAndTheSelectedOne(@TempDir Path dir)
			throws Exception
	{
		Map<String, Object> m = CommandFixture.small(CommandFixture.gray());
		m.put("task", "fit");
		m.put("c_values", "3,9");
		m.put("epochs", 10);
		File model = dir.resolve("sel.inr.npz").toFile();
		m.put("model_file", model);
		SelectCCommand cmd = CommandFixture.run(SelectCCommand.class, m);
		assertNull(cmd.error());
		InrModel c3 = ModelFile.read(dir.resolve("sel-c3.inr.npz")),
				c9 = ModelFile.read(dir.resolve("sel-c9.inr.npz"));
		assertEquals(3.0, c3.c());
		assertEquals(9.0, c9.c());
		double selected = cmd.selections().get(0).selectedCandidate().c();
		InrModel sel = ModelFile.read(model.toPath());
		assertEquals(selected, sel.c());
		assertEquals(cmd.selections().get(0).selectedCandidate().row()
				.variationNorm(), sel.recomputedVariationNorm());

		Map<String, Object> cmp = CommandFixture.small(CommandFixture.gray());
		cmp.put("methods", "bw-relu,siren");
		cmp.put("epochs", 5);
		cmp.put("model_file", dir.resolve("cmp.inr.npz").toFile());
		assertNull(CommandFixture.run(CompareCommand.class, cmp).error());
		assertEquals("bw-relu",
				ModelFile.read(dir.resolve("cmp-bw-relu.inr.npz")).method());
		assertEquals("siren",
				ModelFile.read(dir.resolve("cmp-siren.inr.npz")).method());
		assertTrue(!Files.exists(dir.resolve("cmp.inr.npz")));
		assertEquals(List.of(), List.of()); // (no stray temporary files are checked in ModelFileTest)
	}
}
