package io.github.reluinr.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.process.ByteProcessor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What the real Fiji runtime showed (issue 15), in plain ImageJ 1.x: a result
 * shown in batch mode must not become the current image of the thread that
 * showed it; a ground truth that is the input is no ground truth; the time
 * estimate reproduces a recorded run's speed.
 */
class FijiRuntimeFixesTest {

	@Test
	void aBatchModeResultDoesNotBecomeTheThreadsCurrentImage() {
		ImagePlus input = new ImagePlus("input", new ByteProcessor(4, 4));
		ImagePlus result = new ImagePlus("input - INR",
				new ByteProcessor(4, 4));
		Interpreter.batchMode = true;
		try {
			WindowManager.setTempCurrentImage(input);
			InrCommand.show(result);
			assertSame(input, WindowManager.getCurrentImage(),
					"the thread's current image is still the input");
			assertTrue(
					Arrays.stream(Interpreter.getBatchModeImageIDs())
							.anyMatch(id -> id == result.getID()),
					"the result is a batch-mode image");
		}
		finally {
			Interpreter.removeBatchModeImage(result);
			WindowManager.setTempCurrentImage(null);
			Interpreter.batchMode = false;
		}
	}

	@Test
	void theInputIsNoGroundTruth() {
		ImagePlus input = new ImagePlus("lr", new ByteProcessor(4, 4));
		ImagePlus other = new ImagePlus("hr", new ByteProcessor(8, 8));
		io.github.reluinr.task.TaskDescription sr = io.github.reluinr.task.TaskDescription.SuperResolution
				.paper(2, null);
		assertNull(GroundTruth.of(input, null, input, sr, null));
		assertNotNull(GroundTruth.of(other, null, input, sr, null));
		assertNull(GroundTruth.of(null, null, input, sr, null));
	}

	@Test
	void theEstimateReproducesARecordedRun() {
		double before = ij.Prefs.get(Estimate.PREF, Double.NaN);
		try {
			Estimate.record(4096, 64, 3, 1, 0.05);
			assertEquals(0.05 * 300, Estimate.seconds(4096, 64, 3, 1, 300),
					1e-9);
			// the variable part scales with pixels: four times the pixels, the same fixed part
			double fixed = Estimate.FIXED_PER_LAYER * 3;
			assertEquals(fixed + 4 * (0.05 - fixed),
					Estimate.seconds(4 * 4096, 64, 3, 1, 1), 1e-12);
			// a tiny run (a 12 x 12 image: overhead, not products) leaves the estimate as it was
			double camera = Estimate.seconds(65536, 300, 3, 1, 1000);
			Estimate.record(144, 300, 3, 1, 0.02);
			Estimate.record(65536, 300, 3, 1, 0.015); // an epoch hardly above the fixed part: not recorded either
			assertEquals(camera, Estimate.seconds(65536, 300, 3, 1, 1000),
					1e-9);
		}
		finally {
			if (Double.isNaN(before)) ij.Prefs.set(Estimate.PREF, 0.0);
			else ij.Prefs.set(Estimate.PREF, before);
		}
	}

	@Test
	void compareAndSelectCEstimateEveryNetworkTheyTrain() {
		double one = Estimate.seconds(65536, 300, 3, 1, 300);
		String six = Estimate.html("camera", 256, 256, 65536, 300, 3, 1, 300,
				6);
		assertTrue(six.contains("6 networks, 300 epochs each"), six);
		assertTrue(
				six.contains("about <b>" + Estimate.duration(6 * one) + "</b>"),
				six);
		CompareCommand compare = new CompareCommand();
		compare.methods = "bw-relu,siren,wire";
		assertEquals(3, compare.networksPerPlane());
		SelectCCommand select = new SelectCCommand();
		select.c_values = "1,2,3,5,8";
		assertEquals(5, select.networksPerPlane());
	}
}
