package io.github.reluinr.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.op.FilteredBackProjection;
import io.github.reluinr.op.RadonOperator;
import io.github.reluinr.train.TrainingConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** The standard geometry end to end: units, sizes, rows, layouts. */
class CtStandardTest {

	/**
	 * A 20 x 28 disk of value 5 (off a square, so padding and cropping are both
	 * exercised).
	 */
	private static Image2D disk() {
		int h = 20, w = 28;
		float[] v = new float[h * w];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				v[y * w + x] = (x - 14) * (x - 14) + (y - 10) * (y - 10) < 49
						? 5f
						: 0f;
		return new Image2D(Nd4j.createFromArray(v).reshape(h * w, 1), h, w);
	}

	@Test
	void resultsAreInTheImagesUnitsAndSize() {
		Image2D im = disk();
		CtTask.Standard s = new CtTask.Standard(
				RadonOperator.anglesWithoutEnd(60, 180), 0,
				FilteredBackProjection.FILTERS, 100, true);
		TrainingConfig cfg = TrainingConfig.ct().width(16).layers(2).epochs(3)
				.decayHorizon(2);
		TaskResult r = CtTask.fromImage(im, s, Double.NaN, cfg, null, null);
		assertEquals(List.of("INR", "FBP", "SIRT", "sinogram"),
				r.images().stream().map(TaskResult.NamedImage::name).toList());
		for (int i = 0; i < 3; i++) {
			assertEquals(20, r.images().get(i).image().height());
			assertEquals(28, r.images().get(i).image().width());
		}
		int n = CtTask.padding(20, 28)[0];
		assertEquals(40, n); // ceil(sqrt(2) 28)
		assertEquals(60, r.images().get(3).image().height());
		assertEquals(n, r.images().get(3).image().width());
		// rows: network, one fbp per filter, sirt
		assertEquals(7, r.metrics().size());
		assertEquals("fbp", r.metrics().get(1).method());
		assertEquals("ramp", r.metrics().get(1).filter());
		assertEquals("hann", r.metrics().get(5).filter());
		assertEquals("sirt", r.metrics().get(6).method());
		// units: the centre of the disk comes back near 5, not rescaled (FBP and SIRT)
		for (int i : new int[]{1, 2}) {
			float centre = r.images().get(i).image().pixels()
					.getFloat(10L * 28 + 14, 0);
			assertEquals(5, centre, 0.5, r.images().get(i).name());
		}
		assertTrue(r.metrics().get(6).psnrDb() > 25,
				"SIRT " + r.metrics().get(6).psnrDb());
	}

	@Test
	void layoutIsDecidedByTheAngleCount() {
		assertEquals(false, CtTask.detectorsByAngles(30, 91, "auto", 30));
		assertEquals(true, CtTask.detectorsByAngles(91, 30, "auto", 30));
		assertEquals(true,
				CtTask.detectorsByAngles(30, 30, "detectors-by-angles", 30));
		IllegalArgumentException e = assertThrows(
				IllegalArgumentException.class,
				() -> CtTask.detectorsByAngles(30, 30, "auto", 30));
		assertTrue(e.getMessage().contains("ambiguous"));
		assertThrows(IllegalArgumentException.class,
				() -> CtTask.detectorsByAngles(91, 31, "auto", 30));
		assertThrows(IllegalArgumentException.class, () -> CtTask
				.detectorsByAngles(91, 30, "angles-by-detectors", 30));
	}

	@Test
	void transposeSwapsRowsAndColumns() {
		Image2D a = new Image2D(Nd4j
				.createFromArray(new float[]{1, 2, 3, 4, 5, 6}).reshape(6, 1),
				2, 3);
		Image2D t = CtTask.transpose(a);
		assertEquals(3, t.height());
		assertEquals(2, t.width());
		assertEquals("[1.0, 4.0, 2.0, 5.0, 3.0, 6.0]", java.util.Arrays
				.toString(t.pixels().dup('c').data().asFloat()));
	}

