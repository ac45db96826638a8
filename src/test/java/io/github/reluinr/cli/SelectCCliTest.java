package io.github.reluinr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.process.FloatProcessor;
import io.github.reluinr.phantom.SheppLogan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code relu-inr select-c}: the subcommand runs the SciJava command and writes
 * the selection.
 */
class SelectCCliTest {

	static int cli(String... args) {
		System.setProperty("java.awt.headless", "true");
		return new CommandLine(new ReluInrCli()).execute(args);
	}

	@Test
	void selectCWritesTheSelectedImageAndACsvWithASelectedColumn(
			@TempDir Path dir) throws Exception
	{
		Path in = dir.resolve("phantom.tif"),
				out = dir.resolve("out/selected.tif"),
				csv = dir.resolve("out/metrics.csv");
		float[] v = SheppLogan.image(16, 16).dup('c').data().asFloat();
		IJ.saveAsTiff(new ImagePlus("phantom", new FloatProcessor(16, 16, v)),
				in.toString());
		int code = cli("select-c", "--task", "fit", "--input", in.toString(),
				"--c-values", "2,6", "--epochs", "60", "--width", "16",
				"--layers", "1", "--lr", "0.01", "--output", out.toString(),
				"--metrics", csv.toString(), "--quiet");
		assertEquals(0, code);
		assertTrue(Files.isRegularFile(out));
		List<String> lines = Files.readAllLines(csv);
		System.out.println(String.join("\n", lines));
		assertEquals(
				"task,method,c,epochs,seconds,final_loss,psnr_db,ssim,variation_norm,backend,stopped_early,input,plane,stop_reason,filter,selected",
				lines.get(0));
		assertEquals(3, lines.size());
		assertTrue(lines.get(1).startsWith("fit,bw-relu,2,60,")
				&& lines.get(2).startsWith("fit,bw-relu,6,60,"));
		assertEquals(1,
				lines.stream().filter(l -> l.endsWith(",true")).count());
		assertEquals(16, IJ.openImage(out.toString()).getWidth());
	}

	@Test
	void badOptionsExitWithTwo(@TempDir Path dir) {
		String in = dir.resolve("none.tif").toString(),
				out = dir.resolve("o.tif").toString();
		assertEquals(ReluInrCli.BAD_INPUT, cli("select-c", "--task", "denoise",
				"--input", in, "--output", out, "--quiet"));
		assertEquals(ReluInrCli.BAD_INPUT, cli("select-c", "--task", "ct",
				"--c", "3", "--input", in, "--output", out, "--quiet"));
		assertEquals(ReluInrCli.BAD_INPUT, cli("select-c", "--task", "ct",
				"--input", in, "--output", out, "--quiet")); // no such file
		assertEquals(ReluInrCli.BAD_INPUT, cli("select-c", "--task", "ct",
				"--input", in, "--output", out));
	}
}
