package io.github.reluinr.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.metric.Psnr;
import io.github.reluinr.task.Image2D;
import io.github.reluinr.task.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The standard geometry against scikit-image's own radon and iradon (fixtures
 * made by tools/ct-fixtures).
 */
class ScikitImageConventionsTest {

	private static final int K = 30;

	private static float[] crop(float[] square, int n, int h, int w) {
		int top = n / 2 - h / 2, left = n / 2 - w / 2;
		float[] out = new float[h * w];
		for (int y = 0; y < h; y++)
			System.arraycopy(square, (top + y) * n + left, out, y * w, w);
		return out;
	}

	private static float[] camera() {
		return TestImages.load("camera-128.png").pixels().castTo(DataType.FLOAT)
				.dup('c').data().asFloat();
	}

	/**
	 * Our sinogram of the padded image is scikit-image's radon(image,
	 * circle=False), transposed.
	 */
	@Test
	void simulatedSinogramIsScikitImagesRadon() {
		float[] ours = io.github.reluinr.task.CtTask
				.simulate(
						new Image2D(Nd4j
								.createFromArray(ScikitImageFixtures
										.floats("phantom64.f32"))
								.reshape(64 * 64, 1), 64, 64),
						ScikitImageFixtures.theta(), 0)
				.dup('c').data().asFloat();
		float[] theirs = ScikitImageFixtures.transpose(
				ScikitImageFixtures.floats("phantom64-radon30.f32"), 91, K);
		assertEquals(theirs.length, ours.length);
		double err = 0, norm = 0;
		for (int i = 0; i < ours.length; i++) {
			err += (ours[i] - theirs[i]) * (ours[i] - theirs[i]);
			norm += theirs[i] * theirs[i];
		}
		assertTrue(Math.sqrt(err / norm) < 1e-3,
				"relative error " + Math.sqrt(err / norm));
	}

	/**
	 * FBP of scikit-image's sinogram, every filter, within 0.3 dB of
	 * scikit-image's iradon.
	 */
	@ParameterizedTest
	@ValueSource(strings = {"ramp", "shepp-logan", "cosine", "hamming", "hann"})
	void fbpMatchesIradon(String filter) {
		check("camera128", camera(), 128, 182, filter);
		check("phantom64", ScikitImageFixtures.floats("phantom64.f32"), 64, 91,
				filter);
	}

	private static void check(String name, float[] image, int side, int n,
			String filter)
	{
		float[] sino = ScikitImageFixtures.transpose(
				ScikitImageFixtures.floats(name + "-radon30.f32"), n, K);
		RadonOperator op = RadonOperator.scikitImage(n,
				ScikitImageFixtures.theta(), 0);
		INDArray fbp = FilteredBackProjection.reconstruct(
				Nd4j.createFromArray(sino).reshape((long) K * n, 1), op, filter,
				true);
		float[] rec = crop(fbp.dup('c').data().asFloat(), n, side, side);
		double ours = Psnr.compute(
				Nd4j.createFromArray(image).reshape(image.length, 1),
				Nd4j.createFromArray(rec).reshape(rec.length, 1));
		double theirs = ScikitImageFixtures.iradonPsnr(name, filter);
		assertEquals(theirs, ours, 0.3, name + " " + filter);
	}

	/**
	 * Pixel by pixel, FBP with the Hann filter is iradon's image (float
	 * rounding apart).
	 */
	@Test
	void hannFbpIsIradonsImage() {
		int n = 91;
		float[] sino = ScikitImageFixtures.transpose(
				ScikitImageFixtures.floats("phantom64-radon30.f32"), n, K);
		INDArray fbp = FilteredBackProjection.reconstruct(
				Nd4j.createFromArray(sino).reshape((long) K * n, 1),
				RadonOperator.scikitImage(n, ScikitImageFixtures.theta(), 0),
				"hann", true);
		float[] ours = fbp.dup('c').data().asFloat();
		float[] theirs = ScikitImageFixtures
				.floats("phantom64-iradon-hann.f32");
		double max = 0;
		for (int i = 0; i < ours.length; i++)
			max = Math.max(max, Math.abs(ours[i] - theirs[i]));
		assertTrue(max < 1e-3, "largest difference " + max);
	}

