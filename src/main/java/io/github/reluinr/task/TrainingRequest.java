package io.github.reluinr.task;

/**
 * The training settings a user gave, before the task's defaults fill in the
 * rest: 0 (and a null or empty activation) means "not given", never a value.
 * {@link TaskDescription#config(TrainingRequest)} resolves it, in that one
 * place: each setting not given takes the task's default for the chosen method
 * (Appendix D), and a given one is kept whatever its value, even one equal to
 * some default.
 *
 * @param decayHorizon
 *            epochs over which the learning rate decays; 0: the task's rule for
 *            the epochs
 * @param seed
 *            always given (0 is a seed)
 * @param maxMinutes
 *            time budget; 0: none
 * @param quick
 *            when epochs is not given: a tenth of the task's epochs (a first
 *            look), not all of them
 */
public record TrainingRequest(int epochs, int width, int layers, double c,
		double lr, double lrDecay, int decayHorizon, String activation,
		double omega0, double sigma0, long seed, double maxMinutes,
		boolean quick) {

	/** Nothing given: the task's defaults for BW-ReLU, seed 0. */
	public static TrainingRequest defaults() {
		return new TrainingRequest(0, 0, 0, 0, 0, 0, 0, null, 0, 0, 0, 0,
				false);
	}

	/** The method, bw-relu when not given. */
	public String method() {
		return activation == null || activation.isEmpty()
				? "bw-relu"
				: activation;
	}
}
