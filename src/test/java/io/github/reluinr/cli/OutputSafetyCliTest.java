package io.github.reluinr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import io.github.reluinr.imagej.OutputPlan;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Never lose a user's data, through the command line in JVMs of its own:
 * refused collisions leave every file as it was (checksums before and after),
 * broken inputs get one line, SIGINT keeps the best result, two runs on one
 * output end with one run's complete set.
 */
class OutputSafetyCliTest {

	record Run(int exit, String stdout, String stderr) {

		String all() {
			return stdout + stderr;
		}
	}

	static List<String> javaCommand(List<String> jvmArgs, String... args) {
		String java = System.getProperty("java.home") + File.separator + "bin"
				+ File.separator + "java";
		List<String> cmd = new ArrayList<>(List.of(java));
		cmd.addAll(jvmArgs);
		cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
				ReluInrCli.class.getName()));
		cmd.addAll(List.of(args));
		return cmd;
	}

	static Run cli(List<String> jvmArgs, String... args) throws Exception {
		Process p = new ProcessBuilder(javaCommand(jvmArgs, args)).start();
		CompletableFuture<String> err = CompletableFuture
				.supplyAsync(() -> read(p.getErrorStream()));
		String out = read(p.getInputStream());
		assertTrue(p.waitFor(180, TimeUnit.SECONDS));
		return new Run(p.exitValue(), out, err.get());
	}

	static Run cli(String... args) throws Exception {
		return cli(List.of(), args);
	}

	static String read(java.io.InputStream in) {
		try {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	/** Every file under dir (work files included) with its SHA-256. */
	static Map<String, String> checksums(Path dir) throws Exception {
		Map<String, String> m = new TreeMap<>();
		try (Stream<Path> s = Files.walk(dir)) {
			for (Path p : s.toList()) {
				if (Files.isSymbolicLink(p))
					m.put(dir.relativize(p) + " -> ",
							Files.readSymbolicLink(p).toString());
				else
					if (Files.isRegularFile(p))
						m.put(dir.relativize(p).toString(),
								HexFormat.of().formatHex(MessageDigest
										.getInstance("SHA-256")
										.digest(Files.readAllBytes(p))));
					else
						if (Files.isDirectory(p))
							m.put(dir.relativize(p) + "/", "");
			}
		}
		return m;
	}

	static void noWorkFiles(Path dir) throws Exception {
		try (Stream<Path> s = Files.walk(dir)) {
			List<String> left = s.map(p -> p.getFileName().toString())
					.filter(OutputPlan::isWorkFile).toList();
			assertEquals(List.of(), left,
					"temporary or lock files left behind");
		}
	}

	static ImagePlus gray(int w, int h) {
		ij.process.ByteProcessor bp = new ij.process.ByteProcessor(w, h);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				bp.set(x, y, (x * 9 + y * 5 + (x * y) % 17) % 256);
		return new ImagePlus("gray", bp);
	}

	static Path png(Path p, ImagePlus imp) throws java.io.IOException {
		assertTrue(javax.imageio.ImageIO.write(imp.getBufferedImage(), "png",
				p.toFile()));
		return p;
	}

	static Path tif(Path p, ImagePlus imp) {
		ij.IJ.saveAsTiff(imp, p.toString());
		return p;
	}

	@Test
	void everyCollisionIsRefusedNamingBothParametersAndTouchesNothing(
			@TempDir Path dir) throws Exception
	{
		png(dir.resolve("cells.png"), gray(24, 20));
		tif(dir.resolve("in.tif"), gray(24, 20));
		png(dir.resolve("lr.png"), gray(12, 10));
		tif(dir.resolve("hr.tif"), gray(24, 20));
		png(dir.resolve("cells-psnr.png"), gray(24, 20));
		Files.createDirectory(dir.resolve("sub"));
		Files.createSymbolicLink(dir.resolve("link.tif"),
				dir.resolve("in.tif"));
		Files.writeString(dir.resolve("other.csv"), "a,b\n1,2\n");
		String d = dir + File.separator;
		String[][] cases = {
				{"the PNG preview of output_file would overwrite input_file",
						"fit", "--input", d + "cells.png", "--output",
						d + "cells.tif"},
				{"output_file would overwrite input_file", "fit", "--input",
						d + "in.tif", "--output", d + "in.tif"},
				{"output_file would overwrite input_file", "fit", "--input",
						d + "in.tif", "--output", d + "link.tif"},
				{"the PNG preview of output_file would overwrite input_file",
						"fit", "--input", d + "cells.png", "--output",
						d + "sub/../cells.tif"},
				{"output_file = x.png: results are written as 32-bit TIFF; give x.tif",
						"fit", "--input", d + "cells.png", "--output",
						d + "x.png"},
				{"metrics_file would overwrite input_file", "fit", "--input",
						d + "cells.png", "--output", d + "o.tif", "--metrics",
						d + "cells.png"},
				{"metrics_json would overwrite input_file", "fit", "--input",
						d + "cells.png", "--output", d + "o.tif",
						"--metrics-json", d + "cells.png"},
				{"metrics_file and metrics_json are the same file", "fit",
						"--input", d + "cells.png", "--output", d + "o.tif",
						"--metrics", d + "m.csv", "--metrics-json",
						d + "m.csv"},
				{"metrics_file: " + d + "other.csv has other columns (a,b)",
						"fit", "--input", d + "cells.png", "--output",
						d + "o.tif", "--metrics", d + "other.csv"},
				{"output_file would overwrite ground_truth_file", "superres",
						"--input", d + "lr.png", "--scale", "2",
						"--ground-truth", d + "hr.tif", "--output",
						d + "hr.tif"},
				{"the PNG preview of fbp_file would overwrite input_file", "ct",
						"--input", d + "cells.png", "--output", d + "o.tif",
						"--fbp-output", d + "cells.tif"},
				{"output_file and sinogram_file are the same file", "ct",
						"--input", d + "cells.png", "--output", d + "o.tif",
						"--sinogram-output", d + "o.tif"},
				{"the PSNR plot of output_file would overwrite input_file",
						"compare", "--input", d + "cells-psnr.png", "--output",
						d + "cells.tif"},
				{"metrics_file would overwrite input_file", "fit", "--input",
						d + "cells.png", "--output", d + "new/deeper/o.tif",
						"--metrics", d + "cells.png"},};
		for (String[] c : cases) {
			Map<String, String> before = checksums(dir);
			String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
			Run r = cli(args);
			assertEquals(2, r.exit(), String.join(" ", args) + "\n" + r.all());
			assertEquals(1, r.all().strip().lines().count(), r.all());
			assertTrue(
					r.all().startsWith("relu-inr: ") && r.all().contains(c[0]),
					String.join(" ", args) + "\n" + r.all());
			assertEquals(before, checksums(dir),
					"nothing written, nothing changed: "
							+ String.join(" ", args));
		}
	}

	@Test
	void brokenFilesGetOneLineNamingTheFileAndWhatIsWrong(@TempDir Path dir)
			throws Exception
	{
		Path good = png(dir.resolve("good.png"), gray(40, 30));
		byte[] pngBytes = Files.readAllBytes(good);
		Path goodTif = tif(dir.resolve("good.tif"), gray(40, 30));
		byte[] tifBytes = Files.readAllBytes(goodTif);
		Map<String, String> cases = new TreeMap<>();
		Files.write(dir.resolve("empty.png"), new byte[0]);
		cases.put("empty.png", "is empty");
		Files.write(dir.resolve("cut.png"),
				java.util.Arrays.copyOf(pngBytes, pngBytes.length / 2));
		cases.put("cut.png", "is a truncated PNG");
		Files.write(dir.resolve("cut.tif"),
				java.util.Arrays.copyOf(tifBytes, tifBytes.length / 2));
		cases.put("cut.tif", "is a truncated TIFF");
		Files.writeString(dir.resolve("notes.tif"), "not an image\n");
		cases.put("notes.tif", "is named .tif but holds text, not an image");
		for (Map.Entry<String, String> c : cases.entrySet()) {
			Map<String, String> before = checksums(dir);
			Path in = dir.resolve(c.getKey());
			Run r = cli("fit", "--input", in.toString(), "--output",
					dir.resolve("o.tif").toString(), "--epochs", "2");
			assertEquals(2, r.exit(), r.all());
			assertEquals("relu-inr: input_file: " + in + " " + c.getValue(),
					r.all().strip().replaceAll(" \\(.*\\)$", ""), r.all());
			assertEquals(before, checksums(dir));
		}
	}

	@Test
	void metricsAppendToACsvWithTheSameHeaderAndNameTheInput(@TempDir Path dir)
			throws Exception
	{
		Path a = png(dir.resolve("a.png"), gray(24, 20));
		Path b = png(dir.resolve("b.png"), gray(20, 24));
		Path csv = dir.resolve("all.csv");
		for (Path in : List.of(a, b)) {
			Run r = cli("fit", "--input", in.toString(), "--output",
					dir.resolve(in.getFileName() + "-inr.tif").toString(),
					"--epochs", "3", "--width", "8", "--metrics",
					csv.toString(), "--quiet");
			assertEquals(0, r.exit(), r.all());
			assertTrue(r.stdout().startsWith("task  method"),
					"--quiet keeps the results table:\n" + r.stdout());
			assertFalse(r.stderr().contains("INR epoch"),
					"--quiet silences progress");
		}
		List<String> lines = Files.readAllLines(csv);
		assertEquals(3, lines.size(), lines.toString());
		List<String> cols = List.of(lines.get(0).split(","));
		int input = cols.indexOf("input"), plane = cols.indexOf("plane"),
				stop = cols.indexOf("stop_reason");
		assertEquals("a.png", lines.get(1).split(",", -1)[input]);
		assertEquals("b.png", lines.get(2).split(",", -1)[input]);
		assertEquals("", lines.get(1).split(",", -1)[plane]);
		assertEquals("epochs", lines.get(2).split(",", -1)[stop]);
		noWorkFiles(dir);
	}

	@Test
	void progressIsLinesWhenStderrIsNotATerminalAndTheTableStartsOnItsOwnLine(
			@TempDir Path dir) throws Exception
	{
		Path in = png(dir.resolve("in.png"), gray(24, 20));
		String[] args = {"fit", "--input", in.toString(), "--output",
				dir.resolve("o.tif").toString(), "--epochs", "400", "--width",
				"8"};
		Run lines = cli(args);
		assertEquals(0, lines.exit(), lines.all());
		assertFalse(lines.stderr().contains("\r"),
				"no carriage returns in a log:\n" + lines.stderr());
		List<String> progress = lines.stderr().lines()
				.filter(l -> l.startsWith("INR epoch")).toList();
		assertFalse(progress.isEmpty(), lines.stderr());
		assertTrue(
				progress.stream().allMatch(
						l -> l.matches("INR epoch \\d+/400  loss .*")),
				progress.toString());
		assertTrue(lines.stdout().lines()
				.anyMatch(l -> l.startsWith("task  method")), lines.stdout());
		// forced terminal drawing: the bar overwrites itself, and the table still starts a line
		Process p = new ProcessBuilder(
				javaCommand(List.of("-Dreluinr.progress=terminal"), args))
				.redirectErrorStream(true).start();
		String all = read(p.getInputStream());
		assertTrue(p.waitFor(180, TimeUnit.SECONDS));
		assertEquals(0, p.exitValue(), all);
		assertTrue(all.contains("\r["), all);
		assertTrue(all.contains("\ntask  method"), all);
	}

	/**
	 * A child whose SIGINT is not ignored, even when this JVM runs as a
	 * background job (which ignores it).
	 */
	static List<String> withDefaultSigint(List<String> cmd) {
		if (!new File("/usr/bin/python3").canExecute()) return cmd;
		List<String> c = new ArrayList<>(List.of("/usr/bin/python3", "-c",
				"import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"));
		c.addAll(cmd);
		return c;
	}

	@Test
	void sigintMidTrainingWritesTheBestResultSoFarAndExits130(@TempDir Path dir)
			throws Exception
	{
		signalMidTrainingKeepsTheBestResult(dir, "INT");
	}

	@Test
	void sigtermActsAsCtrlC(@TempDir Path dir) throws Exception {
		signalMidTrainingKeepsTheBestResult(dir, "TERM");
	}

	private static void signalMidTrainingKeepsTheBestResult(Path dir,
			String signal) throws Exception
	{
		Path in = png(dir.resolve("in.png"), gray(24, 20));
		Map<String, String> inputs = checksums(dir);
		Path out = dir.resolve("out.tif");
		Process p = new ProcessBuilder(withDefaultSigint(javaCommand(List.of(),
				"fit", "--input", in.toString(), "--output", out.toString(),
				"--epochs", "1000000", "--width", "16", "--metrics",
				dir.resolve("m.csv").toString()))).start();
		CompletableFuture<String> stdout = CompletableFuture
				.supplyAsync(() -> read(p.getInputStream()));
		BufferedReader err = new BufferedReader(new InputStreamReader(
				p.getErrorStream(), StandardCharsets.UTF_8));
		StringBuilder seen = new StringBuilder();
		for (String line; (line = err.readLine()) != null;) {
			seen.append(line).append('\n');
			if (line.startsWith("INR epoch")) break; // training is under way
		}
		assertTrue(seen.toString().contains("INR epoch"), seen.toString());
		assertEquals(0,
				new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
						.start().waitFor());
		String rest = read(p.getErrorStream());
		assertTrue(p.waitFor(120, TimeUnit.SECONDS),
				"stopped after SIG" + signal);
		assertEquals(130, p.exitValue(), seen + rest + stdout.get());
		assertTrue(
				rest.contains("SIG" + signal + ": stopping after this epoch"),
				rest);
		ImagePlus result = ij.IJ.openImage(out.toString());
		assertNotNull(result, "a valid TIFF on disk");
		assertEquals(32, result.getBitDepth());
		assertEquals(24 * 20, result.getWidth() * result.getHeight());
		assertTrue(Files.exists(dir.resolve("out.png")));
		List<String> csv = Files.readAllLines(dir.resolve("m.csv"));
		List<String> cols = List.of(csv.get(0).split(","));
		String[] row = csv.get(1).split(",", -1);
		assertEquals("cancelled", row[cols.indexOf("stop_reason")]);
		assertEquals("true", row[cols.indexOf("stopped_early")]);
		assertTrue(Integer.parseInt(row[cols.indexOf("epochs")]) < 1_000_000);
		assertTrue(stdout.get().contains("cancelled"),
				"the table is printed: " + stdout.get());
		assertEquals(inputs.get("in.png"), checksums(dir).get("in.png"));
		noWorkFiles(dir);
	}

	@Test
	void aSecondSigintExitsAtOnceWithoutLeavingWorkFiles(@TempDir Path dir)
			throws Exception
	{
		Path in = png(dir.resolve("in.png"), gray(24, 20));
		Map<String, String> inputs = checksums(dir);
		Path out = dir.resolve("out.tif");
		Process p = new ProcessBuilder(withDefaultSigint(javaCommand(List.of(),
				"fit", "--input", in.toString(), "--output", out.toString(),
				"--epochs", "1000000", "--width", "16")))
				.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
		BufferedReader err = new BufferedReader(new InputStreamReader(
				p.getErrorStream(), StandardCharsets.UTF_8));
		for (String line; (line = err.readLine()) != null;)
			if (line.startsWith("INR epoch")) break;
		for (int k = 0; k < 2; k++) {
			assertEquals(0,
					new ProcessBuilder("kill", "-INT", Long.toString(p.pid()))
							.start().waitFor());
			Thread.sleep(5);
		}
		read(p.getErrorStream());
		assertTrue(p.waitFor(60, TimeUnit.SECONDS), "exited");
		assertEquals(130, p.exitValue());
		// either the first signal's result made it to disk before the second, complete, or nothing did
		if (Files.exists(out)) {
			assertNotNull(ij.IJ.openImage(out.toString()));
			assertTrue(Files.exists(dir.resolve("out.png")));
		}
		assertEquals(inputs.get("in.png"), checksums(dir).get("in.png"));
		noWorkFiles(dir);
	}

	@Test
	void twoRunsOnOneOutputEndWithOneRunsCompleteSet(@TempDir Path dir)
			throws Exception
	{
		Path in = png(dir.resolve("in.png"), gray(48, 40));
		Map<String, String> inputs = checksums(dir);
		Path out = dir.resolve("out.tif");
		List<Process> ps = new ArrayList<>();
		for (String seed : List.of("1", "2")) {
			ps.add(new ProcessBuilder(javaCommand(List.of(), "fit", "--input",
					in.toString(), "--output", out.toString(), "--epochs", "60",
					"--width", "16", "--seed", seed, "--quiet"))
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
		}
		for (Process p : ps) {
			assertTrue(p.waitFor(180, TimeUnit.SECONDS));
			assertEquals(0, p.exitValue());
		}
		// the preview on disk is the preview of the TIFF on disk: both files come from one run
		ImagePlus tif = ij.IJ.openImage(out.toString());
		ImagePlus png = ij.IJ.openImage(dir.resolve("out.png").toString());
		ImagePlus expected = io.github.reluinr.imagej.OutputFiles
				.previewOf(tif);
		assertEquals(expected.getWidth(), png.getWidth());
		assertTrue(java.util.Arrays.equals(
				(byte[]) expected.getProcessor().convertToByte(false)
						.getPixels(),
				(byte[]) png.getProcessor().convertToByte(false).getPixels()),
				"out.png is out.tif's preview");
		assertEquals(inputs.get("in.png"), checksums(dir).get("in.png"));
		noWorkFiles(dir);
	}
}
