package io.github.reluinr.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * SSIM over an image taller than several bands (150 rows: bands of 64, 64 and
 * 12 scored rows) against scikit-image 0.19 on the same closed-form images:
 * {@code structural_similarity(t, e, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
 * data_range=t.max()-t.min())} with y, x = mgrid[0:150, 0:90], t = (sin(0.1 x)
 * + cos(0.07 y) + 2) / 4, e = t + 0.05 sin(1.3 x + 0.7 y): 0.668885610221007.
 */
class SsimBandsTest {

	@Test
	void bandedSsimIsScikitImages() {
		int h = 150, w = 90;
		assertTrue(h - 2 * Ssim.RADIUS > 2 * Ssim.BAND);
		double[] t = new double[h * w], e = new double[h * w];
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				double v = (Math.sin(0.1 * x) + Math.cos(0.07 * y) + 2) / 4;
				t[y * w + x] = v;
				e[y * w + x] = v + 0.05 * Math.sin(1.3 * x + 0.7 * y);
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
		}
		assertEquals(0.668885610221007, Ssim.compute(t, e, h, w, 1, max - min),
				1e-12);
	}
}
