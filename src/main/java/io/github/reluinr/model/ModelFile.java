package io.github.reluinr.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A model as a NumPy {@code .npz} archive (what {@code numpy.savez} writes): a
 * zip of one {@code .npy} v1.0 array per entry ({@code layer0.weight.npy}, ...;
 * float32 little-endian, C order) and a {@code config.json} entry.
 * {@code numpy.load(path)} gives the arrays by name; the config is
 * {@code json.loads(zipfile.ZipFile(path).read("config.json"))}.
 *
 * <p>
 * config.json, top-level keys: {@code format}, {@code format_version} (1),
 * {@code relu_inr_version}, {@code method}, {@code c}, {@code omega0},
 * {@code sigma0}, {@code activation} (the formula), {@code width},
 * {@code layers}, {@code layer_sizes}, {@code output_min}, {@code output_range}
 * (per channel; pixel = raw output * output_range + output_min),
 * {@code input_encoding}, {@code coordinates} (convention, width, height; a
 * volume adds dimension 3, depth and extent [ex, ey, ez]), {@code calibration}
 * (pixel_width, pixel_height, unit; a volume adds voxel_depth), {@code task},
 * {@code epochs}, {@code best_epoch}, {@code final_loss}, {@code best_loss},
 * {@code stop_reason}, {@code variation_norm}, {@code arrays} (name to shape).
 *
 * <p>
 * Writing is atomic: the archive goes to a temporary file in the same folder,
 * then is renamed.
 */
public final class ModelFile {

	public static final String CONFIG = "config.json";
	public static final String FORMAT = "relu-inr model";

	private ModelFile() {
	}

