package io.github.reluinr.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import io.github.reluinr.task.RenderChecks;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --model-output, render and info on the command line, each in a JVM of its
 * own.
 */
class ModelCliTest {

	@Test
	void fitThenRenderThenInfo(@TempDir Path dir) throws Exception {
		Path img = dir.resolve("in.tif");
		IJ.saveAsTiff(io.github.reluinr.imagej.CommandFixtureAccess.gray(),
				img.toString());
		Path model = dir.resolve("models/fit.inr.npz");
		CliTest.Run fit = CliTest.cli("fit", "--input", img.toString(),
				"--output", dir.resolve("fit.tif").toString(), "--epochs", "15",
				"--width", "16", "--layers", "2", "--metrics",
				dir.resolve("m.csv").toString(), "--model-output",
				model.toString(), "--quiet");
		assertEquals(0, fit.exit(), fit.output());
		assertTrue(Files.exists(model));

		CliTest.Run same = CliTest.cli("render", model.toString(), "--size",
				"24,20", "--output", dir.resolve("r.tif").toString());
		assertEquals(0, same.exit(), same.output());
		float[] want = (float[]) IJ.openImage(dir.resolve("fit.tif").toString())
				.getProcessor().getPixels();
		assertArrayEquals(want,
				(float[]) IJ.openImage(dir.resolve("r.tif").toString())
						.getProcessor().getPixels(),
				0f);

		CliTest.Run fine = CliTest.cli("render", model.toString(), "--size",
				"47,39", "--output", dir.resolve("fine.tif").toString());
		assertEquals(0, fine.exit(), fine.output());
		ImagePlus f = IJ.openImage(dir.resolve("fine.tif").toString());
		assertEquals(32, f.getBitDepth());
		float[] fp = (float[]) f.getProcessor().getPixels();
		RenderChecks.assertEveryOtherSample(want, fp, 24, 20, 1);
		assertEquals(23.0 / 46, f.getCalibration().pixelWidth, 1e-12);

		CliTest.Run info = CliTest.cli("info", model.toString());
		assertEquals(0, info.exit(), info.output());
		assertTrue(info.output().contains("\"method\": \"bw-relu\""),
				info.output());
		assertTrue(info.output().contains("layer2.weight (1, 16)"),
				info.output());
		String line = info.output().lines()
				.filter(l -> l.startsWith("variation norm (eq. 53")).findFirst()
				.orElseThrow();
		double norm = Double
				.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
		List<String> csv = Files.readAllLines(dir.resolve("m.csv"));
		int col = List.of(csv.get(0).split(",")).indexOf("variation_norm");
		String cell = csv.get(1).split(",")[col];
		assertEquals(cell,
				new BigDecimal(String.format(Locale.ROOT, "%.6g", norm))
						.stripTrailingZeros().toPlainString());
		assertTrue(info.output().contains("\"variation_norm\": " + norm + ","),
				"the stored norm is the recomputed one");
	}

	@Test
	void badModelFilesAreOneLineAndExitTwo(@TempDir Path dir) throws Exception {
		Path text = dir.resolve("bad.inr.npz");
		Files.writeString(text, "not a zip");
		CliTest.Run info = CliTest.cli("info", text.toString());
		assertEquals(2, info.exit());
		assertEquals("relu-inr: model_file: " + text
				+ " is not a model file (not a zip archive, or an empty one)",
				info.output().strip());
		CliTest.Run render = CliTest.cli("render", text.toString(), "--size",
				"4,4", "--output", dir.resolve("o.tif").toString());
		assertEquals(2, render.exit());
		assertEquals(1, render.output().strip().lines().count(),
				render.output());
		CliTest.Run size = CliTest.cli("render", text.toString(), "--size", "4",
				"--output", dir.resolve("o.tif").toString());
		assertEquals(2, size.exit());
		Path img = dir.resolve("in.tif");
		IJ.saveAsTiff(io.github.reluinr.imagej.CommandFixtureAccess.gray(),
				img.toString());
		CliTest.Run init = CliTest.cli("fit", "--input", img.toString(),
				"--output", dir.resolve("o.tif").toString(), "--init-model",
				text.toString());
		assertEquals(2, init.exit());
		assertEquals("relu-inr: init_model: " + text
				+ " is not a model file (not a zip archive, or an empty one)",
				init.output().strip());
	}
}
