package io.github.reluinr.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.train.TrainingConfig;
import org.junit.jupiter.api.Test;

/**
 * The paper's central claim at test size, plus determinism and an untouched
 * input.
 */
class FitTaskTest {

	static final Image2D CROP = FitComparison.CROP;

	static TrainingConfig small(String activation) {
		return TrainingConfig.fit().activation(activation).width(64).layers(3)
				.epochs(300).c(6).lr(4e-3).lrDecay(0.1).seed(0);
	}

	@Test
	void bwReluReaches30dbWhilePlainReluStaysBelow22() {
		// each with its fit settings (BW-ReLU c 9; plain ReLU with ReLU+PE's learning rate), shared with MethodComparisonTest
		MetricsRow bw = FitComparison.run("bw-relu");
		MetricsRow relu = FitComparison.run("relu");
		double bwPsnr = bw.psnrDb(), reluPsnr = relu.psnrDb();
		System.out.printf(
				"64x64 camera crop, 3x64, 300 epochs: BW-ReLU %.2f dB, ReLU %.2f dB%n",
				bwPsnr, reluPsnr);
		assertTrue(bwPsnr >= 30, "BW-ReLU PSNR " + bwPsnr);
		assertTrue(reluPsnr < 22, "ReLU PSNR " + reluPsnr);
		assertTrue(bw.variationNorm() > 0);
		assertEquals(null, relu.variationNorm());
	}

	@Test
	void sameSeedGivesBitIdenticalOutputAndInputIsUnchanged() {
		float[] before = CROP.pixels().dup().data().asFloat();
		TrainingConfig cfg = small("bw-relu").epochs(15);
		float[] a = FitTask.run(CROP, cfg, null, null).main().pixels().dup()
				.data().asFloat();
		float[] b = FitTask.run(CROP, cfg, null, null).main().pixels().dup()
				.data().asFloat();
		assertArrayEquals(a, b, 0f);
		assertArrayEquals(before, CROP.pixels().dup().data().asFloat(), 0f);
		// a different seed gives a different network
		float[] c = FitTask.run(CROP, cfg.copy().seed(1), null, null).main()
				.pixels().dup().data().asFloat();
		assertTrue(!java.util.Arrays.equals(a, c));
	}

	@Test
	void resultIsInTheInputsUnits() {
		TaskResult r = FitTask.run(CROP, small("bw-relu").epochs(200), null,
				null);
		double inMin = CROP.pixels().minNumber().doubleValue(),
				inMax = CROP.pixels().maxNumber().doubleValue();
		double outMean = r.main().pixels().meanNumber().doubleValue(),
				inMean = CROP.pixels().meanNumber().doubleValue();
		assertTrue(inMax > 100, "8-bit input expected");
		assertEquals(inMean, outMean, 0.02 * (inMax - inMin));
	}
}
