package io.github.reluinr.op;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.reluinr.nn.NativeKernels;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Radon transform's native form gives the Java form's bits, forward and
 * adjoint, on non-square images with two channels, a rotation centre off the
 * middle and angles that put samples on every border, and refuses ranges
 * outside its buffers. Skipped where the native library did not build, unless
 * RELU_INR_REQUIRE_NATIVE=1.
 */
class NativeRadonTest {

	@BeforeEach
	void needsTheLibrary() {
		if ("1".equals(System.getenv("RELU_INR_REQUIRE_NATIVE")))
			assertTrue(NativeKernels.enabled(),
					"native kernels required: " + NativeKernels.describe());
		assumeTrue(NativeKernels.enabled(), NativeKernels.describe());
	}

	@AfterEach
	void restore() {
		System.clearProperty("reluinr.native");
	}

	private static int[] bits(INDArray a) {
		float[] v = a.dup('c').data().asFloat();
		int[] b = new int[v.length];
		for (int i = 0; i < v.length; i++)
			b[i] = Float.floatToRawIntBits(v[i]);
		return b;
	}

	/** Forward and adjoint of the operator, Java form or native. */
	private static int[][] run(RadonOperator op, INDArray image,
			INDArray sinogram, boolean nativeForm)
	{
		if (nativeForm) System.clearProperty("reluinr.native");
		else System.setProperty("reluinr.native", "false");
		assertTrue(NativeRadon.enabled() == nativeForm);
		INDArray out = Nd4j.create(DataType.FLOAT, op.outputSize(),
				image.size(1));
		INDArray back = Nd4j.create(DataType.FLOAT, op.inputSize(),
				image.size(1));
		op.applyJava(image, out);
		op.adjointJava(sinogram, back);
		return new int[][]{bits(out), bits(back)};
	}

	@Test
	void sameBitsAsTheJavaForm() {
		double[] angles = {0, 13.7, 45, 90, 117.3, 135, 179.9};
		RadonOperator[] ops = {new RadonOperator(37, 52, angles),
				new RadonOperator(40, 31, angles, 12.3, 20.8, 17.6, 1L << 22)};
		Nd4j.getRandom().setSeed(5);
		for (RadonOperator op : ops) {
			INDArray image = Nd4j.rand(DataType.FLOAT, op.inputSize(), 2);
			INDArray sinogram = Nd4j.randn(DataType.FLOAT, op.outputSize(), 2);
			sinogram.putScalar(3, 0, 0f); // the adjoint's skip of exact zeros
			int[][] java = run(op, image, sinogram, false);
			int[][] nat = run(op, image, sinogram, true);
			assertArrayEquals(java[0], nat[0], "forward");
			assertArrayEquals(java[1], nat[1], "adjoint");
			// not vacuous: the outputs are not all zero
			assertTrue(image.sumNumber().doubleValue() > 0
					&& java[0][java[0].length / 2] != 0);
		}
	}

	@Test
	void rangesOutsideTheBuffersAreRefusedNotRead() {
		FloatBuffer small = FloatBuffer.wrap(new float[0]);
		FloatBuffer direct = java.nio.ByteBuffer.allocateDirect(4 * 100)
				.order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
		assertThrows(IllegalArgumentException.class,
				() -> NativeRadon.project(direct, 0, direct, 0, 10, 11, 1, 0, 0,
						1, 0, 4.5, 4.5, 4.5));
		assertThrows(IllegalArgumentException.class,
				() -> NativeRadon.project(small, 0, direct, 0, 2, 2, 1, 0, 0, 1,
						0, 0.5, 0.5, 0.5));
		assertThrows(IllegalArgumentException.class,
				() -> NativeRadon.backProject(direct, 0, new float[99], 10, 10,
						1, 0, 0, 1, 0, 4.5, 4.5, 4.5));
		assertThrows(IllegalArgumentException.class,
				() -> NativeRadon.backProject(direct, 0, new float[100], 10, 10,
						1, 0, 10, 1, 0, 4.5, 4.5, 4.5));
	}
}
