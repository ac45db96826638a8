package io.github.reluinr.nn;

/** Plain ReLU, the paper's failing baseline. */
public final class Relu extends PiecewiseLinearActivation {

	public Relu() {
		super("relu", 1.0, new double[]{0}, new double[]{1});
	}
}
