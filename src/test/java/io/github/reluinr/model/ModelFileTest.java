package io.github.reluinr.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.reluinr.nn.Activations;
import io.github.reluinr.nn.Network;
import io.github.reluinr.nn.PositionalEncoding;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file format against numpy's own reader and evaluator, and the one-line
 * refusals of bad files.
 */
class ModelFileTest {

	static final String PYTHON = "/usr/bin/python3";

	/**
	 * A random network of a method (as a model of a 9 x 11 field mapped to
	 * units 5 + 200 raw).
	 */
	static InrModel model(String method, int gridH, int gridW) {
		return model(method, gridH, gridW, 12, 2, 4);
	}

	static InrModel model(String method, int gridH, int gridW, int width,
			int layers, double c)
	{
		int side = Activations.encodesPositions(method)
				? PositionalEncoding.sideLength(gridH, gridW)
				: 0;
		int inputs = side > 0 ? PositionalEncoding.features(2, side) : 2;
		try (Network net = Activations.network(method, inputs, width, layers, 2,
				c, 6, 3, 11))
		{
			return InrModel
					.of(net, method, c, 6, 3, width, layers, side, gridH, gridW)
					.withOutput("fit", 5, 200).withCalibration(0.5, 0.25, "um");
		}
	}

	static boolean numpy() {
		if (!new File(PYTHON).canExecute()) return false;
		try {
			Process p = new ProcessBuilder(PYTHON, "-c", "import numpy")
					.redirectErrorStream(true).start();
			p.getInputStream().readAllBytes();
			return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
		}
		catch (IOException | InterruptedException e) {
			return false;
		}
	}

