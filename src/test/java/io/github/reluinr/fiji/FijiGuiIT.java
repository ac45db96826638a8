package io.github.reluinr.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ij.ImagePlus;
import ij.io.FileSaver;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The plugin in the real runtime with a display (Xvfb): each command's dialog
 * opened from CommandService as the menu does, its fields read and OK pressed
 * on a 12 x 12 image (epochs set to 20, the others also narrow), the live plot,
 * Esc stopping a run with the best result kept, the result windows and INR
 * Metrics table, and macros with a display running without a dialog. The Groovy
 * script gui-test.groovy does the clicking inside Fiji and reports back; its
 * screenshots land in target/fiji-it/gui/screens.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FijiGuiIT {

	private FijiRuntime fiji;
	private final Map<String, String> report = new LinkedHashMap<>();
	private FijiRuntime.Result run;

	@BeforeAll
	void runGui() throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/xvfb-run")),
				"no xvfb-run (apt-get install xvfb xauth): the GUI integration tests are skipped");
		fiji = FijiRuntime.install("gui");
		ImagePlus a = new ij.io.Opener()
				.openImage(fiji.data.resolve("a.tif").toString());
		a.setRoi(10, 10, 12, 12);
		ImagePlus tiny = a.crop();
		tiny.setTitle("tiny.tif");
		assertTrue(new FileSaver(tiny)
				.saveAsTiff(fiji.data.resolve("tiny.tif").toString()));
		try (InputStream in = FijiGuiIT.class.getResourceAsStream(
				"/io/github/reluinr/images/camera-128.png"))
		{
			ImagePlus cam = new ImagePlus("camera-128.tif",
					javax.imageio.ImageIO.read(in));
			assertTrue(new FileSaver(cam).saveAsTiff(
					fiji.data.resolve("camera-128.tif").toString()));
		}
		String block = fiji.readmeBlock("getResult(\"psnr_db\"")
				.replace("/data/", fiji.data + "/")
				.replace("setBatchMode(true);\n", "");
		Files.writeString(fiji.data.resolve("gui-macro.ijm"),
				block + "return \"\" + psnr;\n");
		Path screens = Files.createDirectories(fiji.work.resolve("screens"));
		Path script = fiji.work.resolve("gui-test.groovy");
		try (InputStream in = FijiGuiIT.class
				.getResourceAsStream("gui-test.groovy"))
		{
			Files.copy(in, script);
		}
		Path reportFile = fiji.work.resolve("report.txt");
		List<String> cmd = new java.util.ArrayList<>(List
				.of("/usr/bin/xvfb-run", "-a", "-s", "-screen 0 1280x900x24"));
		cmd.addAll(fiji.fiji("--gui", "--run", script.toString(),
				"report=\"" + reportFile + "\",screens=\"" + screens
						+ "\",data=\"" + fiji.data + "\""));
		run = FijiRuntime.run(fiji.work, 600, cmd.toArray(String[]::new));
		if (Files.exists(reportFile)) {
			for (String line : Files.readAllLines(reportFile)) {
				int eq = line.indexOf('=');
				if (eq > 0)
					report.put(line.substring(0, eq), line.substring(eq + 1));
			}
		}
		System.out.println("GUI report:\n" + String.join("\n",
				report.entrySet().stream().map(Object::toString).toList()));
	}

	private String get(String key) {
		assertFalse(report.containsKey("error"), "the GUI script failed: "
				+ report.get("error") + "\n" + run.all());
		assertTrue(report.containsKey(key),
				key + " missing from the report " + report + "\n" + run.all());
		return report.get(key);
	}

	@Test
	void eachDialogOpensAndRunsWithItsDefaults() {
		for (String c : List.of("fit", "superres", "ct", "compare",
				"selectc"))
		{
			assertEquals("true", get(c + ".dialog"), c);
			assertEquals("true", get(c + ".ok"), c);
			assertEquals("false", get(c + ".canceled"), c + ": " + report);
			assertTrue(Integer.parseInt(get(c + ".rows")) >= 1,
					c + ": " + report);
			String labels = get(c + ".labels");
			assertFalse(labels.contains("Show results"),
					c + ": an internal input in the dialog: " + labels);
			assertTrue(labels.startsWith("Image|"),
					c + ": the image comes first: " + labels);
			for (String ignored : List.of("Input file", "Activation", "omega0",
					"sigma0"))
			{
				assertFalse(labels.contains(ignored),
						c + ": " + ignored + " is not used there: " + labels);
			}
			assertTrue(
					get(c + ".image").endsWith(" -> tiny.tif of "
							+ get(c + ".image").replaceFirst("^.* of ", "")),
					report.toString());
		}
		// select-c tries its c_values; compare gives each method its own c and learning rate
		assertFalse(get("selectc.labels").contains("c (BW-ReLU scale)"),
				get("selectc.labels"));
		assertFalse(
				get("compare.labels").contains("c (BW-ReLU scale)")
						|| get("compare.labels").contains("|Learning rate|"),
				get("compare.labels"));
		assertTrue(get("fit.labels").contains("|Learning rate|"),
				get("fit.labels"));
		assertEquals("20.0", get("fit.epochs"),
				"Fit ran with the epochs set in its dialog");
		String windows = get("windows");
		for (String w : List.of("tiny - INR", "tiny - INR x4",
				"tiny - bicubic-imagej x4", "tiny - back-projection x4",
				"tiny - FBP", "tiny - SIRT", "tiny - INR comparison"))
		{
			assertTrue(windows.contains(w), w + " not among " + windows);
		}
		assertTrue(Integer.parseInt(get("table.rows")) >= 5,
				"INR Metrics rows: " + report);
	}

	@Test
	void livePlotAndEscKeepTheBestResult() {
		assertEquals("true", get("plot.open"));
		assertEquals("true", get("esc.stopped_early"), report.toString());
		assertEquals("cancelled", get("esc.stop_reason"));
		assertTrue(Double.parseDouble(get("esc.epochs")) < 100000,
				report.toString());
		assertEquals("true", get("esc.result"));
	}

	@Test
	void macrosWithADisplayOpenNoDialog() {
		assertEquals("no", get("macro.dialog.final"),
				"a dialog opened: " + report.get("macro.dialog"));
		assertTrue(Double.parseDouble(get("macro.psnr")) > 0,
				report.toString());
		assertTrue(Double.parseDouble(get("macro.seconds")) < 30,
				report.toString());
		assertTrue(Double.parseDouble(get("readme.macro.return")) > 0,
				report.toString());
		assertEquals("true", get("done"));
	}
}
