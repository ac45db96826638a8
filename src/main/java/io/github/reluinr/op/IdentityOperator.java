package io.github.reluinr.op;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A = I: signal fitting. */
public final class IdentityOperator implements ForwardOperator {

	private final int height;
	private final int width;

	public IdentityOperator(int height, int width) {
		this.height = height;
		this.width = width;
	}

	@Override
	public long inputSize() {
		return (long) height * width;
	}
	@Override
	public long outputSize() {
		return (long) height * width;
	}
	@Override
	public long[] outputShape() {
		return new long[]{height, width};
	}
	@Override
	public void apply(INDArray image, INDArray out) {
		out.assign(image);
	}
	@Override
	public void adjoint(INDArray measurements, INDArray out) {
		out.assign(measurements);
	}
	@Override
	public String name() {
		return "identity";
	}
	@Override
	public boolean tileLocal() {
		return true;
	}
	@Override
	public long tileQuantum() {
		return 1;
	}
	@Override
	public long tileOutputRow(long from) {
		return from;
	}

	@Override
	public ForwardOperator tile(long from, long to) {
		if (from < 0 || to > inputSize() || to <= from)
			throw new IllegalArgumentException("tile [" + from + ", " + to
					+ ") outside [0, " + inputSize() + ")");
		return new IdentityOperator(1, Math.toIntExact(to - from));
	}
}