	static String python(String... args) throws Exception {
		List<String> cmd = new ArrayList<>(List.of(PYTHON));
		cmd.addAll(List.of(args));
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(),
				StandardCharsets.UTF_8);
		assertTrue(p.waitFor(120, TimeUnit.SECONDS));
		assertEquals(0, p.exitValue(), out);
		return out;
	}

	@Test
	void writesWhatNumpyLoadsAndReadsItBack(@TempDir Path dir)
			throws Exception
	{
		InrModel m = model("bw-relu", 9, 11);
		Path f = dir.resolve("m.inr.npz");
		ModelFile.write(f, m);
		InrModel back = ModelFile.read(f);
		assertEquals(m.arrays().keySet(), back.arrays().keySet());
		for (String k : m.arrays().keySet())
			assertArrayEquals(m.arrays().get(k).data(),
					back.arrays().get(k).data(), 0f, k);
		assertEquals(0.5, back.pixelWidth());
		assertEquals("um", back.unit());
		assertArrayEquals(new double[]{200, 200}, back.outputRange());
		// no temporary file is left beside it
		try (var s = Files.list(dir)) {
			assertEquals(List.of("m.inr.npz"),
					s.map(p -> p.getFileName().toString()).toList());
		}
		assumeTrue(numpy(),
				"skipped: " + PYTHON + " with numpy is not available");
		String out = python("-c",
				"import numpy as np, json, zipfile, sys; a = np.load(sys.argv[1]); "
						+ "print(sorted(a.files)); print(a['layer0.weight'].dtype, a['layer0.weight'].shape, a['layer1.weight'].shape, a['layer2.bias'].shape); "
						+ "c = json.loads(zipfile.ZipFile(sys.argv[1]).read('config.json')); print(c['method'], c['layer_sizes'], c['output_range'])",
				f.toString());
		assertEquals(
				"['config.json', 'layer0.bias', 'layer0.weight', 'layer1.bias', 'layer1.weight', 'layer2.bias', 'layer2.weight']\n"
						+ "float32 (12, 2) (12, 12) (2,)\nbw-relu [2, 12, 12, 2] [200.0, 200.0]\n",
				out);
		// and a numpy-written .npy (float32 and float64) reads as the same values
		Path npy32 = dir.resolve("a32.npy"), npy64 = dir.resolve("a64.npy");
		python("-c",
				"import numpy as np, sys; x = (np.arange(12, dtype=np.float64).reshape(3, 4) / 7); np.save(sys.argv[1], x.astype(np.float32)); np.save(sys.argv[2], x)",
				npy32.toString(), npy64.toString());
		float[] want = new float[12];
		for (int i = 0; i < 12; i++)
			want[i] = (float) (i / 7.0);
		Npy.Array a32 = Npy.read(Files.readAllBytes(npy32), "a32"),
				a64 = Npy.read(Files.readAllBytes(npy64), "a64");
		assertArrayEquals(new long[]{3, 4}, a32.shape());
		assertArrayEquals(want, a32.data(), 0f);
		assertArrayEquals(want, a64.data(), 0f);
	}

	@Test
	void numpyEvaluationMatchesTheRenderForEveryMethod(@TempDir Path dir)
			throws Exception
	{
		assumeTrue(numpy(),
				"skipped: " + PYTHON + " with numpy is not available");
		Path script = Path.of("tools/model/inr_eval.py").toAbsolutePath();
		assertTrue(Files.exists(script), script.toString());
		for (String method : Activations.NAMES) {
			InrModel m = model(method, 9, 11, 64, 3, 9);
			Path f = dir.resolve(method + ".inr.npz");
			ModelFile.write(f, m);
			for (String[] job : new String[][]{{"11,9", null},
					{"37,23", "1.5,2,6,4"}})
			{
				String[] wh = job[0].split(",");
				int w = Integer.parseInt(wh[0]), h = Integer.parseInt(wh[1]);
				Renderer.Region region = null;
				if (job[1] != null) {
					String[] r = job[1].split(",");
					region = new Renderer.Region(Double.parseDouble(r[0]),
							Double.parseDouble(r[1]), Double.parseDouble(r[2]),
							Double.parseDouble(r[3]));
				}
				float[] java = Renderer.render(ModelFile.read(f), w, h, region,
						null);
				Path out = dir.resolve(method + "-" + w + ".npy");
				List<String> args = new ArrayList<>(
						List.of(script.toString(), f.toString(), "--size",
								job[0], "--output", out.toString()));
				if (job[1] != null) args.addAll(List.of("--region", job[1]));
				python(args.toArray(String[]::new));
				Npy.Array py = Npy.read(Files.readAllBytes(out),
						out.toString());
				assertArrayEquals(new long[]{h, w, 2}, py.shape(), method);
				double worst = 0;
				for (int i = 0; i < java.length; i++)
					worst = Math.max(worst,
							Math.abs(java[i] - py.data()[i]) / 200.0);
				System.out.println("numpy vs relu-inr render, " + method + " "
						+ job[0] + ": largest difference " + worst
						+ " of output_range");
				assertTrue(worst <= 1e-5, method + " " + job[0]
						+ ": largest difference " + worst + " of output_range");
			}
		}
	}

	static void zip(Path f, Map<String, byte[]> entries) throws IOException {
		try (OutputStream o = Files.newOutputStream(f);
				ZipOutputStream z = new ZipOutputStream(o))
		{
			for (Map.Entry<String, byte[]> e : entries.entrySet()) {
				z.putNextEntry(new ZipEntry(e.getKey()));
				z.write(e.getValue());
				z.closeEntry();
			}
		}
	}

	static Map<String, byte[]> entries(Path f) throws IOException {
		Map<String, byte[]> m = new LinkedHashMap<>();
		try (ZipInputStream z = new ZipInputStream(Files.newInputStream(f))) {
			ZipEntry e;
			while ((e = z.getNextEntry()) != null) {
				ByteArrayOutputStream b = new ByteArrayOutputStream();
				z.transferTo(b);
				m.put(e.getName(), b.toByteArray());
			}
		}
		return m;
	}

	static String refusal(Path f) {
		return assertThrows(ModelFileException.class, () -> ModelFile.read(f))
				.getMessage();
	}

	@Test
	void badFilesAreRefusedInOneLine(@TempDir Path dir) throws Exception {
		Path good = dir.resolve("good.inr.npz");
		ModelFile.write(good, model("wire", 9, 11));
		Map<String, byte[]> ok = entries(good);

		Path text = dir.resolve("text.inr.npz");
		Files.writeString(text, "hello, not a zip\n");
		assertEquals(text
				+ " is not a model file (not a zip archive, or an empty one)",
				refusal(text));
		assertEquals("file not found: " + dir.resolve("none.npz"),
				refusal(dir.resolve("none.npz")));

		Map<String, byte[]> e = new LinkedHashMap<>(ok);
		e.remove("layer1.weight_imag.npy");
		Path missing = dir.resolve("missing.npz");
		zip(missing, e);
		assertEquals(
				"missing array layer1.weight_imag.npy (expected shape (8, 8))",
				refusal(missing));

		e = new LinkedHashMap<>(ok);
		e.put("layer2.weight.npy",
				Npy.write(new Npy.Array(new long[]{2, 7}, new float[14])));
		Path shape = dir.resolve("shape.npz");
		zip(shape, e);
		assertEquals(
				"array layer2.weight has shape (2, 7), expected (2, 8) for layer sizes [2, 8, 8, 2]",
				refusal(shape));

		e = new LinkedHashMap<>(ok);
		e.put("config.json",
				new String(ok.get("config.json"), StandardCharsets.UTF_8)
						.replace("\"format_version\": 1",
								"\"format_version\": 7")
						.getBytes(StandardCharsets.UTF_8));
		Path version = dir.resolve("version.npz");
		zip(version, e);
		assertEquals(
				"config.json: format_version 7 is not supported (this relu-inr reads version 1)",
				refusal(version));

		e = new LinkedHashMap<>(ok);
		e.remove("config.json");
		Path noConfig = dir.resolve("noconfig.npz");
		zip(noConfig, e);
		assertEquals(
				noConfig + " is not a relu-inr model: no config.json entry",
				refusal(noConfig));

		e = new LinkedHashMap<>(ok);
		byte[] npy = e.get("layer0.bias.npy").clone();
		npy[npy.length - 100 > 0 ? 20 : 20] = 'X'; // break the header's dict
		e.put("layer0.bias.npy", java.util.Arrays.copyOf(npy, npy.length - 4));
		Path truncated = dir.resolve("truncated.npz");
		zip(truncated, e);
		assertTrue(refusal(truncated).startsWith("layer0.bias.npy: "),
				refusal(truncated));

		e = new LinkedHashMap<>(ok);
		e.put("config.json", "{\"format\": \"relu-inr model\", "
				.getBytes(StandardCharsets.UTF_8));
		Path json = dir.resolve("json.npz");
		zip(json, e);
		assertTrue(refusal(json).startsWith("config.json: "), refusal(json));
		for (Path p : List.of(text, missing, shape, version, noConfig,
				truncated, json))
			assertTrue(!refusal(p).contains("\n"));
	}

	@Test
	void jsonKeepsDoublesExactly() {
		double[] v = {0.1, 1.0 / 3, 255, -1e-300, 6.02e23, (float) 37.123};
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("v", v);
		m.put("s", "a \"quoted\"\n line");
		@SuppressWarnings("unchecked")
		Map<String, Object> back = (Map<String, Object>) Json
				.parse(Json.write(m));
		List<?> l = (List<?>) back.get("v");
		for (int i = 0; i < v.length; i++)
			assertEquals(v[i], (Double) l.get(i));
		assertEquals("a \"quoted\"\n line", back.get("s"));
	}
}
