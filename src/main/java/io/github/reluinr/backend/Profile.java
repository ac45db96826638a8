package io.github.reluinr.backend;

import java.util.Locale;

/**
 * Where an epoch's time goes, for the benchmark: nanoseconds per phase summed
 * over a run, on only with -Dreluinr.profile=true (off, each call is one branch
 * on a constant).
 */
public final class Profile {

	public static final boolean ON = Boolean.getBoolean("reluinr.profile");

	public enum Phase {
		FORWARD_PRODUCTS, ACTIVATION_FORWARD, OUTPUT_PRODUCTS, OUTPUT_BIAS, BACKWARD_PRODUCTS, ACTIVATION_BACKWARD, GRADIENT_SUM, OPTIMISER,
		/**
		 * The whole epoch; what the named phases leave is printed as "rest"
		 * (operator, residual, copies).
		 */
		EPOCH
	}

	private static final long[] NANOS = new long[Phase.values().length];

	private Profile() {
	}

	public static long start() {
		return ON ? System.nanoTime() : 0;
	}

	public static void add(Phase phase, long started) {
		if (ON) NANOS[phase.ordinal()] += System.nanoTime() - started;
	}

	public static void reset() {
		java.util.Arrays.fill(NANOS, 0);
	}

	/** Seconds per epoch of each phase, one line. */
	public static String describe(int epochs) {
		StringBuilder s = new StringBuilder("profile (s per epoch):");
		long named = 0;
		for (Phase p : Phase.values()) {
			if (p != Phase.EPOCH) named += NANOS[p.ordinal()];
			s.append(String.format(Locale.ROOT, " %s=%.4f",
					p.name().toLowerCase(Locale.ROOT),
					NANOS[p.ordinal()] / 1e9 / epochs));
		}
		s.append(String.format(Locale.ROOT, " rest=%.4f",
				(NANOS[Phase.EPOCH.ordinal()] - named) / 1e9 / epochs));
		return s.toString();
	}
}
