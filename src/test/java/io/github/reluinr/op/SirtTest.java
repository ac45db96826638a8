package io.github.reluinr.op;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.phantom.SheppLogan;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SirtTest {

	/**
	 * The data residual decreases at every iteration, and SIRT with the clamp
	 * stays non-negative.
	 */
	@Test
	void residualDecreasesMonotonically() {
		int n = 48;
		RadonOperator op = RadonOperator.scikitImage(n,
				RadonOperator.anglesWithoutEnd(20, 180), 0);
		INDArray truth = SheppLogan.image(n, n);
		INDArray y = Nd4j.create(DataType.FLOAT, op.outputSize(), 1);
		op.apply(truth, y);
		for (boolean nonNegative : new boolean[]{false, true}) {
			Sirt.Result r = Sirt.reconstruct(op, y, 40, nonNegative, null);
			for (int k = 1; k < r.residual().length; k++) {
				assertTrue(
						r.weightedResidual()[k] <= r.weightedResidual()[k - 1]
								* (1 + 1e-6),
						"weighted, iteration " + k);
				assertTrue(r.residual()[k] <= r.residual()[k - 1] * (1 + 1e-6),
						"plain, iteration " + k + ": " + r.residual()[k] + " > "
								+ r.residual()[k - 1]);
			}
			assertTrue(r.residual()[40] < 0.2 * r.residual()[0]);
			if (nonNegative)
				assertTrue(r.image().minNumber().doubleValue() >= 0);
		}
	}

	/**
	 * Noisy data also: the clamp keeps it non-negative, the weighted residual
	 * still falls every step.
	 */
	@Test
	void noisyDataStillDescends() {
		int n = 40;
		RadonOperator op = RadonOperator.scikitImage(n,
				RadonOperator.anglesWithoutEnd(15, 180), 0);
		INDArray truth = SheppLogan.image(n, n);
		INDArray y = Nd4j.create(DataType.FLOAT, op.outputSize(), 1);
		op.apply(truth, y);
		Nd4j.getRandom().setSeed(7);
		y.addi(Nd4j.randn(DataType.FLOAT, y.shape()).muli(0.5));
		Sirt.Result r = Sirt.reconstruct(op, y, 30, true, null);
		for (int k = 1; k < r.weightedResidual().length; k++)
			assertTrue(r.weightedResidual()[k] <= r.weightedResidual()[k - 1]
					* (1 + 1e-6));
		assertTrue(r.image().minNumber().doubleValue() >= 0);
	}
}
