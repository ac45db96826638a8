package io.github.reluinr.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.backend.Kernels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The thin products of the first and the output layer in the native kernels:
 * each gives the bits of a Java replica of its stated order of rounding (fma
 * chains written with Math.fma, which rounds once as fmaf does), lies within
 * float rounding of the exact product (computed in double), and refuses ranges
 * outside its buffers. Through the network, the gradient and output with them
 * match those with every product in OpenBLAS to float rounding. Skipped where
 * the library did not build, unless RELU_INR_REQUIRE_NATIVE=1.
 */
class ThinProductsTest {

	@BeforeEach
	void needsTheLibrary() {
		NativeKernelsTest.needTheLibrary();
	}

	@AfterEach
	void restore() {
		NativeKernels.force(null);
		Kernels.force(null);
		System.clearProperty("reluinr.thinNative");
	}

	private static FloatBuffer floats(float[] v) {
		FloatBuffer b = ByteBuffer.allocateDirect(4 * v.length)
				.order(ByteOrder.nativeOrder()).asFloatBuffer();
		b.put(0, v);
		return b;
	}

	private static float[] random(int n, long seed) {
		Random r = new Random(seed);
		float[] v = new float[n];
		for (int i = 0; i < n; i++)
			v[i] = (float) r.nextGaussian();
		return v;
	}

	private static float get(FloatBuffer b, int i) {
		return b.get(i);
	}

	/** |got - exact| within 1e-6 of the sum of |terms|. */
	private static void assertNear(double exact, double scale, float got,
			String what)
	{
		assertTrue(Math.abs(got - exact) <= 1e-6 * scale + 1e-30,
				what + ": " + got + " against " + exact);
	}

	@Test
	void thinForwardIsAnFmaChainInInputOrder() {
		for (int[] shape : new int[][]{{2, 300}, {3, 301}, {1, 7}}) {
			int k = shape[0], cols = shape[1], rows = 37;
			float[] x = random(rows * k, 1), w = random(k * cols, 2);
			FloatBuffer z = floats(new float[rows * cols]);
			NativeKernels.thinForwardRows(floats(x), k, floats(w), z, cols, 5,
					rows);
			for (int r = 0; r < rows; r++)
				for (int j = 0; j < cols; j++) {
					float got = get(z, r * cols + j);
					if (r < 5) {
						assertEquals(0f, got,
								"rows before from are not written");
						continue;
					}
					float acc = x[r * k] * w[j];
					double exact = (double) x[r * k] * w[j],
							scale = Math.abs(exact);
					for (int i = 1; i < k; i++) {
						acc = Math.fma(x[r * k + i], w[i * cols + j], acc);
						exact += (double) x[r * k + i] * w[i * cols + j];
						scale += Math
								.abs((double) x[r * k + i] * w[i * cols + j]);
					}
					assertEquals(Float.floatToRawIntBits(acc),
							Float.floatToRawIntBits(got),
							"k=" + k + " row " + r + " column " + j);
					assertNear(exact, scale, got, "row " + r + " column " + j);
				}
		}
	}

	@Test
	void rowDotsSumEightLanesThenTheTail() {
		for (int[] shape : new int[][]{{300, 1}, {301, 3}, {5, 2}}) {
			int cols = shape[0], outputs = shape[1], rows = 21;
			float[] a = random(rows * cols, 3), wt = random(outputs * cols, 4);
			FloatBuffer out = floats(new float[rows * outputs]);
			NativeKernels.rowDotsRows(floats(a), cols, wt, outputs, out, 0,
					rows);
			for (int r = 0; r < rows; r++)
				for (int o = 0; o < outputs; o++) {
					float[] lane = new float[8];
					int j = 0;
					for (; j + 8 <= cols; j += 8)
						for (int l = 0; l < 8; l++)
							lane[l] = Math.fma(a[r * cols + j + l],
									wt[o * cols + j + l], lane[l]);
					float s = ((lane[0] + lane[4]) + (lane[2] + lane[6]))
							+ ((lane[1] + lane[5]) + (lane[3] + lane[7]));
					for (; j < cols; j++)
						s = Math.fma(a[r * cols + j], wt[o * cols + j], s);
					double exact = 0, scale = 0;
					for (int i = 0; i < cols; i++) {
						double t = (double) a[r * cols + i] * wt[o * cols + i];
						exact += t;
						scale += Math.abs(t);
					}
					float got = get(out, r * outputs + o);
					assertEquals(Float.floatToRawIntBits(s),
							Float.floatToRawIntBits(got),
							"cols=" + cols + " row " + r + " output " + o);
					assertNear(exact, scale, got, "row " + r + " output " + o);
				}
		}
	}

