package io.github.reluinr.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/install-fiji against fake Fiji.app folders, in --dry-run with Maven's
 * dependency tree given as a file (captured from
 * {@code mvn dependency:tree -Dscope=runtime [-Pcuda]} on linux-x86_64), so no
 * Maven runs: the refusals (old Java, conflicting ND4J/javacpp, not a Fiji.app,
 * --gpu on macOS) and the list of jars it would copy.
 */
class InstallFijiTest {

	private static Path script;
	private static Path treeCpu;
	private static Path treeCuda;

	@TempDir
	Path tmp;

	@BeforeAll
	static void locate() throws URISyntaxException {
		script = Paths.get("scripts", "install-fiji").toAbsolutePath();
		assumeTrue(
				Files.isRegularFile(script)
						&& Files.isExecutable(Paths.get("/bin/bash")),
				"needs bash and scripts/install-fiji");
		treeCpu = Paths.get(InstallFijiTest.class
				.getResource("tree-linux-x86_64.txt").toURI());
		treeCuda = Paths.get(InstallFijiTest.class
				.getResource("tree-linux-x86_64-cuda.txt").toURI());
	}

	private record Run(int exit, String out, String err) {

		List<String> lines(String prefix) {
			return out.lines().filter(l -> l.startsWith(prefix))
					.map(l -> l.substring(prefix.length())).toList();
		}
	}

	private static Run run(String... args)
			throws IOException, InterruptedException
	{
		List<String> cmd = new ArrayList<>(
				List.of("/bin/bash", script.toString()));
		cmd.addAll(List.of(args));
		ProcessBuilder pb = new ProcessBuilder(cmd);
		Path err = Files.createTempFile("install-fiji", ".err");
		pb.redirectError(err.toFile());
		Process p = pb.start();
		String out = new String(p.getInputStream().readAllBytes(),
				StandardCharsets.UTF_8);
		assertTrue(p.waitFor(30, TimeUnit.SECONDS),
				"install-fiji did not finish");
		String e = Files.readString(err);
		Files.delete(err);
		return new Run(p.exitValue(), out, e);
	}

	/**
	 * A Fiji.app with jars/ij-1.54f.jar and a bundled Java of the given
	 * version, plus the given jars.
	 */
	private Path fiji(String javaVersion, String... jars) throws IOException {
		Path app = tmp.resolve("Fiji.app");
		Files.createDirectories(app.resolve("jars"));
		Files.createDirectories(app.resolve("plugins"));
		Files.writeString(app.resolve("jars/ij-1.54f.jar"), "");
		Path jre = Files.createDirectories(
				app.resolve("java/linux64/jdk-" + javaVersion));
		Files.writeString(jre.resolve("release"),
				"IMPLEMENTOR=\"Azul Systems, Inc.\"\nJAVA_VERSION=\""
						+ javaVersion + "\"\n");
		for (String j : jars) {
			Path f = app.resolve(j);
			Files.createDirectories(f.getParent());
			Files.writeString(f, "");
		}
		return app;
	}

	private static List<String> listing(Path dir) throws IOException {
		try (Stream<Path> s = Files.walk(dir)) {
			return s.map(p -> dir.relativize(p).toString()).sorted()
					.collect(Collectors.toList());
		}
	}

	@Test
	void refusesJava8() throws Exception {
		Path app = fiji("1.8.0");
		List<String> before = listing(app);
		Run r = run(app.toString(), "--dry-run", "--platform", "linux-x86_64",
				"--tree", treeCpu.toString());
		assertEquals(1, r.exit(), r.err());
		assertTrue(r.err().contains("Fiji.app runs Java 1.8.0")
				&& r.err().contains("needs Java 17 or newer"), r.err());
		assertEquals(before, listing(app));
	}

	@Test
	void refusesConflictingNd4jAndJavacpp() throws Exception {
		Path app = fiji("21.0.3", "jars/nd4j-api-1.0.0-beta7.jar",
				"jars/linux64/javacpp-1.5.9-linux-x86_64.jar",
				"jars/nd4j-common-1.0.0-M2.1.jar", "jars/javacpp-1.5.10.jar");
		Run r = run(app.toString(), "--dry-run", "--platform", "linux-x86_64",
				"--tree", treeCpu.toString());
		assertEquals(1, r.exit(), r.err());
		assertTrue(
				r.err().contains("jars/nd4j-api-1.0.0-beta7.jar")
						&& r.err().contains(
								"jars/linux64/javacpp-1.5.9-linux-x86_64.jar"),
				r.err());
		assertFalse(
				r.err().contains("nd4j-common-1.0.0-M2.1.jar")
						|| r.err().contains("jars/javacpp-1.5.10.jar"),
				r.err());
		assertTrue(r.err().contains("ND4J 1.0.0-M2.1 with javacpp 1.5.10"),
				r.err());
	}

