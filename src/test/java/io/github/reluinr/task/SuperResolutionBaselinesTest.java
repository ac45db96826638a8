package io.github.reluinr.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.op.Resampling;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class SuperResolutionBaselinesTest {

	/** A 16x12 two-channel image with edges and texture, in [0, 1]. */
	static Image2D low() {
		int h = 16, w = 12;
		float[] v = new float[h * w * 2];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				v[(y * w + x) * 2] = (x > 5 ? 0.8f : 0.1f)
						+ 0.1f * (float) Math.sin(1.9 * y);
				v[(y * w + x) * 2 + 1] = (float) (0.5
						+ 0.4 * Math.cos(0.9 * x + 2.1 * y));
			}
		return new Image2D(Nd4j.create(v, new long[]{h * w, 2}, 'c'), h, w);
	}

	@Test
	void backProjectionsAveragesMatchTheInput() {
		for (int s : new int[]{2, 4}) {
			Image2D low = low();
			double start = SuperResolutionBaselines
					.maxAverageError(SuperResolutionBaselines.resize(low, s,
							Resampling.Method.SPLINE3, true), low, s);
			Image2D ibp = SuperResolutionBaselines.backProjection(low, s,
					SuperResolutionBaselines.DEFAULT_ITERATIONS);
			assertEquals(low.height() * s, ibp.height());
			double end = SuperResolutionBaselines.maxAverageError(ibp, low, s);
			assertTrue(start > 1e-2,
					"bicubic alone is not consistent: " + start);
			assertTrue(end < 1e-4, "x" + s + ": averages off by " + end);
		}
	}

	@Test
	void zeroIterationsIsScikitImagesBicubicAndAllNamesTheBaselines() {
		Image2D low = low();
		float[] a = SuperResolutionBaselines.backProjection(low, 3, 0).pixels()
				.dup('c').data().asFloat();
		float[] b = SuperResolutionBaselines
				.resize(low, 3, Resampling.Method.SPLINE3, true).pixels()
				.dup('c').data().asFloat();
		for (int i = 0; i < a.length; i++)
			assertEquals(b[i], a[i], 0f);
		List<SuperResolutionBaselines.Baseline> all = SuperResolutionBaselines
				.all(low, 2, 5);
		assertEquals(
				List.of("bicubic-skimage", "bicubic-pil", "lanczos-pil",
						"back-projection"),
				all.stream().map(SuperResolutionBaselines.Baseline::method)
						.toList());
		for (var bl : all)
			assertEquals(2, bl.image().channels());
	}
}
