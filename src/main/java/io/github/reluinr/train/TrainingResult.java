package io.github.reluinr.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a training run returns: the network output [N, C] of the epoch with the
 * lowest training loss (never chosen by a ground truth), in the normalised
 * units it was trained in.
 *
 * @param output
 *            best output, [N, C]
 * @param bestLoss
 *            training loss of that output
 * @param bestEpoch
 *            1-based epoch of that output
 * @param finalLoss
 *            training loss of the last epoch run
 * @param epochsRun
 *            epochs actually run
 * @param seconds
 *            wall time of the training loop
 * @param stopReason
 *            why the loop ended
 */
public record TrainingResult(INDArray output, double bestLoss, int bestEpoch,
		double finalLoss, int epochsRun, double seconds,
		StopReason stopReason) {

	/** True unless every planned epoch ran. */
	public boolean stoppedEarly() {
		return stopReason.early();
	}
}
