package io.github.reluinr.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.nn.Activations;
import io.github.reluinr.op.IdentityOperator;
import io.github.reluinr.train.MethodDefaults;
import io.github.reluinr.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every method trains through the solver: the loss falls, the result has the
 * image's shape.
 */
class InrSolverMethodsTest {

	@Test
	void everyMethodBuildsItsNetworkAndLearns() {
		Image2D crop = TestImages.crop(TestImages.load("camera-256.png"), 16,
				24); // non-square: relu-pe uses side 24
		INDArray y = io.github.reluinr.image.Normalisation.of(crop.pixels())
				.normalise(crop.pixels())
				.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
		for (String method : Activations.NAMES) {
			TrainingConfig cfg = MethodDefaults
					.forTask(method, MethodDefaults.Task.FIT).width(16)
					.layers(2).epochs(40).seed(1);
			double[] first = new double[1];
			InrSolver.Solution s = InrSolver.solve(new IdentityOperator(16, 24),
					y, 16, 24, cfg, null,
					(epoch, epochs, loss, psnr, seconds) -> {
						if (epoch == 1) first[0] = loss;
					}, null);
			assertEquals(method, s.activation());
			assertEquals(40, s.training().epochsRun(), method);
			assertEquals(16L * 24, s.training().output().size(0), method);
			assertTrue(
					Double.isFinite(s.training().bestLoss())
							&& s.training().bestLoss() < first[0],
					method + ": loss " + first[0] + " -> "
							+ s.training().bestLoss());
			if (method.equals("bw-relu")) assertNotNull(s.variationNorm());
			else assertNull(s.variationNorm(), method);
		}
	}

	@Test
	void unknownMethodIsRejected() {
		TrainingConfig cfg = TrainingConfig.fit().activation("tanh").epochs(1);
		INDArray y = org.nd4j.linalg.factory.Nd4j
				.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 1);
		assertThrows(IllegalArgumentException.class,
				() -> InrSolver.solve(new IdentityOperator(2, 2), y, 2, 2, cfg,
						null, null, null));
	}
}