	/**
	 * From a start fitted to the SIRT image the network is, after the same few
	 * epochs, far closer to the image than from a random start (which these
	 * epochs leave near zero); and the start's own SIRT runs when no SIRT row
	 * is asked for.
	 */
	@Test
	void aStartFromSirtBeatsARandomStartAtEqualEpochs() {
		Image2D im = disk();
		double[] theta = RadonOperator.anglesWithoutEnd(30, 180);
		TrainingConfig cfg = TrainingConfig.ct().width(32).layers(2).epochs(20)
				.lr(3e-4).decayHorizon(20);
		double random = networkPsnr(im,
				new CtTask.Standard(theta, 0, List.of("hann"), 0, true), cfg);
		TaskResult warm = CtTask
				.fromImage(im,
						new CtTask.Standard(theta, 0, List.of("hann"), 0, true,
								"sirt", 150, 0, "none"),
						Double.NaN, cfg, null, null);
		assertEquals(2, warm.metrics().size(), "network and fbp rows only");
		double fromSirt = warm.metrics().get(0).psnrDb();
		assertTrue(fromSirt > random + 5,
				"from SIRT " + fromSirt + " dB, from random " + random + " dB");
		assertEquals(170, warm.metrics().get(0).epochs(),
				"both phases' epochs");
	}

	/** The prior lowers the total variation of the result at equal epochs. */
	@Test
	void aTotalVariationPriorSmoothsTheResult() {
		Image2D im = disk();
		double[] theta = RadonOperator.anglesWithoutEnd(12, 180);
		TrainingConfig cfg = TrainingConfig.ct().width(32).layers(2).epochs(60)
				.decayHorizon(60);
		double plain = variation(CtTask.fromImage(im,
				new CtTask.Standard(theta, 0, List.of("hann"), 0, true,
						"random", 0, 0, "none"),
				Double.NaN, cfg, null, null).main());
		double smooth = variation(CtTask.fromImage(im,
				new CtTask.Standard(theta, 0, List.of("hann"), 0, true,
						"random", 0, 2000, "none"),
				Double.NaN, cfg, null, null).main());
		assertTrue(smooth < 0.7 * plain, "TV " + smooth + " vs " + plain);
	}

