package io.github.reluinr.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;
import io.github.reluinr.phantom.SheppLogan;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.event.EventService;
import org.scijava.log.LogService;

/**
 * "Select c (variation norm)" run as Fiji runs it: through CommandService in a
 * headless Context.
 */
class SelectCCommandTest {

	static Context context;

	@BeforeAll
	static void start() {
		System.setProperty("java.awt.headless", "true");
		context = new Context(CommandService.class, StatusService.class,
				LogService.class, EventService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	static ImagePlus phantom(int side) {
		float[] v = SheppLogan.image(side, side).dup('c').data().asFloat();
		return new ImagePlus("phantom", new FloatProcessor(side, side, v));
	}

	/**
	 * Runs the command; inputs not given take the code's defaults (no input
	 * persists).
	 */
	static SelectCCommand run(Map<String, Object> given) throws Exception {
		Map<String, Object> inputs = new HashMap<>(given);
		inputs.put("show_results", false);

		CommandModule m = context.service(CommandService.class)
				.run(SelectCCommand.class, true, inputs).get();
		return (SelectCCommand) m.getCommand();
	}

	static Map<String, Object> small(String task, Object image) {
		Map<String, Object> in = new HashMap<>();
		in.put("image", image);
		in.put("task", task);
		in.put("epochs", 120);
		in.put("width", 16);
		in.put("layers", 2);
		in.put("lr", 5e-3);
		in.put("lr_decay", 0.1);
		in.put("seed", 0);
		return in;
	}

	@Test
	void ctSelectsOneCShowsItAndWritesTheTableWithASelectedColumn(
			@TempDir Path dir) throws Exception
	{
		Map<String, Object> in = small("ct", phantom(24));
		in.put("angles", 20);
		in.put("c_values", "1, 3,8");
		File out = dir.resolve("selected.tif").toFile(),
				csv = dir.resolve("metrics.csv").toFile();
		in.put("output_file", out);
		in.put("metrics_file", csv);
		SelectCCommand cmd = run(in);
		assertNull(cmd.error(), cmd.error());

		// one INR per c, then FBP and SIRT (the CT command's standard geometry); exactly one row selected, the lowest norm (no target: all eligible)
		List<String> lines = Files.readAllLines(csv.toPath());
		System.out.println(String.join("\n", lines));
		assertTrue(lines.get(0).endsWith(
				",variation_norm,backend,stopped_early,input,plane,stop_reason,filter,selected"),
				lines.get(0));
		assertEquals(6, lines.size());
		assertEquals(1,
				lines.stream().filter(l -> l.endsWith(",true")).count());
		assertTrue(lines.get(4).startsWith("ct,fbp,")
				&& lines.get(4).endsWith(",hann,false"), lines.get(4));
		assertTrue(lines.get(5).startsWith("ct,sirt,")
				&& lines.get(5).endsWith(",false"), lines.get(5));
		var sel = cmd.selections().get(0);
		double minNorm = sel.candidates().stream()
				.mapToDouble(c -> c.row().variationNorm()).min().orElseThrow();
		assertEquals(minNorm, sel.selectedCandidate().row().variationNorm());

		// the returned metrics table says the same
		ResultsTable metrics = cmd.metrics;
		assertNotNull(metrics);
		assertEquals(5, metrics.size());
		int selectedRows = 0;
		for (int r = 0; r < metrics.size(); r++)
			if (metrics.getStringValue("selected", r).equals("true"))
				selectedRows++;
		assertEquals(1, selectedRows);

		// the shown result is the selected c's reconstruction, titled with its c, saved as TIFF (+ PNG)
		ImagePlus shown = cmd.outputImages().get(0);
		assertTrue(
				shown.getTitle()
						.contains("INR c=" + io.github.reluinr.task.SelectC
								.fmt(sel.selectedCandidate().c())),
				shown.getTitle());
		assertEquals(24, shown.getWidth());
		assertTrue(out.isFile());
		ImagePlus saved = IJ.openImage(out.getPath());
		float[] expected = sel.selectedCandidate().result().main().pixels()
				.dup('c').data().asFloat();
		assertEquals(expected[300],
				((float[]) saved.getProcessor().getPixels())[300], 0f);
	}

	@Test
	void superresAddsBicubicAsAnUnselectedBaselineAndUsesTheTargetLoss(
			@TempDir Path dir) throws Exception
	{
		ImagePlus hr = phantom(32);
		ImagePlus lr = hr.resize(16, 16, "average");
		File gt = dir.resolve("gt.tif").toFile();
		IJ.saveAsTiff(hr, gt.getPath());
		Map<String, Object> in = small("superres", lr);
		in.put("scale", 2);
		in.put("c_values", "2,6");
		in.put("target_loss", 1e-9); // unreachable in 120 epochs: nothing is eligible
		in.put("ground_truth_file", gt);
		SelectCCommand cmd = run(in);
		assertNotNull(cmd.error());
		assertTrue(
				cmd.error().contains("no c is eligible for target_loss 1e-09"),
				cmd.error());
		assertTrue(cmd.error().contains("c 2 missed the target loss")
				&& cmd.error().contains("c 6 missed"), cmd.error());

		in.put("target_loss", 0.0);
		cmd = run(in);
		assertNull(cmd.error(), cmd.error());
		var rows = cmd.results().get(0).metrics();
		assertEquals(List.of("bw-relu", "bw-relu", "bicubic-imagej"),
				rows.stream().map(r -> r.method()).toList());
		assertEquals(Boolean.FALSE, rows.get(2).selected());
		assertEquals(1, rows.stream().filter(r -> r.selected()).count());
		assertNotNull(rows.get(0).psnrDb()); // against ground_truth_file
		assertEquals(32, cmd.outputImages().get(0).getWidth());
	}

	@Test
	void choosingATaskInTheDialogSwitchesToItsDefaults() throws Exception {
		var info = context.service(CommandService.class)
				.getCommand(SelectCCommand.class);
		var module = info.createModule();
		SelectCCommand cmd = (SelectCCommand) module.getDelegateObject();
		assertEquals("ct", cmd.task);
		assertEquals(0, cmd.epochs); // not given: the chosen task's default, resolved when the run starts
		// Appendix D's fit and super-resolution settings; CT at the CT command's size (3 x 128, 1500 epochs)
		Map<String, List<Number>> expected = Map.of("fit",
				List.of(1000, 300, 3, 4e-3), "superres",
				List.of(2000, 256, 3, 3e-3), "ct", List.of(1500, 128, 3, 2e-3));
		for (String task : List.of("fit", "superres", "ct")) {
			module.setInput("task", task);
			info.getInput("task").callback(module);
			assertEquals(expected.get(task),
					List.of(cmd.epochs, cmd.width, cmd.layers, cmd.lr), task);
		}
	}

	@Test
	void badInputsFailBeforeTraining() throws Exception {
		Map<String, Object> in = small("ct", phantom(16));
		in.put("c_values", "1,x");
		assertTrue(run(in).error().contains("\"x\" is not a number"));
		in.put("c_values", "1,1");
		assertTrue(run(in).error().contains("repeats a value"));
		in.put("c_values", "1,2");
		in.put("task", "denoise");
		assertTrue(run(in).error().contains("task = denoise is not allowed"));
		in.put("task", "ct");
		in.put("ground_truth_file", new File("whatever.tif"));
		assertTrue(run(in).error()
				.contains("ground_truth_file is not used by task ct"));
	}
}
