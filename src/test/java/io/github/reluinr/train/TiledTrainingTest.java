package io.github.reluinr.train;

import io.github.reluinr.nn.MemoryBudget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.image.CoordinateGrid;
import io.github.reluinr.nn.Activations;
import io.github.reluinr.backend.Kernels;
import io.github.reluinr.nn.Mlp;
import io.github.reluinr.nn.Network;
import io.github.reluinr.op.AveragePoolOperator;
import io.github.reluinr.op.ForwardOperator;
import io.github.reluinr.op.IdentityOperator;
import io.github.reluinr.op.RadonOperator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training over tiles of rows gives the full-batch run's loss curve: the tiles'
 * gradients sum to the full-batch gradient, so tiled and untiled runs differ
 * only by float rounding. Tile sizes are chosen so that the last tile is
 * shorter than the others.
 */
class TiledTrainingTest {

	private static final long UNTILED = 1L << 40;

	@AfterEach
	void restoreKernels() {
		Kernels.force(null);
	}

	/**
	 * A 64 x 64 test image with edges and smooth parts (closed form, values in
	 * [0, 1]).
	 */
	private static INDArray image(int h, int w) {
		float[] v = new float[h * w];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				double u = x / (w - 1.0), t = y / (h - 1.0);
				double disc = (u - 0.4) * (u - 0.4)
						+ (t - 0.55) * (t - 0.55) < 0.06 ? 0.5 : 0;
				v[y * w + x] = (float) (0.3 * u + 0.2 * Math.sin(6 * t) + 0.25
						+ disc * 0.9) / 1.6f;
			}
		}
		return Nd4j.create(v, new long[]{(long) h * w, 1}, 'c');
	}

	private static List<Double> losses(String activation, ForwardOperator op,
			INDArray y, int h, int w, TrainingConfig cfg, INDArray[] output)
	{
		List<Double> losses = new ArrayList<>();
		INDArray coords = CoordinateGrid.grid(h, w);
		try (Network net = Activations.network(activation, 2, cfg.width(),
				cfg.layers(), 1, cfg.c(), cfg.omega0(), cfg.sigma0(), 3))
		{
			TrainingResult r = new Trainer(cfg).train(net, coords, op, y, null,
					(e, n, loss, psnr, s) -> losses.add(loss), null);
			output[0] = r.output();
		}
		return losses;
	}

	private static void assertSameCurve(List<Double> a, List<Double> b,
			double rel, String what)
	{
		assertEquals(a.size(), b.size(), what + ": epochs");
		for (int i = 0; i < a.size(); i++) {
			double d = Math.abs(a.get(i) - b.get(i)) / Math.abs(a.get(i));
			assertTrue(d <= rel, what + ": epoch " + (i + 1) + " loss "
					+ a.get(i) + " vs " + b.get(i) + " (relative " + d + ")");
		}
		// and the curve is a real training run, not a constant
		assertTrue(a.get(a.size() - 1) < 0.8 * a.get(0),
				what + ": the loss fell from " + a.get(0) + " to "
						+ a.get(a.size() - 1));
	}

	private static void check(String activation, ForwardOperator op, INDArray y,
			int h, int w, TrainingConfig base, long tileRows, Boolean recompute,
			String what)
	{
		check(activation, op, y, h, w, base, tileRows, recompute, what, 1e-5,
				1e-4);
	}

	private static void check(String activation, ForwardOperator op, INDArray y,
			int h, int w, TrainingConfig base, long tileRows, Boolean recompute,
			String what, double lossTolerance, double outputTolerance)
	{
		INDArray[] untiledOut = new INDArray[1], tiledOut = new INDArray[1];
		List<Double> untiled = losses(activation, op, y, h, w,
				base.copy().tileRows(UNTILED).recompute(false), untiledOut);
		List<Double> tiled = losses(activation, op, y, h, w,
				base.copy().tileRows(tileRows).recompute(recompute), tiledOut);
		if (System.getProperty("tiling.debug") != null)
			for (int i = 0; i < untiled.size(); i++)
			System.out.println(what + " " + (i + 1) + " " + untiled.get(i) + " "
					+ tiled.get(i));
		assertSameCurve(untiled, tiled, lossTolerance, what);
		double maxDiff = untiledOut[0].sub(tiledOut[0]).amaxNumber()
				.doubleValue();
		assertTrue(maxDiff < outputTolerance,
				what + ": best outputs differ by " + maxDiff);
	}

	@Test
	void fitOnTilesHasTheUntiledLossCurve() {
		int h = 64, w = 64;
		TrainingConfig cfg = TrainingConfig.fit().epochs(30).width(64)
				.layers(3);
		// the default tile (2048 rows): two tiles
		check("bw-relu", new IdentityOperator(h, w), image(h, w), h, w, cfg, 0,
				null, "fit, java kernels");
	}

	@Test
	void fitOnUnevenTilesHasTheUntiledLossCurve() {
		// tiles of 500 rows and a last one of 96: sums over rows in another order, so the runs differ by
		// float rounding, which BW-ReLU's kinks amplify at c = 9 (a z within rounding of a knot changes
		// slope: 1e-2 apart after 30 epochs); at c = 3 the curves stay within 1e-4
		int h = 64, w = 64;
		TrainingConfig cfg = TrainingConfig.fit().epochs(30).width(64).layers(3)
				.c(3);
		check("bw-relu", new IdentityOperator(h, w), image(h, w), h, w, cfg,
				500, null, "fit, uneven tiles", 1e-4, 1e-2);
	}

	@Test
	void fitOnTilesHasTheUntiledLossCurveInTheNd4jForm() {
		Kernels.force(Kernels.Form.ND4J);
		int h = 32, w = 32;
		// The ND4J form multiplies whole tiles (300 rows here, 1024 untiled). OpenBLAS's SkylakeX
		// kernels round a row the same whatever the row count, its Haswell/Zen kernels do not, and at
		// c = 9 the kinks amplify that (an AMD EPYC without AVX-512: 1e-5 apart at epoch 9, 4e-4 at
		// epoch 13); at c = 3, as for uneven tiles above, float rounding stays float rounding.
		TrainingConfig cfg = TrainingConfig.fit().epochs(30).width(32).layers(2)
				.c(3);
		check("bw-relu", new IdentityOperator(h, w), image(h, w), h, w, cfg,
				300, null, "fit, nd4j form");
	}

	@Test
	void wireOnTilesHasTheUntiledLossCurve() {
		int h = 32, w = 32;
		TrainingConfig cfg = TrainingConfig.fit().activation("wire").lr(5e-3)
				.omega0(20).sigma0(10).epochs(20).width(32).layers(2);
		check("wire", new IdentityOperator(h, w), image(h, w), h, w, cfg, 300,
				null, "fit, wire");
	}

	@Test
	void superResolutionOnTilesHasTheUntiledLossCurve() {
		int h = 64, w = 64;
		AveragePoolOperator pool = new AveragePoolOperator(16, 16, 4);
		INDArray y = Nd4j.create(DataType.FLOAT, pool.outputSize(), 1);
		pool.apply(image(h, w), y);
		TrainingConfig cfg = TrainingConfig.superResolution().epochs(30)
				.width(64).layers(3);
		// tiles of 2048 rows (8 blocks of 4 rows of 64)
		check("bw-relu", pool, y, h, w, cfg, 0, null, "super-resolution");
		// 1000 rows round down to 768 (three blocks of 4 rows of 64): tiles of 768 and a last one of 256
		check("bw-relu", pool, y, h, w, cfg.copy().epochs(10), 1000, null,
				"super-resolution, uneven tiles", 1e-4, 1e-2);
	}

	@Test
	void superResolutionOnTilesInTheNd4jForm() {
		Kernels.force(Kernels.Form.ND4J);
		int h = 32, w = 32;
		AveragePoolOperator pool = new AveragePoolOperator(8, 8, 4);
		INDArray y = Nd4j.create(DataType.FLOAT, pool.outputSize(), 1);
		pool.apply(image(h, w), y);
		TrainingConfig cfg = TrainingConfig.superResolution().epochs(20)
				.width(32).layers(2);
		// 300 rows round down to 256 (two blocks of 4 rows of 32): four tiles, whose operators outlive the first epoch
		check("bw-relu", pool, y, h, w, cfg, 300, null,
				"super-resolution, nd4j form");
	}

	/** The test image's sinogram under radon. */
	private static INDArray sinogram(RadonOperator radon, int h, int w) {
		INDArray y = Nd4j.create(DataType.FLOAT, radon.outputSize(), 1);
		radon.apply(image(h, w), y);
		return y;
	}

	@Test
	void ctRecomputingTilesHasTheUntiledLossCurve() {
		int h = 64, w = 64;
		RadonOperator radon = new RadonOperator(h, w,
				RadonOperator.angles(30, 180));
		INDArray y = sinogram(radon, h, w);
		TrainingConfig cfg = TrainingConfig.ct().epochs(30).width(64).layers(3)
				.decayHorizon(15);
		check("bw-relu", radon, y, h, w, cfg, 0, true,
				"ct, forward recomputed");
	}

	/**
	 * Keeping some tiles' activations (network slots) instead of recomputing
	 * their forward passes changes no bit of the run: the same tiles, chunks
	 * and sums, only fewer forward passes.
	 */
	@Test
	void ctKeepingSomeTilesHasTheRecomputingRunsLossCurve() {
		int h = 64, w = 64;
		RadonOperator radon = new RadonOperator(h, w,
				RadonOperator.angles(30, 180));
		INDArray y = sinogram(radon, h, w);
		TrainingConfig cfg = TrainingConfig.ct().epochs(12).width(32).layers(3)
				.decayHorizon(6).tileRows(1000).recompute(true); // 5 tiles, the last of 96 rows
		INDArray[] out = new INDArray[1];
		List<Double> none = losses("bw-relu", radon, y, h, w,
				cfg.copy().keptTiles(0), out);
		INDArray noneOut = out[0].dup();
		for (int kept : new int[]{2, 4}) {
			List<Double> some = losses("bw-relu", radon, y, h, w,
					cfg.copy().keptTiles(kept), out);
			assertEquals(none, some, kept + " tiles kept");
			assertEquals(0.0, noneOut.sub(out[0]).amaxNumber().doubleValue(),
					0.0, kept + " tiles kept: outputs");
		}
		assertTrue(none.get(none.size() - 1) < 0.9 * none.get(0),
				"a real training run: " + none);
	}

	@Test
	void poolTilesAreTheRowsOfTheFullOperator() {
		AveragePoolOperator pool = new AveragePoolOperator(6, 5, 3);
		INDArray x = Nd4j.rand(DataType.FLOAT, pool.inputSize(), 2);
		INDArray full = Nd4j.create(DataType.FLOAT, pool.outputSize(), 2);
		pool.apply(x, full);
		long q = pool.tileQuantum();
		assertEquals(3 * 15, q);
		long from = 2 * q, to = 5 * q;
		ForwardOperator tile = pool.tile(from, to);
		INDArray part = Nd4j.create(DataType.FLOAT, tile.outputSize(), 2);
		tile.apply(Trainer.rows(x, from, to).dup(), part);
		long o0 = pool.tileOutputRow(from), o1 = pool.tileOutputRow(to);
		assertEquals(2 * 5, o0);
		assertEquals(5 * 5, o1);
		assertEquals(0.0,
				Trainer.rows(full, o0, o1).sub(part).amaxNumber().doubleValue(),
				0.0);
		assertThrows(IllegalArgumentException.class, () -> pool.tile(1, q));
		assertFalse(new RadonOperator(8, 8, RadonOperator.angles(4, 180))
				.tileLocal());
	}

	@Test
	void theLayoutFollowsTheMemoryBudget() {
		TrainingConfig cfg = TrainingConfig.ct().width(300);
		RadonOperator radon = new RadonOperator(16, 16,
				RadonOperator.angles(4, 180));
		try (Mlp net = new Mlp(2, 300, 3, 1,
				Activations.create("bw-relu", 3, 0, 0), 0))
		{
			Trainer.Plan small = Trainer.plan(net, radon, 256, 1, cfg);
			assertEquals(1, small.tiles());
			assertFalse(small.recompute());
			// keeping 2^30 pixels' activations (about 10 TB) cannot fit: recompute per tile
			long huge = 1L << 30;
			Trainer.Plan big = Trainer.plan(net, radon, huge, 1, cfg);
			assertTrue(big.recompute(), big.describe());
			assertEquals(Trainer.tileRowsFor(0), big.tileRows());
			assertTrue(big.describe().contains("recomputes"), big.describe());
			assertEquals(0, big.keptTiles(), big.describe());
			// about twice the keep budget: some tiles kept, within the budget, and one more would not fit
			long perPixel = MemoryBudget.perPixelBytes(1)
					+ net.bufferBytesPerRow();
			long half = (long) (MemoryBudget.limit()
					* MemoryBudget.KEEP_FRACTION);
			long mid = 2 * half / perPixel;
			Trainer.Plan partial = Trainer.plan(net, radon, mid, 1, cfg);
			assertTrue(
					partial.recompute() && partial.keptTiles() > 0
							&& partial.recomputedTiles() > 0,
					partial.describe());
			long rows = partial.tileRows();
			long used = MemoryBudget.perPixelBytes(1) * mid
					+ rows * net.bufferBytesPerRow();
			long perTile = rows * net.keptBytesPerRow();
			assertTrue(used + partial.keptTiles() * perTile <= half,
					partial.describe());
			assertTrue(used + (partial.keptTiles() + 1) * perTile > half,
					partial.describe());
			assertEquals(partial.tiles() - partial.keptTiles() - 1,
					partial.recomputedTiles());
			// a tile-local operator never recomputes, at any size
			Trainer.Plan fit = Trainer.plan(net,
					new IdentityOperator(1 << 15, 1 << 15), huge, 1, cfg);
			assertFalse(fit.recompute());
			assertTrue(fit.tiles() > 1);
		}
		// the refusal follows the tiled layout: a 2048 x 2048 fit at 3 x 300 needs well under 1 GiB
		assertTrue(MemoryBudget.estimate(2048L * 2048,
				Trainer.tileRowsBeforeStart(), 300, 3, 1) < (1L << 30));
	}
}
