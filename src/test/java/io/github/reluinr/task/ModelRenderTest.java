package io.github.reluinr.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.model.InrModel;
import io.github.reluinr.model.ModelFile;
import io.github.reluinr.model.ModelFileException;
import io.github.reluinr.model.Renderer;
import io.github.reluinr.train.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A saved network is the run's result as a function: rendered on the training
 * grid after a write and a read it gives the task's output bit for bit, and it
 * keeps those values, to float rounding, at every other sample of a (2W-1) x
 * (2H-1) render.
 */
class ModelRenderTest {

	/**
	 * A small test image with edges and a gradient, in units 10 .. 250 (C
	 * channels).
	 */
	static Image2D image(int h, int w, int channels) {
		float[] v = new float[h * w * channels];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				for (int c = 0; c < channels; c++) {
					double s = (x > w / 3 && y < 2 * h / 3 ? 0.7 : 0.2)
							+ 0.3 * Math.sin(0.5 * x + c) * Math.cos(0.4 * y)
							+ 0.05 * c;
					v[(y * w + x) * channels + c] = (float) (10
							+ 240 * Math.max(0, Math.min(1, s)));
				}
		return new Image2D(
				Nd4j.create(v, new long[]{(long) h * w, channels}, 'c'), h, w);
	}

	static TrainingConfig small(TrainingConfig base, String method) {
		TrainingConfig c = io.github.reluinr.train.MethodDefaults.apply(base,
				method, io.github.reluinr.train.MethodDefaults.Task.FIT);
		return c.epochs(25).width(24).layers(2).seed(3);
	}

	static float[] values(Image2D im) {
		return im.pixels().dup('c').data().asFloat();
	}

	static InrModel saveAndRead(InrModel m, Path dir, String name)
			throws Exception
	{
		Path f = dir.resolve(name);
		ModelFile.write(f, m);
		return ModelFile.read(f);
	}

	@Test
	void fitRendersItsOwnOutputExactlyForEveryMethod(@TempDir Path dir)
			throws Exception
	{
		Image2D im = image(13, 17, 1);
		for (String method : io.github.reluinr.nn.Activations.NAMES) {
			List<InrModel> models = new ArrayList<>();
			TaskResult r = FitTask.run(im,
					small(TrainingConfig.fit(), method).modelSink(models::add),
					null, null);
			assertEquals(1, models.size());
			InrModel m = saveAndRead(models.get(0), dir, method + ".inr.npz");
			assertEquals(method, m.method());
			assertEquals("fit", m.task());
			float[] rendered = Renderer.render(m, 17, 13, null, null);
			assertArrayEquals(values(r.main()), rendered, 0f, method);
			// the variation norm recomputed from the file is the metrics row's
			assertEquals(r.metrics().get(0).variationNorm(),
					m.recomputedVariationNorm(), method);
			assertEquals(r.metrics().get(0).finalLoss(), m.finalLoss(), method);
		}
	}

	@Test
	void doubleResolutionKeepsTheTrainingPixelsAtEveryOtherSample(
			@TempDir Path dir) throws Exception
	{
		Image2D im = image(21, 30, 3); // RGB: three outputs
		List<InrModel> models = new ArrayList<>();
		TaskResult r = FitTask.run(im,
				small(TrainingConfig.fit(), "bw-relu").modelSink(models::add),
				null, null);
		InrModel m = saveAndRead(models.get(0), dir, "rgb.inr.npz");
		int w = 30, h = 21, c = 3;
		float[] fine = Renderer.render(m, 2 * w - 1, 2 * h - 1, null, null);
		RenderChecks.assertEveryOtherSample(values(r.main()), fine, w, h, c);
		// and the samples between differ from their neighbours (the render is not a nearest-pixel copy)
		int between = (2 * 5) * (2 * w - 1) + 2 * 7 + 1;
		assertTrue(fine[between * c] != fine[(between - 1) * c]
				&& fine[between * c] != fine[(between + 1) * c]);
	}

	@Test
	void aRenderOfSeveralTilesIsStillExact(@TempDir Path dir) throws Exception {
		Image2D im = image(230, 300, 1); // 69000 pixels: more than one tile of 65536
		List<InrModel> models = new ArrayList<>();
		TaskResult r = FitTask.run(im, small(TrainingConfig.fit(), "bw-relu")
				.epochs(2).width(8).modelSink(models::add), null, null);
		assertTrue(230 * 300 > Renderer.TILE_PIXELS);
		assertArrayEquals(values(r.main()),
				Renderer.render(models.get(0), 300, 230, null, null), 0f);
	}

	@Test
	void aRegionRenderIsTheWholeRenderRestricted(@TempDir Path dir)
			throws Exception
	{
		Image2D im = image(16, 16, 1);
		List<InrModel> models = new ArrayList<>();
		FitTask.run(im,
				small(TrainingConfig.fit(), "bw-relu").modelSink(models::add),
				null, null);
		InrModel m = models.get(0);
		// region (4, 2, 9, 5) at magnification 3: 25 x 13 samples at pixel steps of 1/3, i.e. samples
		// 12.. and 6.. of the whole field at (16-1)*3+1 = 46 samples per side
		float[] whole = Renderer.render(m, 46, 46, null, null);
		float[] part = Renderer.render(m, 25, 13,
				new Renderer.Region(4, 2, 9, 5), null);
		for (int y = 0; y < 13; y++)
			for (int x = 0; x < 25; x++) {
				assertEquals(whole[(6 + y) * 46 + 12 + x], part[y * 25 + x],
						2e-5f * 240, "(" + x + ", " + y + ")");
			}
	}

