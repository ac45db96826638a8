package io.github.reluinr.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.metric.Psnr;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The baselines' up-sampling against scikit-image's and PIL's own output
 * (fixtures written by tools/superres-fixtures/make_fixtures.py): value by
 * value, and as PSNR against a ground truth.
 */
class ResamplingTest {

	record Plane(int h, int w, float[] v) {
	}

	static Map<String, Plane> fixtures() throws IOException {
		Map<String, Plane> m = new HashMap<>();
		try (InputStream in = ResamplingTest.class.getResourceAsStream(
				"/io/github/reluinr/superres/resampling-fixtures.txt"))
		{
			assertNotNull(in,
					"fixture missing: run tools/superres-fixtures/make_fixtures.py");
			BufferedReader r = new BufferedReader(
					new InputStreamReader(in, StandardCharsets.UTF_8));
			String head;
			while ((head = r.readLine()) != null) {
				String[] p = head.split(" ");
				String[] values = r.readLine().split(" ");
				float[] v = new float[values.length];
				for (int i = 0; i < v.length; i++)
					v[i] = Float.parseFloat(values[i]);
				m.put(p[1] + "/" + p[0], new Plane(Integer.parseInt(p[2]),
						Integer.parseInt(p[3]), v));
			}
		}
		return m;
	}

	private static void agrees(Map<String, Plane> f, String c, String name,
			Resampling.Method method, boolean clip)
	{
		Plane in = f.get(c + "/input"), want = f.get(c + "/" + name);
		float[] got = Resampling.resize(in.v, in.h, in.w, want.h, want.w,
				method, clip);
		double worst = 0;
		for (int i = 0; i < got.length; i++)
			worst = Math.max(worst, Math.abs(got[i] - want.v[i]));
		assertTrue(worst < 1e-5,
				c + " " + name + ": max |difference| " + worst);
		Plane truth = f.get(c + "/truth");
		if (truth != null) {
			double ours = Psnr.compute(truth.v, got),
					theirs = Psnr.compute(truth.v, want.v);
			assertEquals(theirs, ours, 0.1, c + " " + name + " PSNR");
		}
	}

	@Test
	void bicubicIsScikitImagesOrder3() throws IOException {
		Map<String, Plane> f = fixtures();
		agrees(f, "camera16", "skimage-order3", Resampling.Method.SPLINE3,
				true);
		agrees(f, "random10x13", "skimage-order3", Resampling.Method.SPLINE3,
				true);
	}

	@Test
	void bicubicAndLanczosArePils() throws IOException {
		Map<String, Plane> f = fixtures();
		for (String c : new String[]{"camera16", "random10x13"}) {
			agrees(f, c, "pil-bicubic", Resampling.Method.KEYS, false);
			agrees(f, c, "pil-lanczos", Resampling.Method.LANCZOS3, false);
		}
	}

	@Test
	void theSplineInterpolatesAndKeysReproducesLinesExactly() {
		// at S = 1 the interpolating spline returns its samples; Keys' kernel reproduces a linear ramp inside the image
		float[] v = new float[7 * 5];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) Math.sin(i * 1.3);
		float[] same = Resampling.resize(v, 7, 5, 7, 5,
				Resampling.Method.SPLINE3, false);
		for (int i = 0; i < v.length; i++)
			assertEquals(v[i], same[i], 1e-5);
		float[] ramp = new float[8];
		for (int i = 0; i < 8; i++)
			ramp[i] = i;
		float[] up = Resampling.resize(ramp, 1, 8, 1, 32,
				Resampling.Method.KEYS, false);
		for (int i = 8; i < 24; i++)
			assertEquals((i + 0.5) / 4 - 0.5, up[i], 1e-5);
	}
}
