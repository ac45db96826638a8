package io.github.reluinr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.image.CoordinateGrid;
import io.github.reluinr.nn.BwRelu;
import io.github.reluinr.nn.Mlp;
import io.github.reluinr.op.IdentityOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Each way a training run ends is told apart: epochs, target loss, cancel,
 * divergence, time budget.
 */
class StopReasonTest {

	private static TrainingResult train(TrainingConfig cfg, INDArray y,
			java.util.function.BooleanSupplier cancel)
	{
		INDArray coords = CoordinateGrid.grid(8, 8);
		Mlp net = new Mlp(2, 16, 2, 1, new BwRelu(cfg.c()), 0);
		return new Trainer(cfg).train(net, coords, new IdentityOperator(8, 8),
				y, null, null, cancel);
	}

	private static INDArray ramp() {
		return Nd4j.linspace(0, 1, 64, DataType.FLOAT).reshape(64, 1);
	}

	@Test
	void everyEpochRun() {
		TrainingResult r = train(TrainingConfig.fit().epochs(3), ramp(), null);
		assertEquals(StopReason.EPOCHS, r.stopReason());
		assertEquals(3, r.epochsRun());
		assertFalse(r.stoppedEarly());
	}

	@Test
	void targetLossBeforeTheLastEpoch() {
		TrainingResult r = train(
				TrainingConfig.fit().epochs(50).targetLoss(1e9), ramp(), null);
		assertEquals(StopReason.TARGET_LOSS, r.stopReason());
		assertEquals(1, r.epochsRun());
		assertTrue(r.stoppedEarly());
	}

	@Test
	void cancelledBeforeTheFirstEpoch() {
		TrainingResult r = train(TrainingConfig.fit().epochs(5), ramp(),
				() -> true);
		assertEquals(StopReason.CANCELLED, r.stopReason());
		assertEquals(0, r.epochsRun());
	}

	@Test
	void nanMeasurementsDiverge() {
		INDArray y = ramp();
		y.putScalar(3, 0, Float.NaN);
		TrainingResult r = train(TrainingConfig.fit().epochs(5), y, null);
		assertEquals(StopReason.DIVERGED, r.stopReason());
		assertEquals(1, r.epochsRun());
	}

	@Test
	void aZeroTimeBudgetStopsAfterOneEpoch() {
		TrainingResult r = train(TrainingConfig.fit().epochs(5).maxSeconds(0),
				ramp(), null);
		assertEquals(StopReason.TIME, r.stopReason());
		assertEquals(1, r.epochsRun());
		assertEquals("time", r.stopReason().csv());
	}
}
