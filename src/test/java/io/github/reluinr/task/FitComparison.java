package io.github.reluinr.task;

import io.github.reluinr.train.MethodDefaults;
import io.github.reluinr.train.TrainingConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * The paper's fit comparison at test size, run once per JVM and shared by the
 * tests that read it: 64x64 centre crop of camera-256, 3x64, 300 epochs, seed
 * 0, each method with its own fit settings (Appendix D.1; plain ReLU with
 * ReLU+PE's learning rate). Runs are deterministic, so sharing them only saves
 * time.
 */
final class FitComparison {

	static final Image2D CROP = TestImages
			.crop(TestImages.load("camera-256.png"), 64, 64);
	private static final Map<String, MetricsRow> RUNS = new HashMap<>();

	private FitComparison() {
	}

	static TrainingConfig config(String method) {
		return MethodDefaults.forTask(method, MethodDefaults.Task.FIT).width(64)
				.layers(3).epochs(300).seed(0);
	}

	static synchronized MetricsRow run(String method) {
		return RUNS.computeIfAbsent(method,
				m -> FitTask.run(CROP, config(m), null, null).metrics().get(0));
	}

	static double psnr(String method) {
		return run(method).psnrDb();
	}
}
