package io.github.reluinr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** eta(t) = eta0 r^(min(t/T, 1)), the reference's LambdaLR. */
class CappedExponentialScheduleTest {

	@Test
	void decaysExponentiallyThenHolds() {
		CappedExponentialSchedule s = new CappedExponentialSchedule(4e-3, 0.1,
				1000);
		assertEquals(4e-3, s.valueAt(0, 0), 1e-15);
		assertEquals(4e-3 * Math.sqrt(0.1), s.valueAt(500, 0), 1e-15);
		assertEquals(4e-4, s.valueAt(1000, 0), 1e-15);
		assertEquals(4e-4, s.valueAt(5000, 0), 1e-15);
	}

	@Test
	void ctDefaultDecaysOverHalfTheEpochs() {
		TrainingConfig ct = TrainingConfig.ct();
		assertEquals(5000, ct.decayHorizon());
		assertEquals(2e-4, ct.schedule().valueAt(5000, 0), 1e-15);
		assertEquals(2e-4, ct.schedule().valueAt(9999, 0), 1e-15);
		assertEquals(1000, TrainingConfig.fit().decayHorizon());
	}

	@Test
	void rejectsHorizonBelowOne() {
		assertThrows(IllegalArgumentException.class,
				() -> new CappedExponentialSchedule(1e-3, 0.1, 0.5));
	}
}
