package io.github.reluinr.train;

import io.github.reluinr.nn.Activations;

/**
 * Each method's settings per task, from the paper's Appendix D (fit D.1,
 * super-resolution D.2, CT D.3):
 * 
 * <pre>
 *   method    setting            fit      super-res   CT
 *   bw-relu   c                  9        3           3
 *             lr                 4e-3     3e-3        2e-3
 *   siren     omega0             50       12          25
 *             lr                 2e-3     2e-3        1e-3
 *   wire      omega0             20       8           7
 *             sigma0             10       6           10
 *             lr                 1e-3     3e-3        5e-3
 *   relu-pe   lr                 4e-3     4e-3        3e-3
 *   relu      lr                 as relu-pe (the paper gives plain ReLU no settings of its own)
 *   gauss     sigma0             10       10          10   (the WIRE code's default scale)
 *             lr                 as siren (the paper does not run it; WIRE's code pairs it with SIREN's range)
 * </pre>
 * 
 * Epochs, decay, width and depth are the task's ({@link TrainingConfig#fit()},
 * {@link TrainingConfig#superResolution()}, {@link TrainingConfig#ct()}): the
 * paper uses the same architecture and schedule for every method of a task.
 */
public final class MethodDefaults {

	public enum Task {

		FIT, SUPER_RESOLUTION, CT;

		/**
		 * The task's base configuration (schedule, epochs, architecture,
		 * BW-ReLU's settings).
		 */
		public TrainingConfig base() {
			switch (this) {
				case FIT :
					return TrainingConfig.fit();
				case SUPER_RESOLUTION :
					return TrainingConfig.superResolution();
				default :
					return TrainingConfig.ct();
			}
		}
	}

	/**
	 * One method's settings for one task; null where the method has no such
	 * setting.
	 */
	public record Settings(double lr, Double c, Double omega0, Double sigma0) {
	}

	private MethodDefaults() {
	}

	private static double pick(Task task, double fit, double superRes,
			double ct)
	{
		switch (task) {
			case FIT :
				return fit;
			case SUPER_RESOLUTION :
				return superRes;
			default :
				return ct;
		}
	}

	public static Settings of(String method, Task task) {
		switch (Activations.check(method)) {
			case "bw-relu" :
				return new Settings(pick(task, 4e-3, 3e-3, 2e-3),
						pick(task, 9, 3, 3), null, null);
			case "siren" :
				return new Settings(pick(task, 2e-3, 2e-3, 1e-3), null,
						pick(task, 50, 12, 25), null);
			case "wire" :
				return new Settings(pick(task, 1e-3, 3e-3, 5e-3), null,
						pick(task, 20, 8, 7), pick(task, 10, 6, 10));
			case "relu-pe" :
			case "relu" :
				return new Settings(pick(task, 4e-3, 4e-3, 3e-3), null, null,
						null);
			case "gauss" :
				return new Settings(pick(task, 2e-3, 2e-3, 1e-3), null, null,
						10.0);
			default :
				throw new AssertionError(method);
		}
	}

	/**
	 * A copy of config with the method selected and its settings for the task
	 * applied (learning rate, and c, omega0, sigma0 where the method has them);
	 * everything else is left as config has it.
	 */
	public static TrainingConfig apply(TrainingConfig config, String method,
			Task task)
	{
		Settings s = of(method, task);
		TrainingConfig out = config.copy().activation(method).lr(s.lr());
		if (s.c() != null) out.c(s.c());
		if (s.omega0() != null) out.omega0(s.omega0());
		if (s.sigma0() != null) out.sigma0(s.sigma0());
		return out;
	}

	/** The task's base configuration with the method's settings applied. */
	public static TrainingConfig forTask(String method, Task task) {
		return apply(task.base(), method, task);
	}
}
