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
}
