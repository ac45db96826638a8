package io.github.reluinr.op;

import io.github.reluinr.backend.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An operator with both forms every hot path has: ND4J operations (what the
 * CUDA backend runs) and a Java kernel for the CPU; {@link Kernels} chooses per
 * call, and tests hold the two equal.
 */
public abstract class TwoFormOperator implements ForwardOperator {

	@Override
	public final void apply(INDArray image, INDArray out) {
		if (Kernels.java()) applyJava(image, out);
		else applyNd4j(image, out);
	}

	@Override
	public final void adjoint(INDArray measurements, INDArray out) {
		if (Kernels.java()) adjointJava(measurements, out);
		else adjointNd4j(measurements, out);
	}

	/** Checks apply's shapes ([inputSize, C] -> [outputSize, C]); returns C. */
	protected final long checkApply(INDArray image, INDArray out) {
		long c = image.size(1);
		DirectFloats.checkShape("image", image, inputSize(), c);
		DirectFloats.checkShape("out", out, outputSize(), c);
		return c;
	}

	/**
	 * Checks adjoint's shapes ([outputSize, C] -> [inputSize, C]); returns C.
	 */
	protected final long checkAdjoint(INDArray measurements, INDArray out) {
		long c = measurements.size(1);
		DirectFloats.checkShape("measurements", measurements, outputSize(), c);
		DirectFloats.checkShape("out", out, inputSize(), c);
		return c;
	}

	public abstract void applyJava(INDArray image, INDArray out);

	public abstract void adjointJava(INDArray measurements, INDArray out);

	public abstract void applyNd4j(INDArray image, INDArray out);

	public abstract void adjointNd4j(INDArray measurements, INDArray out);
}
