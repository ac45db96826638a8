package io.github.reluinr.task;

import io.github.reluinr.backend.Backend;
import io.github.reluinr.metric.Psnr;
import io.github.reluinr.metric.Ssim;
import io.github.reluinr.train.TrainingConfig;

/**
 * Builds metrics rows, with PSNR and SSIM always in the ground truth's own
 * units.
 */
public final class Reports {

	private Reports() {
	}

	/** PSNR with peak = max - min of the truth; null without truth. */
	public static Double psnr(Image2D truth, Image2D estimate) {
		if (truth == null) return null;
		return Psnr.compute(truth.pixels(), estimate.pixels());
	}

	/**
	 * SSIM as scikit-image computes it; null without truth or below its 11x11
	 * window.
	 */
	public static Double ssim(Image2D truth, Image2D estimate) {
		if (truth == null || truth.height() < 11 || truth.width() < 11)
			return null;
		return Ssim.compute(truth.pixels(), estimate.pixels(), truth.height(),
				truth.width());
	}

	public static MetricsRow networkRow(String task, InrSolver.Solution s,
			TrainingConfig config, Image2D truth, Image2D estimate)
	{
		boolean bw = "bw-relu".equals(s.activation());
		return new MetricsRow(task, s.activation(), bw ? config.c() : null,
				s.training().epochsRun(), s.training().seconds(),
				s.training().finalLoss(), psnr(truth, estimate),
				ssim(truth, estimate), s.variationNorm(), Backend.describe(),
				s.training().stopReason());
	}

	/** A classical baseline (fbp, bicubic): no network numbers. */
	public static MetricsRow baselineRow(String task, String method,
			double seconds, Image2D truth, Image2D estimate)
	{
		return new MetricsRow(task, method, null, null, seconds, null,
				psnr(truth, estimate), ssim(truth, estimate), null,
				Backend.describe(), null);
	}
}
