package io.github.reluinr.train;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * eta(t) = eta0 * r^(min(t / T, 1)): the reference's exponential decay, held at
 * eta0 * r after the decay horizon T (ND4J's ExponentialSchedule has no cap). t
 * counts optimiser steps from 0; one step per epoch with full batches.
 */
public final class CappedExponentialSchedule implements ISchedule {

	private static final long serialVersionUID = 1L;
	private final double initial;
	private final double decay;
	private final double horizon;

	public CappedExponentialSchedule(double initial, double decay,
			double horizon)
	{
		if (!(horizon >= 1))
			throw new IllegalArgumentException(
					"decay horizon must be at least 1, got " + horizon);
		this.initial = initial;
		this.decay = decay;
		this.horizon = horizon;
	}

	@Override
	public double valueAt(int iteration, int epoch) {
		return initial * Math.pow(decay, Math.min(iteration / horizon, 1.0));
	}

	@Override
	public ISchedule clone() {
		return new CappedExponentialSchedule(initial, decay, horizon);
	}
}
