package io.github.reluinr.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The plugin inside the real ImageJ2 + imagej-legacy runtime, headless: the
 * install against the runtime's own jars, the README's headless --run line,
 * macro lines and Groovy snippet as written (only the launcher's name and the
 * /data/ folder are replaced), the shipped Groovy template, and a batch macro
 * that runs every command on two images with selectImage between them, repeated
 * so that SciJava's pooled threads are reused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FijiHeadlessIT {

	private FijiRuntime fiji;

	@BeforeAll
	void install() throws Exception {
		fiji = FijiRuntime.install("headless");
	}

	private String paths(String text) {
		return text.replace("/data/", fiji.data + "/");
	}

	@Test
	void installSitsBesideFijisOwnJars() throws Exception {
		Path jars = fiji.app.resolve("jars");
		List<String> names;
		try (var s = Files.list(jars)) {
			names = s.map(p -> p.getFileName().toString())
					.filter(n -> n.endsWith(".jar")).sorted().toList();
		}
		assertTrue(names.contains("guava-33.3.1-jre.jar"),
				"Fiji's guava stays: " + names);
		assertTrue(names.contains("nd4j-shaded-guava-1.0.0-M2.1.jar"),
				"ND4J's shaded guava is installed: " + names);
		try (JarFile j = new JarFile(
				jars.resolve("nd4j-shaded-guava-1.0.0-M2.1.jar").toFile()))
		{
			assertTrue(j.getEntry(
					"org/nd4j/shade/guava/util/concurrent/AtomicDouble.class") != null,
					"the shaded class every command needs");
		}
		// Fiji's updater treats jars of one base name as versions of one file: none may collide
		List<String> bases = names.stream().map(FijiHeadlessIT::baseName)
				.toList();
		List<String> dup = new ArrayList<>();
		for (String b : bases)
			if (bases.indexOf(b) != bases.lastIndexOf(b) && !dup.contains(b))
				dup.add(b);
		assertEquals(List.of(), dup, "jars sharing a base name in " + jars);
	}

	static String baseName(String jar) {
		Matcher m = Pattern
				.compile("-(linux|macosx|windows)-[a-z0-9_]+(-redist)?\\.jar$")
				.matcher(jar);
		String classifier = m.find() ? m.group() : "";
		return jar.replaceFirst("-[0-9].*$", "") + classifier;
	}

	@Test
	void readmeHeadlessRunLine() throws Exception {
		String line = fiji.readmeLine("ImageJ-linux64 --headless --run ");
		List<String> words = FijiRuntime.shellWords(paths(line));
		List<String> args = words.subList(1, words.size());
		FijiRuntime.Result r = fiji.fijiRun(180, args.toArray(String[]::new));
		assertEquals(0, r.exit(), r.all());
		FijiRuntime.assertClean(r);
		assertTrue(Files.size(fiji.data.resolve("cells-inr.tif")) > 0, r.all());
		List<String> csv = Files.readAllLines(fiji.data.resolve("cells.csv"));
		assertEquals(2, csv.size(), String.join("\n", csv));
		assertTrue(csv.get(1).startsWith("fit,bw-relu,"), csv.get(1));
		assertEquals(1, count(r.all(), "[INFO] fit on cells.tif (1 plane)"),
				r.all());
	}

	/**
	 * Fit, Super-Resolution, Sparse-View CT, Compare INRs and Select c with
	 * selectImage between them, three rounds.
	 */
	@Test
	void batchMacroRunsEachCommandOnTheSelectedImage() throws Exception {
		String a = fiji.data.resolve("a.tif").toString(),
				b = fiji.data.resolve("b.tif").toString();
		String macro = String.join("\n", "setBatchMode(true);",
				"open(\"" + a + "\"); a = getImageID();",
				"open(\"" + b + "\"); b = getImageID();",
				"for (i = 0; i < 3; i++) {",
				"  selectImage(a); run(\"Fit Signal (BW-ReLU)\", \"epochs=3 width=8 layers=1\");",
				"  selectImage(b); run(\"Super-Resolution (BW-ReLU)\", \"image=b.tif scale=2 epochs=3 width=8 layers=1\");",
				"  selectImage(a); run(\"Sparse-View CT (BW-ReLU)\", \"angles=10 epochs=3 width=8 layers=1\");",
				"  selectImage(b); run(\"Compare INRs\", \"methods=bw-relu,relu epochs=3 width=8 layers=1\");",
				"  selectImage(a); run(\"Select c (variation norm)\", \"task=fit c_values=1,3 epochs=3 width=8 layers=1\");",
				"}", "print(\"images \" + nImages);",
				"for (r = 0; r < nResults; r++) print(\"row \" + getResultString(\"image\", r) + \" \" + getResultString(\"task\", r) + \" \" + getResultString(\"method\", r) + \" \" + getResult(\"psnr_db\", r));",
				"");
		Path file = fiji.work.resolve("five-commands.ijm");
		Files.writeString(file, macro);
		FijiRuntime.Result r = fiji.fijiRun(300, "--headless", "-batch",
				file.toString());
		assertEquals(0, r.exit(), r.all());
		FijiRuntime.assertClean(r);
		String all = r.all();
		// the one log line per run names the image the macro selected, never a result
		List<String> ran = lines(all, "[INFO] ").stream()
				.filter(l -> l.matches("(fit|superres|ct) on .*")).toList();
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			expected.addAll(List.of("fit on a.tif", "superres on b.tif",
					"ct on a.tif", "fit on b.tif", "fit on a.tif"));
		}
		assertEquals(expected,
				ran.stream().map(l -> l.replaceFirst(" \\(.*$", "")).toList(),
				all);
		assertTrue(all.contains("images " + (2 + 3 * 14)), all);
		// each network adds its row, each baseline its own (super-resolution's five, CT's FBP and SIRT);
		// compare: one per method
		List<String> rows = lines(all, "row ");
		assertEquals(3 * 14, rows.size(), all);
		List<String> round = rows.subList(0, 14).stream()
				.map(l -> l.replaceFirst(" [^ ]+$", "")).toList();
		assertEquals(List.of("a fit bw-relu", "b superres bw-relu",
				"b superres bicubic-skimage", "b superres bicubic-pil",
				"b superres lanczos-pil", "b superres back-projection",
				"b superres bicubic-imagej", "a ct bw-relu", "a ct fbp",
				"a ct sirt", "b fit bw-relu", "b fit relu", "a fit bw-relu",
				"a fit bw-relu"), round, all);
		assertFalse(rows.get(0).endsWith(" NaN"),
				"fit has a PSNR: " + rows.get(0));
	}

	@Test
	void readmeMacroLines() throws Exception {
		String recorded = fiji
				.readmeLine("run(\"Fit Signal (BW-ReLU)\", \"epochs=");
		String reading = fiji.readmeBlock("getResult(\"psnr_db\"");
		Path file = fiji.work.resolve("recorded.ijm");
		Files.writeString(file,
				"setBatchMode(true);\nopen(\"" + fiji.data.resolve("cells.tif")
						+ "\");\nt0 = getTime();\n" + recorded
						+ "\nprint(\"seconds \" + (getTime() - t0) / 1000);\n"
						+ paths(reading));
		FijiRuntime.Result r = fiji.fijiRun(240, "--headless", "-batch",
				file.toString());
		assertEquals(0, r.exit(), r.all());
		FijiRuntime.assertClean(r);
		Matcher s = Pattern.compile("seconds ([0-9.]+)").matcher(r.out());
		assertTrue(s.find(), r.all());
		System.out.println("README recorded macro line on 32 x 32: "
				+ s.group(1) + " s (shared machine)");
		assertTrue(Double.parseDouble(s.group(1)) < 30,
				"a macro line at tiny settings finishes within 30 s: "
						+ s.group(1));
		assertTrue(Pattern.compile("(?m)^PSNR [0-9.]+ dB$").matcher(r.out())
				.find(), r.all());

		String batch = fiji.readmeBlock("getDirectory(\"Input folder\")");
		Path in = Files.createDirectories(fiji.work.resolve("folder-in")),
				out = Files.createDirectories(fiji.work.resolve("folder-out"));
		Files.copy(fiji.data.resolve("a.tif"), in.resolve("a.tif"));
		Files.copy(fiji.data.resolve("b.tif"), in.resolve("b.tif"));
		Files.writeString(in.resolve("notes.txt"), "not an image");
		String runnable = batch
				.replace("getDirectory(\"Input folder\")", "\"" + in + "/\"")
				.replace("getDirectory(\"Output folder\")", "\"" + out + "/\"");
		assertFalse(runnable.equals(batch),
				"the README's batch macro asks for its folders");
		Path bfile = fiji.work.resolve("batch.ijm");
		Files.writeString(bfile, runnable);
		FijiRuntime.Result rb = fiji.fijiRun(300, "--headless", "-batch",
				bfile.toString());
		assertEquals(0, rb.exit(), rb.all());
		FijiRuntime.assertClean(rb);
		for (String f : List.of("a.tif-inr.tif", "b.tif-inr.tif", "a.tif.csv",
				"b.tif.csv"))
			assertTrue(Files.isRegularFile(out.resolve(f)),
					f + "\n" + rb.all());
		assertFalse(Files.exists(out.resolve("notes.txt-inr.tif")));
	}

	@Test
	void groovyTemplateAndReadmeSnippet() throws Exception {
		Path template = fiji.project.resolve(
				"src/main/resources/script_templates/Implicit Neural Representations/Fit_Signal_Batch.groovy");
		Path in = Files.createDirectories(fiji.work.resolve("groovy-in")),
				out = Files.createDirectories(fiji.work.resolve("groovy-out"));
		Files.copy(fiji.data.resolve("a.tif"), in.resolve("a.tif"));
		FijiRuntime.Result r = fiji.fijiRun(240, "--headless", "--run",
				template.toString(), "input_dir=\"" + in + "\",output_dir=\""
						+ out + "\",epochs=20");
		assertEquals(0, r.exit(), r.all());
		FijiRuntime.assertClean(r);
		assertTrue(Files.isRegularFile(out.resolve("a-inr.tif")), r.all());
		assertTrue(r.all().contains("a.tif: PSNR "), r.all());

		String snippet = fiji.readmeBlock("#@ CommandService command");
		Path file = fiji.work.resolve("snippet.groovy");
		Files.writeString(file, paths(snippet));
		FijiRuntime.Result s = fiji.fijiRun(240, "--headless", "--run",
				file.toString(), "");
		assertEquals(0, s.exit(), s.all());
		FijiRuntime.assertClean(s);
		assertTrue(Pattern.compile("(?m)^[0-9]+\\.[0-9]+$").matcher(s.out())
				.find(), "prints the PSNR:\n" + s.all());
		assertTrue(Files.isRegularFile(fiji.data.resolve("cells-inr.tif")),
				s.all());
	}

	static int count(String text, String what) {
		int n = 0;
		for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1))
			n++;
		return n;
	}

	static List<String> lines(String text, String prefix) {
		return text.lines().filter(l -> l.startsWith(prefix))
				.map(l -> l.substring(prefix.length())).toList();
	}

	/**
	 * Issue 21 in the real runtime: Fit Volume and Isotropic Super-Resolution
	 * on a small calibrated stack (a crop of the shipped sample), then Render
	 * INR's XZ plane of the 3-D model; a macro reads back the calibrations.
	 */
	@Test
	void volumeCommandsAndXzRender() throws Exception {
		ij.ImagePlus sample = ij.IJ.openImage(fiji.project.resolve(
				"src/main/resources/io/github/reluinr/images/cell-stack.tif")
				.toString());
		sample.setRoi(40, 40, 24, 20);
		ij.ImagePlus small = sample.crop("stack");
		small.setCalibration(sample.getCalibration().copy());
		Path stack = fiji.data.resolve("stack.tif");
		ij.IJ.saveAsTiff(small, stack.toString());
		Path fit = fiji.data.resolve("vol-fit.tif"),
				iso = fiji.data.resolve("vol-iso.tif"),
				model = fiji.data.resolve("vol-iso.inr.npz"),
				xz = fiji.data.resolve("vol-xz.tif");
		FijiRuntime.Result f = fiji.fijiRun(240, "--headless", "--run",
				"Fit Volume (BW-ReLU)", "input_file=\"" + stack
						+ "\",output_file=\"" + fit + "\",epochs=10,width=16");
		assertEquals(0, f.exit(), f.all());
		FijiRuntime.assertClean(f);
		assertTrue(
				f.all().contains(
						"[INFO] fit-volume on stack.tif: 24 x 20 x 32 voxels"),
				f.all());
		FijiRuntime.Result s = fiji.fijiRun(240, "--headless", "--run",
				"Isotropic Super-Resolution (BW-ReLU)",
				"input_file=\"" + stack + "\",output_file=\"" + iso
						+ "\",model_file=\"" + model + "\",epochs=5,width=16");
		assertEquals(0, s.exit(), s.all());
		FijiRuntime.assertClean(s);
		FijiRuntime.Result r = fiji.fijiRun(240, "--headless", "--run",
				"Render INR",
				"model_file=\"" + model
						+ "\",plane=\"xz\",position=10,output_file=\"" + xz
						+ "\"");
		assertEquals(0, r.exit(), r.all());
		Path macro = fiji.data.resolve("volume-sizes.ijm");
		Files.writeString(macro, "open(\"" + fit
				+ "\"); getVoxelSize(w,h,d,u); print(\"fit \"+nSlices+\" \"+d);\n"
				+ "open(\"" + iso
				+ "\"); getVoxelSize(w,h,d,u); print(\"iso \"+nSlices+\" \"+d);\n"
				+ "open(\"" + xz
				+ "\"); print(\"xz \"+getWidth()+\"x\"+getHeight());\n");
		FijiRuntime.Result m = fiji.fijiRun(120, "--headless", "-batch",
				macro.toString());
		assertTrue(m.out().contains("fit 32 0.5"), m.all());
		assertTrue(m.out().contains("iso 160 0.1"),
				"scale_z 5 from the calibration (0.5 um steps, 0.1 um pixels): "
						+ m.all());
		assertTrue(m.out().contains("xz 24x160"), m.all());
	}
}
