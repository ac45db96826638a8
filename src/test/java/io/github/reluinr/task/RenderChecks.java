package io.github.reluinr.task;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks that a (2W-1) x (2H-1) render holds a W x H image at every other
 * sample. Not to the bit: OpenBLAS's Haswell/Zen sgemm kernels round a row
 * differently with the number of rows in the product (its SkylakeX kernels do
 * not), and the two renders have different row counts. The bound is float
 * rounding of the network's sums; the same comparison one fine sample to the
 * right must miss it by far, so a coordinate mapping off by half a pixel fails.
 */
public final class RenderChecks {

	/**
	 * Relative to the largest value; Haswell kernels were seen 2e-6 off at a
	 * scale of 140.
	 */
	static final double ROUNDING = 1e-5;

	private RenderChecks() {
	}

	/**
	 * @param coarse
	 *            W x H x C values, row-major, channels interleaved
	 * @param fine
	 *            (2W-1) x (2H-1) x C values, same layout
	 */
	public static void assertEveryOtherSample(float[] coarse, float[] fine,
			int w, int h, int c)
	{
		double scale = 0;
		for (float v : coarse)
			scale = Math.max(scale, Math.abs(v));
		double tolerance = ROUNDING * Math.max(scale, 1e-30);
		double same = 0, shifted = 0;
		int fw = 2 * w - 1;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				for (int k = 0; k < c; k++) {
					float want = coarse[(y * w + x) * c + k];
					int at = ((2 * y) * fw + 2 * x) * c + k;
					same = Math.max(same, Math.abs(fine[at] - want));
					if (x + 1 < w)
						shifted = Math.max(shifted,
								Math.abs(fine[at + c] - want));
				}
		assertTrue(same <= tolerance, "every other sample differs from the "
				+ "training grid by " + same + " > " + tolerance);
		assertTrue(shifted > 100 * tolerance,
				"the samples between differ from "
						+ "the training grid by only " + shifted
						+ ": the check could not tell a shifted grid");
	}
}
