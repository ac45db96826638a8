package io.github.reluinr.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.model.InrModel;
import io.github.reluinr.model.Renderer;
import io.github.reluinr.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fit Volume: one network for the stack; its model renders back the result it
 * returned, with the stack's calibration.
 */
class VolumeTaskTest {

	@Test
	void fitsAStackAndSavesA3dModel() {
		int d = 6, h = 12, w = 12;
		float[] v = IsotropicSuperResolutionTest.gaussians(d, h, w, 3);
		for (int i = 0; i < v.length; i++)
			v[i] = 100 + 50 * v[i];
		Volume input = new Volume(Nd4j.create(v, new long[]{v.length, 1}, 'c'),
				d, h, w, 0.2, 0.2, 0.6, "um");
		List<InrModel> saved = new ArrayList<>();
		TrainingConfig cfg = VolumeTask.fitRecipe().width(32).epochs(120).c(3)
				.lr(1e-2).modelSink(saved::add);
		VolumeResult r = VolumeTask.fit(input, null, cfg, null, null);
		MetricsRow row = r.metrics().get(0);
		assertTrue(row.psnrDb() > 20, "PSNR " + row.psnrDb()); // 25.0 dB measured; scrambled coordinates give about 10
		assertEquals(io.github.reluinr.metric.Psnr.compute(input.pixels(),
				r.main().pixels()), row.psnrDb(), 1e-9);
		assertNotNull(row.ssim(), "12 x 12 planes are scored by SSIM");
	}

	@Test
	void modelRendersTheResult() {
		int d = 6, h = 12, w = 12;
		float[] v = IsotropicSuperResolutionTest.gaussians(d, h, w, 3);
		Volume input = new Volume(Nd4j.create(v, new long[]{v.length, 1}, 'c'),
				d, h, w, 0.2, 0.2, 0.6, "um");
		List<InrModel> saved = new ArrayList<>();
		TrainingConfig cfg = VolumeTask.fitRecipe().width(16).epochs(20)
				.modelSink(saved::add);
		VolumeResult r = VolumeTask.fit(input, null, cfg, null, null);
		assertEquals(1, saved.size());
		InrModel m = saved.get(0);
		assertEquals(3, m.dimension());
		assertEquals(0.6, m.pixelDepth(), 0);
		assertEquals(0.2, m.pixelWidth(), 1e-12);
		assertEquals("fit-volume", m.task());
		// extents: x, y span 11 x 0.2 = 2.2 um, z 5 x 0.6 = 3.0 um (the longest)
		assertArrayEquals(new double[]{2.2 / 3.0, 2.2 / 3.0, 1}, m.extent(),
				1e-12);
		float[] rendered = Renderer.renderVolume(m, w, h, d, null);
		float[] result = r.main().pixels().dup('c').data().asFloat();
		assertArrayEquals(result, rendered, 1e-5f);
		assertNotNull(r.metrics().get(0).psnrDb());
	}

	@Test
	void isotropicChecksItsInputs() {
		Volume one = new Volume(Nd4j.ones(16L * 16, 1), 1, 16, 16);
		assertThrows(IllegalArgumentException.class,
				() -> VolumeTask.isotropic(one, 4, 1, null,
						VolumeTask.isotropicRecipe(), null, null));
		Volume two = new Volume(Nd4j.ones(2L * 16 * 16, 1), 2, 16, 16);
		assertThrows(IllegalArgumentException.class,
				() -> VolumeTask.isotropic(two, 1, 1, null,
						VolumeTask.isotropicRecipe(), null, null));
		assertThrows(IllegalArgumentException.class,
				() -> VolumeTask.isotropic(two, 4, 1, two,
						VolumeTask.isotropicRecipe(), null, null));
	}

	@Test
	void ssimIsThePlaneMean() {
		int d = 3, h = 12, w = 13;
		float[] a = IsotropicSuperResolutionTest.gaussians(d, h, w, 1),
				b = IsotropicSuperResolutionTest.gaussians(d, h, w, 2);
		Volume va = new Volume(Nd4j.create(a, new long[]{a.length, 1}, 'c'), d,
				h, w),
				vb = new Volume(Nd4j.create(b, new long[]{b.length, 1}, 'c'), d,
						h, w);
		double range = va.pixels().maxNumber().doubleValue()
				- va.pixels().minNumber().doubleValue();
		double sum = 0;
		for (int z = 0; z < d; z++) {
			float[] pa = new float[h * w], pb = new float[h * w];
			System.arraycopy(a, z * h * w, pa, 0, h * w);
			System.arraycopy(b, z * h * w, pb, 0, h * w);
			sum += io.github.reluinr.metric.Ssim.compute(pa, pb, h, w, 1,
					range);
		}
		assertEquals(sum / d, VolumeTask.ssim(va, vb), 1e-12);
		assertEquals(1.0, VolumeTask.ssim(va, va), 1e-12);
	}
}
