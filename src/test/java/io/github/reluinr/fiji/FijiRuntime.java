package io.github.reluinr.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ImageProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fresh Fiji.app of the real ImageJ2 + imagej-legacy runtime
 * ({@code ../shared/imagej2}, found from the project folder upwards or through
 * {@code -Dreluinr.imagej2=DIR}) with the built plugin installed by
 * scripts/install-fiji, exactly as a user installs it (the runtime jars
 * gathered by Maven before the integration tests, so no nested build). Tests
 * skip with a message where the runtime is absent.
 */
final class FijiRuntime {

	final Path project = Paths.get("").toAbsolutePath();
	final Path runtime;
	final Path work;
	final Path app;
	final Path data;

	record Result(int exit, String out, String err, double seconds) {

		String all() {
			return out + "\n" + err;
		}
	}

	private FijiRuntime(Path runtime, String name) {
		this.runtime = runtime;
		this.work = project.resolve("target/fiji-it/" + name);
		this.app = work.resolve("Fiji.app");
		this.data = work.resolve("data");
	}

	static Path locateRuntime() {
		String given = System.getProperty("reluinr.imagej2",
				System.getenv("RELU_INR_IMAGEJ2"));
		if (given != null && !given.isEmpty()) return Paths.get(given);
		for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p
				.getParent())
		{
			Path c = p.resolve("shared/imagej2");
			if (Files.isExecutable(c.resolve("fiji"))) return c;
		}
		return null;
	}

	/**
	 * Makes the app (fiji --make-app), installs the plugin with
	 * scripts/install-fiji and writes small test images.
	 */
	static FijiRuntime install(String name) throws Exception {
		Path rt = locateRuntime();
		assumeTrue(rt != null && Files.isExecutable(rt.resolve("fiji")),
				"no ImageJ2 runtime at ../shared/imagej2 (or -Dreluinr.imagej2): the Fiji integration tests are skipped");
		String jar = System.getProperty("reluinr.jar"),
				deps = System.getProperty("reluinr.deps"),
				tree = System.getProperty("reluinr.tree");
		assumeTrue(jar != null && Files.isRegularFile(Paths.get(jar)),
				"no built jar (run through mvn verify): skipped");
		FijiRuntime f = new FijiRuntime(rt, name);
		deleteTree(f.work);
		Files.createDirectories(f.data);
		Result made = run(f.work, 120, rt.resolve("fiji").toString(),
				"--make-app", f.app.toString());
		assertEquals(0, made.exit(), made.all());
		Result inst = run(f.project, 120, "/bin/bash",
				f.project.resolve("scripts/install-fiji").toString(),
				f.app.toString(), "--jar", jar, "--deps", deps, "--tree", tree);
		assertEquals(0, inst.exit(), inst.all());
		assertTrue(inst.out().contains("copied relu-inr-"), inst.all());
		f.writeImages();
		return f;
	}

	/**
	 * a.tif: camera, 32 x 32 (every 4th pixel of camera-128); b.tif: astronaut
	 * 32 x 32 in gray; cells.tif = a.tif.
	 */
	void writeImages() throws IOException {
		ImagePlus cam = open("camera-128.png");
		ImageProcessor small = cam.getProcessor().convertToByte(false)
				.resize(32, 32, false);
		save(new ImagePlus("a.tif", small), data.resolve("a.tif"));
		save(new ImagePlus("cells.tif", small.duplicate()),
				data.resolve("cells.tif"));
		ImagePlus ast = open("astronaut-lr32.png");
		save(new ImagePlus("b.tif", ast.getProcessor().convertToByte(true)),
				data.resolve("b.tif"));
	}

	private static ImagePlus open(String resource) throws IOException {
		try (InputStream in = FijiRuntime.class
				.getResourceAsStream("/io/github/reluinr/images/" + resource))
		{
			return new ImagePlus(resource, javax.imageio.ImageIO.read(in));
		}
	}

	private static void save(ImagePlus imp, Path to) throws IOException {
		if (!new FileSaver(imp).saveAsTiff(to.toString()))
			throw new IOException("cannot write " + to);
	}

	/** The runtime's launcher on this app: {@code fiji --app APP ARGS...}. */
	List<String> fiji(String... args) {
		List<String> cmd = new ArrayList<>(List.of(
				runtime.resolve("fiji").toString(), "--app", app.toString()));
		cmd.addAll(List.of(args));
		return cmd;
	}

	Result fijiRun(int timeoutSeconds, String... args)
			throws IOException, InterruptedException
	{
		return run(work, timeoutSeconds, fiji(args).toArray(String[]::new));
	}

	static Result run(Path dir, int timeoutSeconds, String... cmd)
			throws IOException, InterruptedException
	{
		ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
		pb.environment().put("OMP_NUM_THREADS", "1");
		Path out = Files.createTempFile("fiji-it", ".out"),
				err = Files.createTempFile("fiji-it", ".err");
		pb.redirectOutput(out.toFile()).redirectError(err.toFile());
		long t0 = System.nanoTime();
		Process p = pb.start();
		boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
		if (!done) {
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
			p.waitFor();
		}
		double seconds = (System.nanoTime() - t0) / 1e9;
		Result r = new Result(done ? p.exitValue() : -1, Files.readString(out),
				Files.readString(err), seconds);
		Files.delete(out);
		Files.delete(err);
		assertTrue(done, "did not finish within " + timeoutSeconds + " s: "
				+ String.join(" ", cmd) + "\n" + r.all());
		return r;
	}

	/** What a user must not see in the output of a run that succeeds. */
	static void assertClean(Result r) {
		String all = r.all();
		for (String bad : List.of("Exception", "\tat ", "[WARNING]", "[ERROR]",
				"Ignoring unsupported output", "Loaded [CpuBackend]",
				"Blas vendor", "Macro Error"))
		{
			assertTrue(!all.contains(bad),
					"'" + bad + "' in the output:\n" + all);
		}
	}

	/** The README's fenced code blocks (language tag, body), in order. */
	List<String[]> readmeBlocks() throws IOException {
		String readme = Files.readString(project.resolve("README.md"),
				StandardCharsets.UTF_8);
		List<String[]> blocks = new ArrayList<>();
		Matcher m = Pattern
				.compile("(?m)^```(\\w*)\\n(.*?)^```$", Pattern.DOTALL)
				.matcher(readme);
		while (m.find())
			blocks.add(new String[]{m.group(1), m.group(2)});
		return blocks;
	}

	/** The README's line that starts with this prefix (inside a code block). */
	String readmeLine(String prefix) throws IOException {
		for (String[] b : readmeBlocks())
			for (String line : b[1].split("\n"))
				if (line.startsWith(prefix)) return line;
		throw new AssertionError("README has no line starting with " + prefix);
	}

	/** The README code block that contains this text. */
	String readmeBlock(String containing) throws IOException {
		for (String[] b : readmeBlocks())
			if (b[1].contains(containing)) return b[1];
		throw new AssertionError("README has no code block with " + containing);
	}

	/**
	 * Splits a shell command line into words ('single' and "double" quotes, no
	 * expansions).
	 */
	static List<String> shellWords(String line) {
		List<String> words = new ArrayList<>();
		StringBuilder w = new StringBuilder();
		boolean in = false;
		char q = 0;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (q != 0) {
				if (c == q) q = 0;
				else w.append(c);
			}
			else if (c == '\'' || c == '"') {
				q = c;
				in = true;
			}
			else if (Character.isWhitespace(c)) {
				if (in) words.add(w.toString());
				w.setLength(0);
				in = false;
			}
			else {
				w.append(c);
				in = true;
			}
		}
		if (in) words.add(w.toString());
		return words;
	}

	static void deleteTree(Path p) throws IOException {
		if (!Files.exists(p)) return;
		try (Stream<Path> s = Files.walk(p)) {
			for (Path x : s.sorted(java.util.Comparator.reverseOrder())
					.toList())
				Files.delete(x);
		}
	}
}
