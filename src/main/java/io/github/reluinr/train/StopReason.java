package io.github.reluinr.train;

import java.util.Locale;

/**
 * Why a training run ended; its lower-case name is the metrics'
 * {@code stop_reason} cell.
 */
public enum StopReason {

	/** Every planned epoch ran. */
	EPOCHS,
	/** The training loss reached the target loss. */
	TARGET_LOSS,
	/** The user stopped it (Esc, Ctrl-C, a cancelled module). */
	CANCELLED,
	/**
	 * The loss became NaN or infinite; the best finite result so far is kept.
	 */
	DIVERGED,
	/** The time budget ran out. */
	TIME;

	/**
	 * The CSV form: {@code epochs}, {@code target_loss}, {@code cancelled},
	 * {@code diverged}, {@code time}.
	 */
	public String csv() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * True unless every planned epoch ran (the metrics' {@code stopped_early}).
	 */
	public boolean early() {
		return this != EPOCHS;
	}
}
