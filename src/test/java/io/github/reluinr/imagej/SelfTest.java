package io.github.reluinr.imagej;

import io.github.reluinr.backend.Nd4jStartup;
import io.github.reluinr.task.FitTask;
import io.github.reluinr.task.Image2D;
import io.github.reluinr.train.TrainingConfig;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A few-second check that ND4J starts from the plugin's class loader and
 * trains: backend and loss.
 */
public final class SelfTest {

	private SelfTest() {
	}

	/** Fits a 16x16 ramp for 200 epochs; returns "backend=... loss=...". */
	public static String run() {
		String backend = Nd4jStartup.start();
		float[] v = new float[256];
		for (int i = 0; i < v.length; i++)
			v[i] = (i % 16) + 2 * (i / 16);
		Image2D ramp = new Image2D(Nd4j.create(v, new long[]{256, 1}, 'c'), 16,
				16);
		double loss = FitTask
				.run(ramp,
						TrainingConfig.fit().width(32).layers(2).epochs(200)
								.c(2).lr(1e-2),
						null, null)
				.metrics().get(0).finalLoss();
		return String.format(Locale.ROOT, "backend=%s loss=%.6f", backend,
				loss);
	}
}
