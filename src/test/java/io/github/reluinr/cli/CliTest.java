package io.github.reluinr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in a JVM of its own: exit codes, one-line messages, files
 * written.
 */
class CliTest {

	record Run(int exit, String output) {
	}

	static Run cli(String... args) throws Exception {
		String java = System.getProperty("java.home") + File.separator + "bin"
				+ File.separator + "java";
		List<String> cmd = new ArrayList<>(
				List.of(java, "-cp", System.getProperty("java.class.path"),
						ReluInrCli.class.getName()));
		cmd.addAll(List.of(args));
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		byte[] out = p.getInputStream().readAllBytes();
		assertTrue(p.waitFor(180, TimeUnit.SECONDS));
		return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
	}

	@Test
	void badInputIsOneLineAndExitCodeTwo(@TempDir Path dir) throws Exception {
		Run missing = cli("fit", "--input",
				dir.resolve("missing.png").toString(), "--output",
				dir.resolve("o.tif").toString());
		assertEquals(2, missing.exit(), missing.output());
		assertEquals("relu-inr: input_file: file not found: "
				+ dir.resolve("missing.png"), missing.output().strip());

		Path img = dir.resolve("in.tif");
		ij.IJ.saveAsTiff(io.github.reluinr.imagej.CommandFixtureAccess.gray(),
				img.toString());
		Run epochs = cli("fit", "--input", img.toString(), "--output",
				dir.resolve("o.tif").toString(), "--epochs", "-1");
		assertEquals(2, epochs.exit());
		assertEquals(
				"relu-inr: epochs = -1 is out of range: allowed 1 to 1000000 (0: the task's default)",
				epochs.output().strip());

		Run unknown = cli("fit", "--bogus");
		assertEquals(2, unknown.exit());
	}

	@Test
	void fitWritesTiffPreviewCsvAndJson(@TempDir Path dir) throws Exception {
		Path img = dir.resolve("in.tif");
		ij.IJ.saveAsTiff(io.github.reluinr.imagej.CommandFixtureAccess.gray(),
				img.toString());
		Run ok = cli("fit", "--input", img.toString(), "--output",
				dir.resolve("out/fit.tif").toString(), "--epochs", "10",
				"--width", "16", "--metrics", dir.resolve("m.csv").toString(),
				"--metrics-json", dir.resolve("m.json").toString(), "--quiet");
		assertEquals(0, ok.exit(), ok.output());
		assertTrue(Files.exists(dir.resolve("out/fit.tif")));
		assertTrue(Files.exists(dir.resolve("out/fit.png")));
		assertTrue(Files.readString(dir.resolve("m.csv")).startsWith(
				"task,method,c,epochs,seconds,final_loss,psnr_db,ssim,variation_norm,backend,stopped_early,input,plane,stop_reason,filter\nfit,bw-relu,"));
		assertTrue(Files.readString(dir.resolve("m.json"))
				.contains("\"method\": \"bw-relu\""));
	}
}
