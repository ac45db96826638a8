package io.github.reluinr.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The native BW-ReLU kernels give the Java kernels' bits for every input: the
 * activation, the recorded pieces (packed passes and the plain-byte last pass)
 * and the backward step's gradient and double column sums, on values that sit
 * on psi's knots and one float either side, signed zeros, infinities and NaNs
 * of both signs, for widths whose quarter passes do and do not fill vectors.
 * Where the library did not build this test is skipped, unless
 * RELU_INR_REQUIRE_NATIVE=1 (as .ci/run sets), where it fails.
 */
class NativeKernelsTest {

	@BeforeEach
	void needsTheLibrary() {
		needTheLibrary();
	}

	/**
	 * Skips a test where the library did not build; fails it instead under
	 * RELU_INR_REQUIRE_NATIVE=1.
	 */
	static void needTheLibrary() {
		boolean required = "1".equals(System.getenv("RELU_INR_REQUIRE_NATIVE"));
		if (required)
			assertTrue(NativeKernels.available(),
					"native kernels required: " + NativeKernels.describe());
		assumeTrue(NativeKernels.available(), NativeKernels.describe());
	}

	@AfterEach
	void restore() {
		NativeKernels.force(null);
	}

	/** Values that probe every branch of psi and of the piece codes. */
	private static float[] hardValues(double c, int n, long seed) {
		Random r = new Random(seed);
		float[] special = {0f, -0f, Float.NaN, Float.intBitsToFloat(0xffc00000),
				Float.intBitsToFloat(0x7fa00001), Float.POSITIVE_INFINITY,
				Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE,
				Float.MAX_VALUE, -Float.MAX_VALUE, 1e-30f, -1e-30f};
		float[] z = new float[n];
		for (int i = 0; i < n; i++) {
			int kind = r.nextInt(4);
			if (kind == 0) z[i] = special[r.nextInt(special.length)];
			else if (kind == 1) { // a knot k/2 of cz, or one float either side
				float knot = (float) (r.nextInt(9) * 0.5 / c);
				z[i] = r.nextInt(3) == 0
						? knot
						: r.nextBoolean()
								? Math.nextUp(knot)
								: Math.nextDown(knot);
			}
			else z[i] = (float) ((r.nextDouble() * 5 - 1) / c);
		}
		return z;
	}

	private static FloatBuffer floats(float[] v) {
		FloatBuffer b = ByteBuffer.allocateDirect(4 * v.length)
				.order(ByteOrder.nativeOrder()).asFloatBuffer();
		b.put(0, v);
		return b;
	}

	private static float[] array(FloatBuffer b) {
		float[] v = new float[b.capacity()];
		b.get(0, v);
		return v;
	}

	private static int[] bits(float[] v) {
		int[] b = new int[v.length];
		for (int i = 0; i < v.length; i++)
			b[i] = Float.floatToRawIntBits(v[i]);
		return b;
	}

	private static byte[] array(ByteBuffer b) {
		byte[] v = new byte[b.capacity()];
		b.get(0, v);
		return v;
	}

	/** Forward then backward with the given kernels; returns everything. */
	private static Object[] run(boolean nativeKernels, BwRelu act, float[] z,
			float[] bias, float[] g, int rows, int cols, long from)
	{
		NativeKernels.force(nativeKernels);
		FloatBuffer za = floats(z);
		ByteBuffer pb = ByteBuffer.allocateDirect(rows * cols)
				.order(ByteOrder.nativeOrder());
		IntBuffer pi = RowKernels.ints(pb);
		act.forwardPieceRows(za, pb, pi, RowKernels.repeated(bias), cols, from,
				rows);
		FloatBuffer gb = floats(g);
		double[] sums = new double[cols];
		act.backwardPieceRows(pb, pi, from, gb, from, (int) (rows - from), cols,
				sums);
		return new Object[]{array(za), array(pb), array(gb), sums};
	}