	@Test
	void refusesWhatIsNotAFijiApp() throws Exception {
		Run r = run(tmp.toString(), "--dry-run", "--tree", treeCpu.toString());
		assertEquals(2, r.exit());
		assertTrue(r.err().contains("no jars/ folder")
				&& r.err().contains("it is not a Fiji.app"), r.err());
		Path noPlugins = Files
				.createDirectories(tmp.resolve("NoPlugins.app/jars"));
		Run r2 = run(noPlugins.getParent().toString(), "--dry-run", "--tree",
				treeCpu.toString());
		assertEquals(2, r2.exit());
		assertTrue(r2.err().contains("no plugins/ folder"), r2.err());
		Run r3 = run(tmp.resolve("missing").toString(), "--dry-run", "--tree",
				treeCpu.toString());
		assertEquals(2, r3.exit());
		assertTrue(r3.err().contains("is not a folder"), r3.err());
		Run gpuOnMac = run(fiji("21.0.3").toString(), "--dry-run", "--gpu",
				"--platform", "macosx-arm64", "--tree", treeCuda.toString());
		assertEquals(1, gpuOnMac.exit());
		assertTrue(
				gpuOnMac.err().contains("linux-x86_64 and windows-x86_64 only"),
				gpuOnMac.err());
		assertEquals(2, run("--dry-run").exit());
	}

	@Test
	void plansTheJarsFijiLacks() throws Exception {
		Path app = fiji("21.0.3", "jars/relu-inr-0.0.9.jar",
				"jars/commons-io-2.16.1.jar", "jars/nd4j-api-1.0.0-M2.1.jar",
				"jars/linux64/openblas-0.3.26-1.5.10-linux-x86_64.jar");
		List<String> before = listing(app);
		Run r = run(app.toString(), "--dry-run", "--platform", "linux-x86_64",
				"--tree", treeCpu.toString());
		assertEquals(0, r.exit(), r.err());
		List<String> copy = r.lines("copy ");
		assertTrue(copy.stream().anyMatch(j -> j.matches("relu-inr-.*\\.jar")),
				r.out());
		for (String j : List.of("nd4j-native-1.0.0-M2.1.jar",
				"nd4j-native-1.0.0-M2.1-linux-x86_64.jar",
				"nd4j-common-1.0.0-M2.1.jar", "javacpp-1.5.10.jar",
				"javacpp-1.5.10-linux-x86_64.jar", "openblas-0.3.26-1.5.10.jar",
				"slf4j-api-1.7.36.jar"))
		{
			assertTrue(copy.contains(j), j + " missing from\n" + r.out());
		}
		// Fiji's own jars stay; no logging binding, no test jars, no CUDA.
		assertTrue(
				copy.stream()
						.noneMatch(j -> j.startsWith("ij-")
								|| j.startsWith("commons-io-")
								|| j.startsWith("nd4j-api-")
								|| j.startsWith("openblas-0.3.26-1.5.10-linux")
								|| j.startsWith("slf4j-simple")
								|| j.startsWith("junit") || j.contains("cuda")),
				r.out());
		List<String> keep = r.lines("keep ");
		assertTrue(keep.contains("ij-1.54g.jar (Fiji has jars/ij-1.54f.jar)"),
				r.out());
		assertTrue(keep.contains(
				"openblas-0.3.26-1.5.10-linux-x86_64.jar (Fiji has jars/linux64/openblas-0.3.26-1.5.10-linux-x86_64.jar)"),
				r.out());
		assertEquals(List.of("jars/relu-inr-0.0.9.jar"), r.lines("remove "));
		assertTrue(r.out().contains("dry run: nothing was changed"), r.out());
		assertEquals(before, listing(app));
	}