	/**
	 * Reconstructions of scikit-image's sinogram come back upright: correlation
	 * with the image, not its flips.
	 */
	@Test
	void reconstructionIsUpright() {
		float[] image = camera();
		int n = 182;
		float[] sino = ScikitImageFixtures.transpose(
				ScikitImageFixtures.floats("camera128-radon30.f32"), n, K);
		RadonOperator op = RadonOperator.scikitImage(n,
				ScikitImageFixtures.theta(), 0);
		INDArray y = Nd4j.createFromArray(sino).reshape((long) K * n, 1);
		float[] fbp = crop(FilteredBackProjection
				.reconstruct(y, op, "hann", true).dup('c').data().asFloat(), n,
				128, 128);
		float[] sirt = crop(Sirt.reconstruct(op, y, 30, true, null).image()
				.dup('c').data().asFloat(), n, 128, 128);
		float[] flipped = new float[image.length];
		for (int yy = 0; yy < 128; yy++)
			for (int x = 0; x < 128; x++)
				flipped[yy * 128 + x] = image[(127 - yy) * 128 + x];
		for (float[] rec : new float[][]{fbp, sirt}) {
			assertTrue(ScikitImageFixtures.correlation(rec, image) > 0.9,
					"correlation "
							+ ScikitImageFixtures.correlation(rec, image));
			assertTrue(ScikitImageFixtures.correlation(rec, flipped) < 0.5);
		}
	}

	/**
	 * The axis 3 pixels right of the detector centre: the shifted sinogram with
	 * center offset 3 gives the same image.
	 */
	@Test
	void centerOffsetFollowsTheAxis() {
		int n = 91, shift = 3;
		float[] sino = ScikitImageFixtures.transpose(
				ScikitImageFixtures.floats("phantom64-radon30.f32"), n, K);
		float[] shifted = new float[sino.length];
		for (int a = 0; a < K; a++)
			for (int u = shift; u < n; u++)
				shifted[a * n + u] = sino[a * n + u - shift];
		INDArray centred = FilteredBackProjection.reconstruct(
				Nd4j.createFromArray(sino).reshape((long) K * n, 1),
				RadonOperator.scikitImage(n, ScikitImageFixtures.theta(), 0),
				"hann", true);
		INDArray offset = FilteredBackProjection
				.reconstruct(
						Nd4j.createFromArray(shifted).reshape((long) K * n, 1),
						RadonOperator.scikitImage(n,
								ScikitImageFixtures.theta(), shift),
						"hann", true);
		INDArray unshifted = FilteredBackProjection.reconstruct(
				Nd4j.createFromArray(shifted).reshape((long) K * n, 1),
				RadonOperator.scikitImage(n, ScikitImageFixtures.theta(), 0),
				"hann", true);
		float[] a = crop(centred.dup('c').data().asFloat(), n, 64, 64);
		float[] b = crop(offset.dup('c').data().asFloat(), n, 64, 64);
		float[] c = crop(unshifted.dup('c').data().asFloat(), n, 64, 64);
		double ab = ScikitImageFixtures.correlation(a, b),
				ac = ScikitImageFixtures.correlation(a, c);
		assertTrue(ab > 0.99, "with the offset " + ab);
		assertTrue(ac < ab - 0.05, "without it " + ac);
		// and the operator itself: the forward projection of the centred image, shifted, is the offset operator's
		RadonOperator o0 = RadonOperator.scikitImage(n,
				ScikitImageFixtures.theta(), 0);
		RadonOperator o3 = RadonOperator.scikitImage(n,
				ScikitImageFixtures.theta(), shift);
		INDArray img = centred;
		INDArray p0 = Nd4j.create(DataType.FLOAT, o0.outputSize(), 1),
				p3 = Nd4j.create(DataType.FLOAT, o3.outputSize(), 1);
		o0.apply(img, p0);
		o3.apply(img, p3);
		float[] q0 = p0.dup('c').data().asFloat(),
				q3 = p3.dup('c').data().asFloat();
		for (int a2 = 0; a2 < K; a2++)
			for (int u = shift + 5; u < n - 5; u++)
				assertEquals(q0[a2 * n + u - shift], q3[a2 * n + u],
						1e-3 + 1e-4 * Math.abs(q0[a2 * n + u - shift]));
	}

	/** scikit-image's angles: linspace(0, R, N, endpoint=False). */
	@Test
	void anglesWithoutEndAreNumpys() {
		assertEquals(0, RadonOperator.anglesWithoutEnd(30, 180)[0]);
		assertEquals(6.0, RadonOperator.anglesWithoutEnd(30, 180)[1], 1e-12);
		assertEquals(174.0, RadonOperator.anglesWithoutEnd(30, 180)[29], 1e-12);
	}
}
