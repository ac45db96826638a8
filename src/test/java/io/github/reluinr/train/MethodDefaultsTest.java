package io.github.reluinr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.reluinr.nn.Activations;
import io.github.reluinr.train.MethodDefaults.Settings;
import io.github.reluinr.train.MethodDefaults.Task;
import org.junit.jupiter.api.Test;

/** Appendix D's per-method, per-task settings. */
class MethodDefaultsTest {

	static void assertSettings(Settings s, double lr, Double c, Double omega0,
			Double sigma0, String what)
	{
		assertEquals(lr, s.lr(), 0, what + " lr");
		assertEquals(c, s.c(), what + " c");
		assertEquals(omega0, s.omega0(), what + " omega0");
		assertEquals(sigma0, s.sigma0(), what + " sigma0");
	}

	@Test
	void appendixDTable() {
		Task[] tasks = {Task.FIT, Task.SUPER_RESOLUTION, Task.CT};
		double[] bwC = {9, 3, 3}, bwLr = {4e-3, 3e-3, 2e-3};
		double[] sirenW = {50, 12, 25}, sirenLr = {2e-3, 2e-3, 1e-3};
		double[] wireW = {20, 8, 7}, wireS = {10, 6, 10},
				wireLr = {1e-3, 3e-3, 5e-3};
		double[] peLr = {4e-3, 4e-3, 3e-3};
		for (int t = 0; t < 3; t++) {
			Task task = tasks[t];
			assertSettings(MethodDefaults.of("bw-relu", task), bwLr[t], bwC[t],
					null, null, "bw-relu " + task);
			assertSettings(MethodDefaults.of("siren", task), sirenLr[t], null,
					sirenW[t], null, "siren " + task);
			assertSettings(MethodDefaults.of("wire", task), wireLr[t], null,
					wireW[t], wireS[t], "wire " + task);
			assertSettings(MethodDefaults.of("relu-pe", task), peLr[t], null,
					null, null, "relu-pe " + task);
			assertSettings(MethodDefaults.of("relu", task), peLr[t], null, null,
					null, "relu " + task);
			assertSettings(MethodDefaults.of("gauss", task), sirenLr[t], null,
					null, 10.0, "gauss " + task);
		}
		for (String m : Activations.NAMES)
			MethodDefaults.of(m, Task.CT); // every registered method has a row
	}

	@Test
	void applyKeepsTheTasksScheduleAndArchitecture() {
		TrainingConfig sr = MethodDefaults.forTask("wire",
				Task.SUPER_RESOLUTION);
		assertEquals("wire", sr.activation());
		assertEquals(3e-3, sr.lr(), 0);
		assertEquals(8, sr.omega0(), 0);
		assertEquals(6, sr.sigma0(), 0);
		assertEquals(2000, sr.epochs());
		assertEquals(256, sr.width());
		assertEquals(0.2, sr.lrDecay(), 0);

		TrainingConfig ct = MethodDefaults.forTask("siren", Task.CT);
		assertEquals(25, ct.omega0(), 0);
		assertEquals(1e-3, ct.lr(), 0);
		assertEquals(5000, ct.decayHorizon());
		assertEquals(10000, ct.epochs());

		// apply copies: the input is unchanged, and settings the method lacks are left alone
		TrainingConfig mine = TrainingConfig.fit().epochs(300).width(64).c(6);
		TrainingConfig pe = MethodDefaults.apply(mine, "relu-pe", Task.FIT);
		assertEquals("bw-relu", mine.activation());
		assertEquals(300, pe.epochs());
		assertEquals(64, pe.width());
		assertEquals(6, pe.c(), 0);
		assertEquals(9, MethodDefaults.apply(mine, "bw-relu", Task.FIT).c(), 0);
	}

	@Test
	void rejectsUnknownMethods() {
		assertThrows(IllegalArgumentException.class,
				() -> MethodDefaults.of("tanh", Task.FIT));
		assertNull(MethodDefaults.of("relu", Task.FIT).c());
	}
}