	@Test
	void superResolutionRendersItsFineGrid(@TempDir Path dir) throws Exception {
		Image2D low = image(8, 10, 1);
		List<InrModel> models = new ArrayList<>();
		TaskResult r = SuperResolutionTask.run(low, 3, null,
				small(TrainingConfig.superResolution(), "bw-relu")
						.modelSink(models::add),
				null, null);
		InrModel m = saveAndRead(models.get(0), dir, "sr.inr.npz");
		assertEquals(30, m.gridWidth());
		assertEquals(24, m.gridHeight());
		assertEquals("superres", m.task());
		assertArrayEquals(values(r.main()),
				Renderer.render(m, 30, 24, null, null), 0f);

		// the default recipe's warm start (fit back-projection's image, then the data term) saves its network too
		models.clear();
		SuperResolutionTask.Start warm = new SuperResolutionTask.Start(
				SuperResolutionBaselines.BACK_PROJECTION, 3, 3e-3);
		r = SuperResolutionTask.run(low, 3, null,
				small(TrainingConfig.superResolution(), "bw-relu")
						.modelSink(models::add),
				warm, 5, null, null);
		assertEquals(1, models.size());
		m = saveAndRead(models.get(0), dir, "sr-warm.inr.npz");
		// the model renders the network f; the result adds rep(y - A f), each block's missing mean, computed here by loops
		float[] f = Renderer.render(m, 30, 24, null, null),
				expected = new float[f.length];
		float[] y = values(low);
		for (int py = 0; py < 24; py++)
			for (int px = 0; px < 30; px++) {
				int by = py / 3, bx = px / 3;
				double mean = 0;
				for (int dy = 0; dy < 3; dy++)
					for (int dx = 0; dx < 3; dx++)
						mean += f[(by * 3 + dy) * 30 + bx * 3 + dx] / 9.0;
				expected[py * 30 + px] = (float) (f[py * 30 + px]
						+ y[by * 10 + bx] - mean);
			}
		assertArrayEquals(expected, values(r.main()), 1e-3f);
	}

	@Test
	void ctRendersItsReconstructionSquare(@TempDir Path dir) throws Exception {
		Image2D im = image(16, 16, 1);
		List<InrModel> models = new ArrayList<>();
		TaskResult r = CtTask.fromImage(im, 12, 180, Double.NaN,
				small(TrainingConfig.ct(), "bw-relu").modelSink(models::add),
				null, null);
		InrModel m = saveAndRead(models.get(0), dir, "ct.inr.npz");
		assertArrayEquals(values(r.main()),
				Renderer.render(m, 16, 16, null, null), 0f);

		// a measured sinogram in its own units (output_range = the FBP scale)
		Image2D sino = r.image("sinogram");
		Image2D scaled = new Image2D(sino.pixels().mul(37.5), sino.height(),
				sino.width());
		models.clear();
		TaskResult s = CtTask.fromSinogram(scaled, 180, 16, null,
				small(TrainingConfig.ct(), "bw-relu").modelSink(models::add),
				null, null);
		InrModel ms = saveAndRead(models.get(0), dir, "ct-sino.inr.npz");
		assertEquals(0, ms.outputMin()[0]);
		assertArrayEquals(values(s.main()),
				Renderer.render(ms, 16, 16, null, null), 0f);

		// scikit-image's geometry: the model holds the detector square (no ground truth: nothing cropped, no clip)
		models.clear();
		double[] theta = new double[12];
		for (int k = 0; k < theta.length; k++)
			theta[k] = 15.0 * k;
		CtTask.Standard geometry = new CtTask.Standard(theta, 0,
				List.of("hann"), 0, false);
		TaskResult st = CtTask.fromSinogram(scaled, geometry, null,
				small(TrainingConfig.ct(), "bw-relu").modelSink(models::add),
				null, null);
		InrModel mst = saveAndRead(models.get(0), dir, "ct-standard.inr.npz");
		assertEquals(st.main().width(), mst.gridWidth());
		assertArrayEquals(values(st.main()), Renderer.render(mst,
				st.main().width(), st.main().height(), null, null), 0f);
	}

	@Test
	void initModelContinuesFromTheSavedNetwork(@TempDir Path dir)
			throws Exception
	{
		Image2D im = image(12, 12, 1);
		List<InrModel> models = new ArrayList<>();
		TrainingConfig cfg = small(TrainingConfig.fit(), "bw-relu");
		FitTask.run(im, cfg.copy().modelSink(models::add), null, null);
		InrModel m = saveAndRead(models.get(0), dir, "a.inr.npz");
		// the first epoch from the saved network sees exactly its loss (same weights, same data)
		double[] first = {Double.NaN};
		FitTask.run(im, cfg.copy().epochs(3).initModel(m),
				(e, n, loss, psnr, s) -> {
					if (e == 1) first[0] = loss;
				}, null);
		assertEquals(m.bestLoss(), first[0]);
		// a fresh network starts far higher
		double[] fresh = {Double.NaN};
		FitTask.run(im, cfg.copy().epochs(1),
				(e, n, loss, psnr, s) -> fresh[0] = loss, null);
		assertTrue(fresh[0] > 2 * first[0], fresh[0] + " vs " + first[0]);

		ModelFileException wrong = assertThrows(ModelFileException.class,
				() -> FitTask.run(im, cfg.copy().width(20).initModel(m), null,
						null));
		assertEquals(
				"the model does not match this run: width 20 (the model's is 24)",
				wrong.getMessage());
		ModelFileException c = assertThrows(ModelFileException.class,
				() -> FitTask.run(im, cfg.copy().c(3).initModel(m), null,
						null));
		assertTrue(c.getMessage().contains("c 3.0 (the model's is 9.0)"),
				c.getMessage());
		assertNotNull(m.arrays().get("layer0.weight"));
	}
}
