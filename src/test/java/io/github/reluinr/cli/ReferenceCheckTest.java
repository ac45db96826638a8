package io.github.reluinr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.nn.Activations;
import io.github.reluinr.nn.Mlp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code relu-inr reference-check}: weights in PyTorch's layout, the summary
 * line, bad input.
 */
class ReferenceCheckTest {

	/**
	 * psi_3 of eq. (31), written out here so the check does not reuse the code
	 * under test.
	 */
	static double psi(double z) {
		double u = 3 * z;
		double[] a = {1, -8, 23, -32, 23, -8, 1};
		double s = 0;
		for (int k = 0; k < 7; k++)
			s += a[k] * Math.max(0, u - k / 2.0);
		return s / 6;
	}

	@Test
	void torchLayoutWeightsGiveTheNetworkPyTorchWouldCompute() {
		// 2 -> 3 -> 1 (one hidden layer): W0 [3, 2], b0 [3], W1 [1, 3], b1 [1], as PyTorch stores them
		float[] w0 = {0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.05f},
				b0 = {0.05f, 0.3f, 0.1f};
		float[] w1 = {1.5f, -2f, 0.7f}, b1 = {0.25f};
		float[] flat = new float[13];
		int k = 0;
		for (float[] part : new float[][]{w0, b0, w1, b1})
			for (float v : part)
				flat[k++] = v;
		try (Mlp net = new Mlp(2, 3, 1, 1,
				Activations.create("bw-relu", 3, 0, 0), 0))
		{
			ReferenceCheck.loadTorchLayout(net, flat);
			double x = 0.6, y = -0.2;
			double expected = b1[0];
			for (int j = 0; j < 3; j++)
				expected += w1[j]
						* psi(w0[2 * j] * x + w0[2 * j + 1] * y + b0[j]);
			INDArray out = net.forward(Nd4j
					.createFromArray(new float[][]{{(float) x, (float) y}}));
			assertEquals(expected, out.getDouble(0, 0), 1e-6);
			assertTrue(Math.abs(expected) > 0.1,
					"the point must exercise the weights, got " + expected);

			assertThrows(IllegalArgumentException.class,
					() -> ReferenceCheck.loadTorchLayout(net, new float[12]));
			assertThrows(IllegalArgumentException.class,
					() -> ReferenceCheck.loadTorchLayout(net, new float[14]));
		}
	}

	@Test
	void weightsFileIsReadAsLittleEndianFloats(@TempDir Path dir)
			throws Exception
	{
		ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
		b.putFloat(1.5f).putFloat(-2f).putFloat(3.25f);
		Path f = dir.resolve("w.f32");
		Files.write(f, b.array());
		float[] v = ReferenceCheck.readFloats(f.toFile());
		assertEquals(3, v.length);
		assertEquals(1.5f, v[0]);
		assertEquals(-2f, v[1]);
		assertEquals(3.25f, v[2]);
	}

	@Test
	void summaryGivesMeanSampleSdAndDifferenceToTheReference() {
		String s = ReferenceCheck.summary("ct", new double[]{24.0, 24.5, 23.5},
				24.57);
		assertEquals(
				"ct_mean_psnr=24.00 ct_sd=0.50 ct_min=23.50 ct_max=24.50 ct_reference=24.57 ct_mean_minus_reference=-0.57\n",
				s);
	}

	@Test
	void badInputIsAOneLineMessageAndExitCode2(@TempDir Path dir)
			throws Exception
	{
		Path shortFile = dir.resolve("short.f32");
		Files.write(shortFile, new byte[400]); // 100 floats: not a 3x128 network
		PrintStream err = System.err;
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		System.setErr(new PrintStream(buffer, true));
		try {
			assertEquals(2,
					SelectCCliTest.cli("reference-check", "--task", "fit"));
			assertEquals(2, SelectCCliTest.cli("reference-check",
					"--init-weights", "/nonexistent/w.f32"));
			assertEquals(2, SelectCCliTest.cli("reference-check",
					"--init-weights", shortFile.toString()));
		}
		finally {
			System.setErr(err);
		}
		String text = buffer.toString();
		assertTrue(text.contains("--task must be superres, ct or both"), text);
		assertTrue(text.contains("--init-weights: no such file"), text);
		assertTrue(text.contains(
				"--init-weights: too few values for a 3x128 network (100)"),
				text);
		assertTrue(!text.contains("Exception"), text);
	}

	@Test
	void oneShortRunPrintsTheSummaryLines() {
		PrintStream out = System.out;
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		System.setOut(new PrintStream(buffer, true));
		try {
			assertEquals(0, SelectCCliTest.cli("reference-check", "--task",
					"ct", "--epochs", "2", "--seeds", "0", "--quiet"));
		}
		finally {
			System.setOut(out);
		}
		String text = buffer.toString();
		System.out.print(text);
		assertTrue(text.contains("ct_mean_psnr=")
				&& text.contains("ct_reference=24.57"), text);
		assertTrue(text.contains("seed 0: INR") && text.contains("FBP 10."),
				text);
	}
}