	private static void assertSame(double c, int rows, int cols, long from,
			long seed)
	{
		BwRelu act = new BwRelu(c);
		float[] z = hardValues(c, rows * cols, seed);
		float[] bias = new float[cols];
		Random r = new Random(seed + 1);
		for (int j = 0; j < cols; j++)
			bias[j] = r.nextInt(4) == 0
					? 0f
					: (float) (r.nextGaussian() * 0.01);
		float[] g = new float[rows * cols];
		for (int i = 0; i < g.length; i++)
			g[i] = (float) r.nextGaussian();
		Object[] java = run(false, act, z, bias, g, rows, cols, from);
		Object[] nat = run(true, act, z, bias, g, rows, cols, from);
		String where = "c=" + c + " rows=" + rows + " cols=" + cols + " from="
				+ from;
		assertArrayEquals(bits((float[]) java[0]), bits((float[]) nat[0]),
				"activation, " + where);
		assertArrayEquals((byte[]) java[1], (byte[]) nat[1],
				"pieces, " + where);
		assertArrayEquals(bits((float[]) java[2]), bits((float[]) nat[2]),
				"gradient, " + where);
		double[] js = (double[]) java[3], ns = (double[]) nat[3];
		for (int j = 0; j < cols; j++)
			assertEquals(Double.doubleToRawLongBits(js[j]),
					Double.doubleToRawLongBits(ns[j]),
					"bias gradient column " + j + ", " + where);
	}

	@Test
	void sameBitsAsTheJavaKernels() {
		// 300: quarter passes of 1200 (vectors only); 301 and 7: scalar tails; 37 rows: a last pass of 5
		assertSame(1.0, 37, 300, 0, 1);
		assertSame(3.7, 37, 301, 16, 2);
		assertSame(0.25, 21, 7, 0, 3);
		assertSame(12.0, 64, 256, 32, 4);
	}

	@Test
	void theKernelsAreNotTheSameFunction() {
		// the bit comparison is not vacuous: a change of c by one part in 10^6 changes the activation's bits
		BwRelu act = new BwRelu(1.0);
		float[] z = hardValues(1.0, 16 * 300, 9);
		float[] g = new float[z.length];
		java.util.Arrays.fill(g, 1f);
		Object[] a = run(true, act, z, new float[300], g, 16, 300, 0);
		Object[] b = run(true, new BwRelu(1.0 + 1e-6), z, new float[300], g, 16,
				300, 0);
		assertTrue(!java.util.Arrays.equals(bits((float[]) a[0]),
				bits((float[]) b[0])));
	}

	@Test
	void rangesOutsideTheBuffersAreRefusedNotRead() {
		NativeKernels.force(true);
		BwRelu act = new BwRelu(1.0);
		FloatBuffer za = floats(new float[16 * 10]);
		ByteBuffer pb = ByteBuffer.allocateDirect(16 * 10);
		assertThrows(IllegalArgumentException.class,
				() -> act.forwardPieceRows(za, pb, RowKernels.ints(pb),
						new float[16 * 10], 10, 0, 32));
		assertThrows(IllegalArgumentException.class,
				() -> act.backwardPieceRows(pb, RowKernels.ints(pb), 16, za, 0,
						16, 10, new double[10]));
	}

	/**
	 * The idle-thread settings: not set once the library that reads them is
	 * mapped (it read them already), set where unset, and a value already set
	 * is kept.
	 */
	@Test
	void idleThreadSettingsAreSetOnlyBeforeTheirLibraryLoads() {
		String name = "RELU_INR_TEST_SETTING_" + System.nanoTime();
		assertTrue(NativeKernels
				.setting(name, "7", "libexample",
						"7f00 r-xp /x/libexample.so.1")
				.contains("loaded before relu-inr could set it"));
		assertEquals(name + "=7 (set by relu-inr)",
				NativeKernels.setting(name, "7", "libexample", ""));
		assertTrue(
				!NativeKernels.setting(name, "8", "libexample", "")
						.contains("set by relu-inr"),
				"a value already set is kept");
	}
}
