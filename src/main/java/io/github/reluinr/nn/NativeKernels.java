package io.github.reluinr.nn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * BW-ReLU's row kernels in C with AVX2 (src/main/c), beside the Java ones in
 * {@link BwRelu}: the same arithmetic in the same order, so the same bits for
 * every input (a test holds them equal), three to ten times faster on an AVX2
 * machine, where Java 17 cannot vectorise the float-to-byte steps of the
 * recorded pieces.
 *
 * <p>
 * Beside them, the thin products of the first and the output layer that
 * {@link BlockedPass} runs on the rows it activates, and
 * {@link #quietIdleThreads()}, which keeps OpenBLAS's and libgomp's idle
 * threads off the cores.
 *
 * <p>
 * The library is built by Maven on Linux x86-64 where a C compiler is found and
 * travels in the jar; it is used where it loads and the CPU has AVX2 and FMA.
 * Elsewhere, or with {@code -Dreluinr.native=false}, the Java kernels run.
 * {@link #describe()} says which and why.
 */
public final class NativeKernels {

	private static final String RESOURCE = "native/linux-x86_64/libreluinr-kernels.so";

	private static final String LOAD_FAILURE;

	/**
	 * Whether the library is loaded (its AVX2 kernels may still be unusable).
	 */
	private static boolean loaded;

	private static String idleThreads;

	private static volatile Boolean forced = null;

	static {
		LOAD_FAILURE = load();
	}

	private NativeKernels() {
	}

	/** Null when loaded and usable; otherwise why not. */
	private static String load() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch", "");
		if (!os.startsWith("linux")
				|| !(arch.equals("amd64") || arch.equals("x86_64")))
			return "none built for " + os + " " + arch;
		try (InputStream in = NativeKernels.class
				.getResourceAsStream(RESOURCE))
		{
			if (in == null) return "not built into this jar (no C compiler)";
			Path file = Files.createTempFile("relu-inr-kernels", ".so");
			try {
				Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
				System.load(file.toAbsolutePath().toString());
				loaded = true;
			}
			finally {
				Files.deleteIfExists(file); // mapped by now: Linux keeps it until exit
			}
			return cpuSupported() ? null : "this CPU has no AVX2 and FMA";
		}
		catch (IOException | UnsatisfiedLinkError | SecurityException e) {
			return "could not load: " + e.getMessage();
		}
	}

	/**
	 * Whether the native kernels run now (the library loaded, the CPU has AVX2
	 * and FMA, and they are not turned off); other packages' kernels in the
	 * library ({@code op.NativeRadon}) ask it too.
	 */
	public static boolean enabled() {
		Boolean f = forced;
		if (f != null) return f && LOAD_FAILURE == null;
		return LOAD_FAILURE == null && !"false"
				.equalsIgnoreCase(System.getProperty("reluinr.native"));
	}

	/** Whether the library loaded on this machine (whatever is forced). */
	static boolean available() {
		return LOAD_FAILURE == null;
	}

	/**
	 * Forces them on (where available) or off for this JVM; null restores the
	 * default. For tests and benchmarks.
	 */
	static void force(Boolean on) {
		forced = on;
	}

	/** A line for logs: which kernels run, and why the native ones do not. */
	public static String describe() {
		if (enabled()) return "native (AVX2)";
		if (LOAD_FAILURE != null) return "java (native: " + LOAD_FAILURE + ")";
		return "java (native turned off)";
	}

	static void bwReluForwardRows(FloatBuffer z, FloatBuffer a,
			ByteBuffer pieces, float[] repeatedBias, float c, int cols,
			long from, long to)
	{
		if (bwReluForward(z, a, pieces, repeatedBias, c, cols, from, to) != 0)
			throw new IllegalArgumentException("rows " + from + ".." + to
					+ " of " + cols + " columns outside the buffers");
	}

	static void bwReluBackwardRows(ByteBuffer pieces, long pieceRow,
			FloatBuffer g, long gradRow, int rows, int cols, float c6,
			double[] sums)
	{
		if (bwReluBackward(pieces, pieceRow, g, gradRow, rows, cols, c6,
				sums) != 0)
			throw new IllegalArgumentException("rows " + pieceRow + "+" + rows
					+ " of " + cols + " columns outside the buffers");
	}

	/**
	 * Rows [from, to) of z [n, cols] = x [n, k] w [k, cols]: x[r][0] w[0][j],
	 * then one fma per further input, in input order.
	 */
	static void thinForwardRows(FloatBuffer x, int k, FloatBuffer w,
			FloatBuffer z, int cols, long from, long to)
	{
		if (thinForward(x, k, w, z, cols, from, to) != 0)
			throw outside("rows " + from + ".." + to, k, cols);
	}

	/**
	 * Rows [from, to) of out [n, outputs] = a [n, cols] w [cols, outputs],
	 * given w transposed ([outputs][cols] in one array): per row and output an
	 * eight-lane fma chain, its lanes summed in a fixed order, then the last
	 * cols % 8 terms.
	 */
	static void rowDotsRows(FloatBuffer a, int cols, float[] transposedWeights,
			int outputs, FloatBuffer out, long from, long to)
	{
		if (rowDots(a, cols, transposedWeights, outputs, out, from, to) != 0)
			throw outside("rows " + from + ".." + to, outputs, cols);
	}

	/**
	 * g's rows [gRow, gRow + rows) [., cols] = d's rows [dRow, dRow + rows) [.,
	 * 1] times the row w [cols]: one rounding per element, as OpenBLAS's
	 * product with an inner dimension of 1.
	 */
	static void outerRows(FloatBuffer d, long dRow, FloatBuffer w,
			FloatBuffer g, long gRow, int rows, int cols)
	{
		if (outer(d, dRow, w, g, gRow, rows, cols) != 0)
			throw outside("rows " + dRow + "+" + rows, 1, cols);
	}

	/**
	 * sums[i * cols + j] += the sum over rows r of x[r][i] g[r][j], for x's
	 * rows [xRow, xRow + rows) [., k] and g's [gRow, gRow + rows) [., cols]:
	 * per pass of 16 rows a float fma chain down the rows, added into the
	 * double sums (the weight gradient of a thin layer, summed as its bias is).
	 */
	static void weightedSumsRows(FloatBuffer x, long xRow, int k, FloatBuffer g,
			long gRow, int rows, int cols, double[] sums)
	{
		if (weightedSums(x, xRow, k, g, gRow, rows, cols, sums) != 0)
			throw outside("rows " + xRow + "+" + rows, k, cols);
	}

	private static IllegalArgumentException outside(String rows, int k,
			int cols)
	{
		return new IllegalArgumentException(
				rows + " (" + k + " x " + cols + ") outside the buffers");
	}

	private static native int thinForward(FloatBuffer x, int k, FloatBuffer w,
			FloatBuffer z, int cols, long from, long to);

	private static native int rowDots(FloatBuffer a, int cols,
			float[] transposedWeights, int outputs, FloatBuffer out, long from,
			long to);

	private static native int outer(FloatBuffer d, long dRow, FloatBuffer w,
			FloatBuffer g, long gRow, int rows, int cols);

	private static native int weightedSums(FloatBuffer x, long xRow, int k,
			FloatBuffer g, long gRow, int rows, int cols, double[] sums);

	/**
	 * OpenBLAS's idle threads spin (with sched_yield) for 2^28 cycles, about
	 * 0.1 s, after each product, and libgomp's (ND4J's) for 300,000 turns: on
	 * two cores they take the core the element-wise kernel between two products
	 * runs on. So where they are not set, this sets OPENBLAS_THREAD_TIMEOUT=4
	 * (sleep after 16 cycles) and GOMP_SPINCOUNT=10000 for this process, which
	 * both libraries read once, when they load: {@code Nd4jStartup} calls it
	 * before the first ND4J call. Idempotent; returns a line for logs saying
	 * what holds.
	 */
	public static synchronized String quietIdleThreads() {
		if (idleThreads != null) return idleThreads;
		if (!loaded)
			return idleThreads = "environment's (no native library to set them)";
		String maps = "";
		try {
			maps = Files.readString(Path.of("/proc/self/maps"));
		}
		catch (IOException | RuntimeException e) {
			// not Linux's procfs: assume neither is loaded
		}
		StringBuilder line = new StringBuilder();
		for (String[] v : IDLE_SETTINGS) {
			if (line.length() > 0) line.append(", ");
			line.append(setting(v[0], v[1], v[2], maps));
		}
		return idleThreads = line.toString();
	}

	/** Variable, value, and the library that reads it when it loads. */
	private static final String[][] IDLE_SETTINGS = {
			{"OPENBLAS_THREAD_TIMEOUT", "4", "libopenblas"},
			{"GOMP_SPINCOUNT", "10000", "libgomp"}};

	/** Sets name=value unless the library is mapped already or name is set. */
	static String setting(String name, String value, String library,
			String maps)
	{
		if (maps.contains(library))
			return name + " as the environment's (" + library
					+ " loaded before relu-inr could set it)";
		if (setIfUnset(name, value))
			return name + "=" + value + " (set by relu-inr)";
		String v = System.getenv(name);
		return name + "=" + (v == null ? "unset" : v) + " (the environment's)";
	}

	private static native boolean setIfUnset(String name, String value);

	private static native boolean cpuSupported();

	private static native int bwReluForward(FloatBuffer z, FloatBuffer a,
			ByteBuffer pieces, float[] repeatedBias, float c, int cols,
			long from, long to);

	private static native int bwReluBackward(ByteBuffer pieces, long pieceRow,
			FloatBuffer g, long gradRow, int rows, int cols, float c6,
			double[] sums);
}
