package io.github.reluinr.train;

/** Called after every epoch, on the training thread. */
@FunctionalInterface
public interface TrainingListener {

	/**
	 * @param epoch
	 *            1-based epoch just finished
	 * @param epochs
	 *            total epochs planned
	 * @param loss
	 *            training loss (mean squared error of A f - y) of this epoch's
	 *            output
	 * @param psnr
	 *            PSNR of this epoch's output against the reference image in
	 *            normalised units, NaN if there is no reference
	 * @param seconds
	 *            wall time since training started
	 */
	void epochDone(int epoch, int epochs, double loss, double psnr,
			double seconds);

	/**
	 * Called once before the first epoch with how the epoch is laid out in
	 * memory (tiles, recomputation), for the log.
	 */
	default void planned(Trainer.Plan plan) {
	}

	/** A line for the log about a step after training (e.g. a correction). */
	default void note(String line) {
	}
}
