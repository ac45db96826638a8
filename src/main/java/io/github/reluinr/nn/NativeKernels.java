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
 * The library is built by Maven on Linux x86-64 where a C compiler is found and
 * travels in the jar; it is used where it loads and the CPU has AVX2 and FMA.
 * Elsewhere, or with {@code -Dreluinr.native=false}, the Java kernels run.
 * {@link #describe()} says which and why.
 */
public final class NativeKernels {

	private static final String RESOURCE = "native/linux-x86_64/libreluinr-kernels.so";

	private static final String LOAD_FAILURE;

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

	/** Whether the native kernels run now. */
	static boolean enabled() {
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

	private static native boolean cpuSupported();

	private static native int bwReluForward(FloatBuffer z, FloatBuffer a,
			ByteBuffer pieces, float[] repeatedBias, float c, int cols,
			long from, long to);

	private static native int bwReluBackward(ByteBuffer pieces, long pieceRow,
			FloatBuffer g, long gradRow, int rows, int cols, float c6,
			double[] sums);
}