	/**
	 * A real Fiji ships Google's guava-33.x-jre.jar and jackson-core/-databind;
	 * ND4J's org.nd4j:guava, jackson and protobuf are other (shaded,
	 * org.nd4j.shade.*) libraries that must be installed beside them, under
	 * names whose base name is none of Fiji's (Fiji's updater treats
	 * guava-*.jar as one file).
	 */
	@Test
	void installsNd4jsShadedLibrariesUnderTheirOwnNames() throws Exception {
		Path app = fiji("21.0.3", "jars/guava-33.3.1-jre.jar",
				"jars/jackson-core-2.18.0.jar",
				"jars/jackson-databind-2.18.0.jar",
				"jars/protobuf-java-3.25.5.jar", "jars/jackson-1.0.0-M2.1.jar",
				"jars/protobuf-1.0.0-M2.1.jar");
		Run r = run(app.toString(), "--dry-run", "--platform", "linux-x86_64",
				"--tree", treeCpu.toString());
		assertEquals(0, r.exit(), r.err());
		List<String> copy = r.lines("copy ");
		for (String j : List.of("nd4j-shaded-guava-1.0.0-M2.1.jar",
				"nd4j-shaded-jackson-1.0.0-M2.1.jar",
				"nd4j-shaded-protobuf-1.0.0-M2.1.jar"))
		{
			assertTrue(copy.contains(j), j + " missing from\n" + r.out());
		}
		assertTrue(
				copy.stream().noneMatch(
						j -> j.matches("(guava|jackson|protobuf)-.*")),
				r.out());
		assertTrue(r.lines("keep ").stream().noneMatch(
				k -> k.startsWith("guava-") || k.startsWith("jackson-")
						|| k.startsWith("protobuf-")),
				r.out());
		// the unprefixed copies an older install-fiji made go; Fiji's own guava and jackson stay
		assertEquals(
				List.of("jars/jackson-1.0.0-M2.1.jar",
						"jars/protobuf-1.0.0-M2.1.jar"),
				r.lines("remove ").stream().sorted().toList());
		// no two jars of one base name (name without version) among Fiji's and the copied ones
		List<String> names = new ArrayList<>(copy);
		for (String f : List.of("guava-33.3.1-jre.jar",
				"jackson-core-2.18.0.jar", "jackson-databind-2.18.0.jar",
				"protobuf-java-3.25.5.jar"))
			names.add(f);
		List<String> bases = names.stream().map(InstallFijiTest::baseName)
				.toList();
		assertEquals(bases.size(), bases.stream().distinct().count(),
				"base names collide: " + bases);
	}

	/**
	 * Fiji's updater's notion of a file: the name without its version (a
	 * platform classifier stays).
	 */
	static String baseName(String jar) {
		java.util.regex.Matcher m = java.util.regex.Pattern
				.compile("-(linux|macosx|windows)-[a-z0-9_]+(-redist)?\\.jar$")
				.matcher(jar);
		String classifier = m.find() ? m.group() : "";
		return jar.replaceFirst("-[0-9].*$", "") + classifier;
	}

	@Test
	void installsAGivenJarWithoutBuilding() throws Exception {
		Path app = fiji("21.0.3");
		Path jar = Files.writeString(tmp.resolve("relu-inr-9.9.9.jar"), "");
		Run r = run(app.toString(), "--dry-run", "--platform", "linux-x86_64",
				"--tree", treeCpu.toString(), "--jar", jar.toString());
		assertEquals(0, r.exit(), r.err());
		assertTrue(r.lines("copy ").contains("relu-inr-9.9.9.jar"), r.out());
		assertFalse(r.out().contains("would build"), r.out());
		Run missing = run(app.toString(), "--dry-run", "--tree",
				treeCpu.toString(), "--jar",
				tmp.resolve("nothing.jar").toString());
		assertEquals(2, missing.exit());
		assertTrue(
				missing.err().contains("--jar")
						&& missing.err().contains("no such file"),
				missing.err());
	}

	@Test
	void gpuAddsTheCudaBackend() throws Exception {
		Path app = fiji("21.0.3");
		Run r = run(app.toString(), "--dry-run", "--gpu", "--platform",
				"linux-x86_64", "--tree", treeCuda.toString());
		assertEquals(0, r.exit(), r.err());
		List<String> copy = r.lines("copy ");
		for (String j : List.of("nd4j-cuda-11.6-1.0.0-M2.1.jar",
				"nd4j-cuda-11.6-1.0.0-M2.1-linux-x86_64.jar",
				"nd4j-cuda-11.6-preset-1.0.0-M2.1-linux-x86_64.jar",
				"cuda-11.6-8.3-1.5.7.jar",
				"cuda-11.6-8.3-1.5.7-linux-x86_64.jar",
				"cuda-11.6-8.3-1.5.7-linux-x86_64-redist.jar",
				"nd4j-native-1.0.0-M2.1-linux-x86_64.jar"))
		{
			assertTrue(copy.contains(j), j + " missing from\n" + r.out());
		}
		assertTrue(r.out().contains("with the CUDA 11.6 backend"), r.out());
		assertTrue(copy.stream().noneMatch(j -> j.startsWith("slf4j-simple")),
				r.out());
	}
}