	/** Anisotropic total variation: the sum of |forward differences|. */
	private static double variation(Image2D img) {
		float[] v = img.pixels().dup().data().asFloat();
		int h = img.height(), w = img.width();
		double tv = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				if (x + 1 < w) tv += Math.abs(v[y * w + x + 1] - v[y * w + x]);
				if (y + 1 < h)
					tv += Math.abs(v[(y + 1) * w + x] - v[y * w + x]);
			}
		return tv;
	}

	@Test
	void badStartOrPriorIsRefusedNamingTheParameter() {
		double[] theta = RadonOperator.anglesWithoutEnd(30, 180);
		TaskDescription d = new TaskDescription.CtFromImage(
				new CtTask.Standard(theta, 0, List.of("hann"), 200, true, "fbp",
						300, 0, "none"),
				0);
		assertTrue(assertThrows(InvalidTaskException.class, d::validate)
				.getMessage().startsWith("start_from"));
		TaskDescription t = new TaskDescription.CtFromImage(
				new CtTask.Standard(theta, 0, List.of("hann"), 200, true,
						"sirt", 300, -1, "none"),
				0);
		assertTrue(assertThrows(InvalidTaskException.class, t::validate)
				.getMessage().startsWith("tv_weight"));
		TaskDescription w = new TaskDescription.CtFromImage(
				new CtTask.Standard(theta, 0, List.of("hann"), 200, true,
						"sirt", 300, 0, "filtered"),
				0);
		String message = assertThrows(InvalidTaskException.class, w::validate)
				.getMessage();
		assertTrue(message.startsWith("data_weighting")
				&& message.contains("ramp") && message.contains("none"),
				message);
		TaskDescription k = new TaskDescription.CtFromImage(
				new CtTask.Standard(theta, 0, List.of("hann"), 200, true,
						"sirt", 300, 0, "ramp", -1),
				0);
		message = assertThrows(InvalidTaskException.class, k::validate)
				.getMessage();
		assertTrue(message.startsWith("consistency_iterations")
				&& message.contains("100000"), message);
	}

	/**
	 * The network trains at the scale of the default filter's FBP whichever FBP
	 * rows are asked for: asking for every filter (ramp first) does not change
	 * the network's result.
	 */
	@Test
	void theNetworkDoesNotDependOnTheFbpRowsAskedFor() {
		Image2D im = disk();
		double[] theta = RadonOperator.anglesWithoutEnd(12, 180);
		TrainingConfig cfg = TrainingConfig.ct().width(16).layers(2).epochs(30)
				.decayHorizon(30);
		double hann = networkPsnr(im, new CtTask.Standard(theta, 0,
				List.of("hann"), 0, true, "random", 0, 4, "ramp"), cfg);
		double all = networkPsnr(im,
				new CtTask.Standard(theta, 0, FilteredBackProjection.FILTERS, 0,
						true, "random", 0, 4, "ramp"),
				cfg);
		assertEquals(hann, all, 1e-9);
	}

	/**
	 * From a random start at 30 views, the ramp-weighted data term brings the
	 * network closer to the image than the plain term at equal epochs: the
	 * plain gradient reaches the image's edges only through A^T A's 1/|f| blur.
	 */
	@Test
	void theRampWeightedDataTermLearnsFasterThanThePlainOne() {
		Image2D im = disk();
		double[] theta = RadonOperator.anglesWithoutEnd(30, 180);
		TrainingConfig cfg = TrainingConfig.ct().width(32).layers(2).epochs(300)
				.decayHorizon(300);
		double plain = networkPsnr(im, new CtTask.Standard(theta, 0,
				List.of("hann"), 0, true, "random", 0, 0, "none"), cfg);
		double ramp = networkPsnr(im, new CtTask.Standard(theta, 0,
				List.of("hann"), 0, true, "random", 0, 0, "ramp"), cfg);
		assertTrue(ramp > plain + 3,
				"ramp " + ramp + " dB, plain " + plain + " dB");
	}

	/**
	 * The consistency correction (CGLS from the network's output) brings the
	 * result closer to the image on noiseless data, and leaves the model (the
	 * network itself) as it was: the correction is of the output only.
	 */
	@Test
	void theConsistencyCorrectionImprovesTheNetworksResult() {
		Image2D im = disk();
		double[] theta = RadonOperator.anglesWithoutEnd(12, 180);
		TrainingConfig cfg = TrainingConfig.ct().width(16).layers(2).epochs(40)
				.decayHorizon(40);
		TaskResult alone = CtTask.fromImage(im,
				new CtTask.Standard(theta, 0, List.of("hann"), 0, true,
						"random", 0, 4, "ramp", 0),
				Double.NaN, cfg, null, null);
		TaskResult corrected = CtTask.fromImage(im,
				new CtTask.Standard(theta, 0, List.of("hann"), 0, true,
						"random", 0, 4, "ramp", 100),
				Double.NaN, cfg, null, null);
		double a = alone.metrics().get(0).psnrDb(),
				c = corrected.metrics().get(0).psnrDb();
		assertTrue(c > a + 1, "corrected " + c + " dB, alone " + a + " dB");
		assertEquals(alone.metrics().get(0).finalLoss(),
				corrected.metrics().get(0).finalLoss(), 0,
				"the training is the same");
		assertEquals(alone.metrics().get(0).variationNorm(),
				corrected.metrics().get(0).variationNorm(), 0);
	}

	/**
	 * The noise level from the views' sums: near zero for a noiseless sinogram,
	 * the added noise's for a noisy one (within 40 %: 40 views give the
	 * variance to about 25 %).
	 */
	@Test
	void theNoiseLevelComesFromTheViewsSums() {
		int n = 48;
		RadonOperator op = RadonOperator.scikitImage(n,
				RadonOperator.anglesWithoutEnd(40, 180), 0);
		org.nd4j.linalg.api.ndarray.INDArray y = Nd4j.create(
				org.nd4j.linalg.api.buffer.DataType.FLOAT, op.outputSize(), 1);
		// an object inside the detector's circle, as padding makes it: a disk of radius 15
		float[] disk = new float[n * n];
		for (int i = 0; i < disk.length; i++)
			disk[i] = Math.hypot(i % n - n / 2, i / n - n / 2) < 15 ? 3f : 0f;
		op.apply(Nd4j.createFromArray(disk).reshape(n * n, 1), y);
		double rms = y.norm2Number().doubleValue() / Math.sqrt(y.length());
		double clean = Math.sqrt(CtTask.noiseVariance(y, 40, n));
		assertTrue(clean < 1e-2 * rms,
				"noiseless: " + clean + " of rms " + rms);
		double sigma = 0.05 * rms;
		Nd4j.getRandom().setSeed(5);
		y.addi(Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, y.shape())
				.muli(sigma));
		assertEquals(sigma, Math.sqrt(CtTask.noiseVariance(y, 40, n)),
				0.4 * sigma);
	}

	/** The network row's PSNR of a noiseless simulation. */
	private static double networkPsnr(Image2D im, CtTask.Standard s,
			TrainingConfig cfg)
	{
		return CtTask.fromImage(im, s, Double.NaN, cfg, null, null).metrics()
				.get(0).psnrDb();
	}
}