	@Test
	void outerRowsRoundOncePerElement() {
		int rows = 19, cols = 301;
		float[] d = random(40, 5), w = random(cols, 6);
		FloatBuffer g = floats(new float[30 * cols]);
		NativeKernels.outerRows(floats(d), 7, floats(w), g, 3, rows, cols);
		for (int r = 0; r < 30; r++)
			for (int j = 0; j < cols; j++) {
				float want = r >= 3 && r < 3 + rows ? d[7 + r - 3] * w[j] : 0f;
				assertEquals(Float.floatToRawIntBits(want),
						Float.floatToRawIntBits(get(g, r * cols + j)),
						"row " + r + " column " + j);
			}
	}

	@Test
	void weightedSumsAddSixteenRowPassesIntoDoubles() {
		for (int[] shape : new int[][]{{2, 300}, {3, 301}, {1, 7}}) {
			int k = shape[0], cols = shape[1], rows = 37, xRow = 4, gRow = 9;
			float[] x = random((xRow + rows) * k, 7),
					g = random((gRow + rows) * cols, 8);
			double[] sums = new double[k * cols];
			java.util.Arrays.fill(sums, 0.25);
			NativeKernels.weightedSumsRows(floats(x), xRow, k, floats(g), gRow,
					rows, cols, sums);
			for (int i = 0; i < k; i++)
				for (int j = 0; j < cols; j++) {
					double want = 0.25, exact = 0.25, scale = 0.25;
					for (int p = 0; p < rows; p += 16) {
						int n = Math.min(16, rows - p);
						float acc = x[(xRow + p) * k + i]
								* g[(gRow + p) * cols + j];
						for (int r = 1; r < n; r++)
							acc = Math.fma(x[(xRow + p + r) * k + i],
									g[(gRow + p + r) * cols + j], acc);
						want += acc;
					}
					for (int r = 0; r < rows; r++) {
						double t = (double) x[(xRow + r) * k + i]
								* g[(gRow + r) * cols + j];
						exact += t;
						scale += Math.abs(t);
					}
					double got = sums[i * cols + j];
					assertEquals(Double.doubleToRawLongBits(want),
							Double.doubleToRawLongBits(got),
							"k=" + k + " input " + i + " column " + j);
					assertTrue(Math.abs(got - exact) <= 1e-6 * scale,
							"input " + i + " column " + j + ": " + got
									+ " against " + exact);
				}
		}
	}

	@Test
	void rangesOutsideTheBuffersAreRefusedNotRead() {
		FloatBuffer small = floats(new float[16 * 10]);
		assertThrows(IllegalArgumentException.class, () -> NativeKernels
				.thinForwardRows(small, 2, small, small, 10, 0, 17));
		assertThrows(IllegalArgumentException.class, () -> NativeKernels
				.rowDotsRows(small, 10, new float[5], 1, small, 0, 1));
		assertThrows(IllegalArgumentException.class, () -> NativeKernels
				.outerRows(small, 150, small, small, 0, 11, 10));
		assertThrows(IllegalArgumentException.class,
				() -> NativeKernels.weightedSumsRows(small, 0, 2, small, 8, 9,
						10, new double[20]));
		assertThrows(IllegalArgumentException.class,
				() -> NativeKernels.weightedSumsRows(small, 0, 2, small, 0, 4,
						10, new double[19]));
	}

	/** Output and gradient of one forward and backward of an Mlp. */
	private static INDArray[] pass(boolean thin, int outputs, INDArray x,
			INDArray dOut)
	{
		System.setProperty("reluinr.thinNative", Boolean.toString(thin));
		try (Mlp mlp = new Mlp(2, 64, 3, outputs, new BwRelu(9), 5)) {
			INDArray out = mlp.forward(x).dup();
			mlp.backward(dOut);
			return new INDArray[]{out, mlp.gradients().dup()};
		}
	}

	@Test
	void theNetworkAgreesWithItsProductsInOpenBlas() {
		Kernels.force(Kernels.Form.JAVA);
		NativeKernels.force(true);
		for (int outputs : new int[]{1, 3}) {
			Nd4j.getRandom().setSeed(21);
			int n = 3 * BlockedPass.BLOCK_ROWS + 37; // several blocks and a short last pass
			INDArray x = Nd4j.rand(DataType.FLOAT, n, 2).muli(2).subi(1);
			INDArray dOut = Nd4j.randn(DataType.FLOAT, n, outputs).muli(1e-3);
			INDArray[] blas = pass(false, outputs, x, dOut);
			INDArray[] thin = pass(true, outputs, x, dOut);
			for (int i = 0; i < 2; i++) {
				double scale = blas[i].amaxNumber().doubleValue();
				assertTrue(scale > 0);
				double d = blas[i].sub(thin[i]).amaxNumber().doubleValue()
						/ scale;
				assertTrue(d < 1e-5,
						(i == 0 ? "output" : "gradient") + " with " + outputs
								+ " outputs differs by " + d
								+ " of its largest entry");
				assertTrue(d > 0 || i == 0,
						"the two runs took different paths (sums in double)");
			}
		}
	}
}
