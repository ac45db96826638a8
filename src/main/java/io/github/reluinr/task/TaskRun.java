package io.github.reluinr.task;

import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A task bound to its input, run once per configuration: what select-c (one run
 * per c) and the comparison (one run per method) repeat. The result's first
 * image and first row are the network's.
 */
@FunctionalInterface
public interface TaskRun {

	TaskResult run(TrainingConfig config, TrainingListener listener,
			BooleanSupplier cancelled);

	/**
	 * Fitting: PSNR/SSIM against groundTruth when not null, else against the
	 * input.
	 */
	static TaskRun fit(Image2D input, Image2D groundTruth) {
		if (groundTruth != null && (groundTruth.height() != input.height()
				|| groundTruth.width() != input.width()
				|| groundTruth.channels() != input.channels()))
		{
			throw new IllegalArgumentException("the ground truth must be "
					+ input.width() + "x" + input.height() + " with "
					+ input.channels() + " channel(s)");
		}
		return (cfg, l, stop) -> {
			TaskResult r = FitTask.run(input, cfg, l, stop);
			if (groundTruth == null) return r;
			MetricsRow row = r.metrics().get(0);
			Image2D est = r.main();
			return new TaskResult(r.images(),
					List.of(row.withScores(Reports.psnr(groundTruth, est),
							Reports.ssim(groundTruth, est))));
		};
	}
}