	/** Writes the model; the file appears complete or not at all. */
	public static void write(Path file, InrModel m) throws IOException {
		Path abs = file.toAbsolutePath();
		Path dir = abs.getParent();
		if (dir != null) Files.createDirectories(dir);
		Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".",
				".tmp");
		try {
			try (OutputStream out = Files.newOutputStream(tmp);
					ZipOutputStream zip = new ZipOutputStream(out))
			{
				for (Map.Entry<String, Npy.Array> e : m.arrays.entrySet()) {
					zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
					zip.write(Npy.write(e.getValue()));
					zip.closeEntry();
				}
				zip.putNextEntry(new ZipEntry(CONFIG));
				zip.write(
						Json.write(config(m)).getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
			}
			try {
				Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING,
						StandardCopyOption.ATOMIC_MOVE);
			}
			catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** config.json's content. */
	public static Map<String, Object> config(InrModel m) {
		Map<String, Object> c = new LinkedHashMap<>();
		c.put("format", FORMAT);
		c.put("format_version", (long) InrModel.FORMAT_VERSION);
		c.put("relu_inr_version", InrModel.RELU_INR_VERSION);
		c.put("method", m.method);
		c.put("c", m.c);
		c.put("omega0", m.omega0);
		c.put("sigma0", m.sigma0);
		c.put("activation", formula(m.method));
		c.put("width", (long) m.width);
		c.put("layers", (long) m.layers);
		List<Object> sizes = new ArrayList<>();
		for (int s : m.layerSizes())
			sizes.add((long) s);
		c.put("layer_sizes", sizes);
		c.put("output_min", m.outputMin);
		c.put("output_range", m.outputRange);
		Map<String, Object> enc = new LinkedHashMap<>();
		if (m.encodingSide > 0) {
			enc.put("type", "positional");
			enc.put("side_length", (long) m.encodingSide);
			enc.put("frequencies",
					(long) io.github.reluinr.nn.PositionalEncoding
							.frequencies(m.encodingSide));
			enc.put("array", InrModel.ENCODING_ARRAY);
			enc.put("features", m.dimension == 3
					? "[x, y, z, then for each frequency f in encoding.frequencies: sin(f x), cos(f x), sin(f y), cos(f y), sin(f z), cos(f z)] (float32, f x rounded to float32)"
					: "[x, y, then for each frequency f in encoding.frequencies: sin(f x), cos(f x), sin(f y), cos(f y)] (float32, f x rounded to float32)");
		}
		else {
			enc.put("type", "none");
			enc.put("features", m.dimension == 3 ? "[x, y, z]" : "[x, y]");
		}
		c.put("input_encoding", enc);
		Map<String, Object> co = new LinkedHashMap<>();
		if (m.dimension == 3) {
			co.put("convention",
					"a volume: x = linspace(-ex, ex, width) over the voxel centres of the training grid (column 0 to width-1), y = linspace(-ey, ey, height) "
							+ "(row 0 to height-1, downwards), z = linspace(-ez, ez, depth) (plane 0 to depth-1), with (ex, ey, ez) = extent: the longest physical extent "
							+ "((n - 1) x voxel size) is 1 and the others proportional, so a unit of length is the same along every axis; network input rows are (x, y, z)");
			co.put("dimension", 3L);
		}
		else
			co.put("convention",
					"x = linspace(-1, 1, width) over the pixel centres of the training grid (column 0 to width-1), y = linspace(-1, 1, height) (row 0 to height-1, downwards); network input rows are (x, y)");
		co.put("width", (long) m.gridWidth);
		co.put("height", (long) m.gridHeight);
		if (m.dimension == 3) {
			co.put("depth", (long) m.gridDepth);
			co.put("extent", m.extent);
		}
		c.put("coordinates", co);
		Map<String, Object> cal = new LinkedHashMap<>();
		cal.put("pixel_width", m.pixelWidth);
		cal.put("pixel_height", m.pixelHeight);
		if (m.dimension == 3) cal.put("voxel_depth", m.pixelDepth);
		cal.put("unit", m.unit);
		c.put("calibration", cal);
		c.put("task", m.task);
		c.put("epochs", (long) m.epochs);
		c.put("best_epoch", (long) m.bestEpoch);
		c.put("final_loss", m.finalLoss);
		c.put("best_loss", m.bestLoss);
		c.put("stop_reason", m.stopReason);
		c.put("variation_norm", m.variationNorm);
		Map<String, Object> shapes = new LinkedHashMap<>();
		for (Map.Entry<String, Npy.Array> e : m.arrays.entrySet()) {
			List<Object> s = new ArrayList<>();
			for (long v : e.getValue().shape())
				s.add(v);
			shapes.put(e.getKey(), s);
		}
		c.put("arrays", shapes);
		return c;
	}

	static String formula(String method) {
		return switch (method) {
			case "bw-relu" ->
				"layers 0..L-1: h = psi(c (h W^T + b)), psi(u) = (1/6)[r(u) - 8r(u-1/2) + 23r(u-1) - 32r(u-3/2) + 23r(u-2) - 8r(u-5/2) + r(u-3)], r = max(0, .); last layer: h W^T + b";
			case "relu", "relu-pe" ->
				"layers 0..L-1: h = max(0, h W^T + b); last layer: h W^T + b";
			case "siren" ->
				"layers 0..L-1: h = sin(omega0 (h W^T + b)); last layer: h W^T + b";
			case "gauss" ->
				"layers 0..L-1: h = exp(-(sigma0 (h W^T + b))^2); last layer: h W^T + b";
			case "wire" ->
				"complex: layer 0 z = x W^T + b (real); layers 1..L z = h W^T + b with W = weight + i weight_imag, b = bias + i bias_imag; "
						+ "layers 0..L-1: h = exp(i omega0 z - |sigma0 z|^2); output = Re(last layer)";
			default -> method;
		};
	}

	/**
	 * Reads and checks a model file; every problem is a ModelFileException with
	 * a one-line message.
	 */
	public static InrModel read(Path file) {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		try (InputStream in = Files.newInputStream(file);
				ZipInputStream zip = new ZipInputStream(in))
		{
			ZipEntry e;
			while ((e = zip.getNextEntry()) != null) {
				ByteArrayOutputStream buf = new ByteArrayOutputStream();
				zip.transferTo(buf);
				entries.put(e.getName(), buf.toByteArray());
			}
		}
		catch (NoSuchFileException e) {
			throw new ModelFileException("file not found: " + file);
		}
		catch (ZipException e) {
			throw new ModelFileException(
					file + " is not a model file (not a zip archive: "
							+ e.getMessage() + ")");
		}
		catch (IOException e) {
			throw new ModelFileException(
					"cannot read " + file + ": " + e.getMessage());
		}
		if (entries.isEmpty())
			throw new ModelFileException(file
					+ " is not a model file (not a zip archive, or an empty one)");
		byte[] json = entries.get(CONFIG);
		if (json == null)
			throw new ModelFileException(
					file + " is not a relu-inr model: no config.json entry");
		Object parsed = Json.parse(new String(json, StandardCharsets.UTF_8));
		if (!(parsed instanceof Map<?, ?> raw))
			throw new ModelFileException("config.json is not a JSON object");
		@SuppressWarnings("unchecked")
		Map<String, Object> c = (Map<String, Object>) raw;
		if (!FORMAT.equals(c.get("format")))
			throw new ModelFileException("config.json: format is "
					+ c.get("format") + ", not '" + FORMAT + "'");
		double version = number(c, "format_version");
		if (version != InrModel.FORMAT_VERSION) {
			throw new ModelFileException(
					"config.json: format_version " + fmt(version)
							+ " is not supported (this relu-inr reads version "
							+ InrModel.FORMAT_VERSION + ")");
		}
		InrModel m = new InrModel();
		m.method = string(c, "method");
		if (!io.github.reluinr.nn.Activations.NAMES.contains(m.method))
			throw new ModelFileException(
					"config.json: unknown method " + m.method + " (known: "
							+ io.github.reluinr.nn.Activations.NAMES + ")");
		m.c = number(c, "c");
		m.omega0 = number(c, "omega0");
		m.sigma0 = number(c, "sigma0");
		if (!(m.c > 0) || !(m.omega0 > 0) || !(m.sigma0 > 0))
			throw new ModelFileException(
					"config.json: c, omega0 and sigma0 must be positive");
		m.width = integer(c, "width");
		m.layers = integer(c, "layers");
		List<?> sizes = list(c, "layer_sizes");
		if (sizes.size() != m.layers + 2)
			throw new ModelFileException("config.json: layer_sizes has "
					+ sizes.size() + " entries, layers " + m.layers + " needs "
					+ (m.layers + 2));
		m.inputs = asInt(sizes.get(0), "layer_sizes");
		m.outputs = asInt(sizes.get(sizes.size() - 1), "layer_sizes");
		m.outputMin = doubles(c, "output_min");
		m.outputRange = doubles(c, "output_range");
		Map<String, Object> enc = map(c, "input_encoding");
		String type = string(enc, "type");
		if ("positional".equals(type))
			m.encodingSide = integer(enc, "side_length");
		else
			if (!"none".equals(type))
				throw new ModelFileException("config.json: input_encoding type "
						+ type + " is not supported (none, positional)");
		Map<String, Object> co = map(c, "coordinates");
		m.gridWidth = integer(co, "width");
		m.gridHeight = integer(co, "height");
		if (co.containsKey("dimension")) { // absent in 2-D files (and in every file before volumes)
			m.dimension = integer(co, "dimension");
			if (m.dimension == 3) {
				m.gridDepth = integer(co, "depth");
				m.extent = doubles(co, "extent");
			}
		}
		Object calObj = c.get("calibration");
		if (calObj instanceof Map<?, ?>) {
			Map<String, Object> cal = map(c, "calibration");
			m = m.withCalibration(optional(cal, "pixel_width", 1),
					optional(cal, "pixel_height", 1),
					cal.get("unit") instanceof String u ? u : "pixel")
					.withVoxelDepth(optional(cal, "voxel_depth", 1));
		}
		m.task = c.get("task") instanceof String t ? t : "";
		m.epochs = (int) optional(c, "epochs", 0);
		m.bestEpoch = (int) optional(c, "best_epoch", 0);
		m.finalLoss = c.get("final_loss") instanceof Double d ? d : null;
		m.bestLoss = c.get("best_loss") instanceof Double d ? d : null;
		m.variationNorm = c.get("variation_norm") instanceof Double d
				? d
				: null;
		m.stopReason = c.get("stop_reason") instanceof String s ? s : null;
		for (Map.Entry<String, byte[]> e : entries.entrySet()) {
			String name = e.getKey();
			if (!name.endsWith(".npy")) continue;
			String key = name.substring(0, name.length() - 4);
			m.arrays.put(key, Npy.read(e.getValue(), name));
		}
		m.validate();
		// keep only the arrays the architecture uses, in layer order
		Map<String, Npy.Array> ordered = new LinkedHashMap<>();
		for (String k : m.expectedArrays().keySet())
			ordered.put(k, m.arrays.get(k));
		m.arrays = ordered;
		return m;
	}

	private static String fmt(double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}

	private static Object get(Map<String, Object> c, String key) {
		if (!c.containsKey(key))
			throw new ModelFileException("config.json: missing key " + key);
		return c.get(key);
	}

	private static double number(Map<String, Object> c, String key) {
		if (get(c, key) instanceof Double d) return d;
		throw new ModelFileException(
				"config.json: " + key + " is not a number");
	}

	private static double optional(Map<String, Object> c, String key,
			double fallback)
	{
		return c.get(key) instanceof Double d ? d : fallback;
	}

	private static int integer(Map<String, Object> c, String key) {
		return asInt(get(c, key), key);
	}

	private static int asInt(Object v, String key) {
		if (v instanceof Double d && d == Math.rint(d) && d >= 0
				&& d <= Integer.MAX_VALUE)
			return (int) (double) d;
		throw new ModelFileException("config.json: " + key
				+ " must be a non-negative integer, got " + v);
	}

	private static String string(Map<String, Object> c, String key) {
		if (get(c, key) instanceof String s) return s;
		throw new ModelFileException(
				"config.json: " + key + " is not a string");
	}

	private static List<?> list(Map<String, Object> c, String key) {
		if (get(c, key) instanceof List<?> l) return l;
		throw new ModelFileException("config.json: " + key + " is not a list");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, Object> c, String key) {
		if (get(c, key) instanceof Map<?, ?> m) return (Map<String, Object>) m;
		throw new ModelFileException(
				"config.json: " + key + " is not an object");
	}

	private static double[] doubles(Map<String, Object> c, String key) {
		List<?> l = list(c, key);
		double[] v = new double[l.size()];
		for (int i = 0; i < v.length; i++) {
			if (!(l.get(i) instanceof Double d) || !Double.isFinite(d))
				throw new ModelFileException(
						"config.json: " + key + " must hold finite numbers");
			v[i] = d;
		}
		return v;
	}

	/** The config as stored (for {@code relu-inr info}). */
	public static String configText(Path file) {
		try (InputStream in = Files.newInputStream(file);
				ZipInputStream zip = new ZipInputStream(in))
		{
			ZipEntry e;
			while ((e = zip.getNextEntry()) != null) {
				if (e.getName().equals(CONFIG))
					return new String(zip.readAllBytes(),
							StandardCharsets.UTF_8);
			}
		}
		catch (IOException e) {
			throw new ModelFileException(
					"cannot read " + file + ": " + e.getMessage());
		}
		throw new ModelFileException(
				file + " is not a relu-inr model: no config.json entry");
	}
}
