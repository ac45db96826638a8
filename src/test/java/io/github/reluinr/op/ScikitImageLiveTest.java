package io.github.reluinr.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Irregular angles against scikit-image itself, run live: /usr/bin/python3 with
 * scikit-image (.ci/run installs python3-skimage); skipped with a message where
 * it is absent (the fixtures test the rest).
 */
class ScikitImageLiveTest {

	@Test
	void irregularAnglesMatchRadonAndIradon(@TempDir Path dir)
			throws Exception
	{
		File python = new File("/usr/bin/python3");
		assumeTrue(python.canExecute(),
				"no /usr/bin/python3: scikit-image check skipped");
		String script = String.join("\n", "import sys, numpy as np",
				"from skimage.transform import radon, iradon",
				"d = sys.argv[1]",
				"theta = np.array([0.0, 7.5, 31.0, 47.25, 90.0, 101.0, 133.3, 160.0, 171.9, 200.0, -15.0])",
				"yy, xx = np.mgrid[:40, :40]",
				"img = ((xx - 24.0) ** 2 / 64 + (yy - 15.0) ** 2 / 25 < 1) * 2.0 + ((xx - 12) ** 2 + (yy - 26) ** 2 < 20) * 1.0",
				"s = radon(img, theta, circle=False)",
				"np.ascontiguousarray(s, '<f4').tofile(d + '/sino.f32')",
				"np.ascontiguousarray(img, '<f4').tofile(d + '/img.f32')",
				"np.ascontiguousarray(iradon(s, theta, filter_name='ramp'), '<f4').tofile(d + '/rec.f32')",
				"np.savetxt(d + '/theta.txt', theta)", "print(s.shape[0])");
		Path py = dir.resolve("make.py");
		Files.writeString(py, script);
		Process p = new ProcessBuilder(python.getPath(), py.toString(),
				dir.toString()).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes()).strip();
		assertTrue(p.waitFor(300, TimeUnit.SECONDS));
		assumeTrue(p.exitValue() == 0,
				"scikit-image not usable from /usr/bin/python3, check skipped: "
						+ out);
		int n = Integer.parseInt(out.lines().reduce((a, b) -> b).orElseThrow());
		double[] theta = Files.readAllLines(dir.resolve("theta.txt")).stream()
				.mapToDouble(Double::parseDouble).toArray();
		int k = theta.length;
		float[] sino = ScikitImageFixtures
				.transpose(read(dir.resolve("sino.f32")), n, k);
		RadonOperator op = RadonOperator.scikitImage(n, theta, 0);
		// forward: our sinogram of the padded image is theirs
		float[] img = read(dir.resolve("img.f32"));
		float[] padded = new float[n * n];
		int off = n / 2 - 20;
		for (int y = 0; y < 40; y++)
			System.arraycopy(img, y * 40, padded, (y + off) * n + off, 40);
		org.nd4j.linalg.api.ndarray.INDArray ours = Nd4j.create(
				org.nd4j.linalg.api.buffer.DataType.FLOAT, op.outputSize(), 1);
		op.apply(Nd4j.createFromArray(padded).reshape((long) n * n, 1), ours);
		float[] o = ours.dup('c').data().asFloat();
		double err = 0, norm = 0;
		for (int i = 0; i < o.length; i++) {
			err += (o[i] - sino[i]) * (o[i] - sino[i]);
			norm += sino[i] * sino[i];
		}
		assertTrue(Math.sqrt(err / norm) < 1e-3,
				"radon relative error " + Math.sqrt(err / norm));
		// back: FBP is iradon
		float[] rec = FilteredBackProjection.reconstruct(
				Nd4j.createFromArray(sino).reshape((long) k * n, 1), op, "ramp",
				true).dup('c').data().asFloat();
		float[] theirs = read(dir.resolve("rec.f32"));
		assertEquals(theirs.length, rec.length);
		double max = 0;
		for (int i = 0; i < rec.length; i++)
			max = Math.max(max, Math.abs(rec[i] - theirs[i]));
		assertTrue(max < 1e-3, "iradon largest difference " + max);
	}

	private static float[] read(Path p) throws Exception {
		ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p))
				.order(ByteOrder.LITTLE_ENDIAN);
		float[] v = new float[b.remaining() / 4];
		b.asFloatBuffer().get(v);
		return v;
	}
}
