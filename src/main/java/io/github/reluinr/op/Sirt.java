package io.github.reluinr.op;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * SIRT (simultaneous iterative reconstruction technique, Gilbert 1972; the form
 * of ASTRA's SIRT):
 * 
 * <pre>
 *   x_{k+1} = P( x_k + C A^T R (y - A x_k) ),   R = 1 / (A 1),  C = 1 / (A^T 1),
 * </pre>
 * 
 * with zeros where a row or column sum is 0, P the clamp to x >= 0
 * (non-negativity, optional) and to the support (optional; pixels outside stay
 * 0). It is projected gradient descent on ||A x - y||^2_R in the metric C^-1
 * with a step inside the stable range, so the R-weighted residual does not
 * increase. Runs with any {@link ForwardOperator}'s apply and adjoint. Starts
 * from x = 0.
 */
public final class Sirt {

	private Sirt() {
	}

	/**
	 * @param image
	 *            the reconstruction [inputSize, C]
	 * @param residual
	 *            ||A x_k - y|| for k = 0..iterations (x_0 = 0)
	 * @param weightedResidual
	 *            ||A x_k - y||_R, the quantity SIRT descends
	 */
	public record Result(INDArray image, double[] residual,
			double[] weightedResidual) {
	}

	/**
	 * @param support
	 *            1 where the image may be non-zero, 0 elsewhere ([inputSize,
	 *            1]); null: everywhere
	 */
	public static Result reconstruct(ForwardOperator op, INDArray y,
			int iterations, boolean nonNegative, INDArray support)
	{
		if (iterations < 0)
			throw new IllegalArgumentException("iterations must be >= 0");
		long c = y.size(1);
		INDArray measurements = y.castTo(DataType.FLOAT);
		INDArray ones = Nd4j.ones(DataType.FLOAT, op.inputSize(), 1);
		if (support != null) ones.muli(support.castTo(DataType.FLOAT));
		INDArray rowSums = Nd4j.create(DataType.FLOAT, op.outputSize(), 1);
		op.apply(ones, rowSums);
		INDArray r = inverse(rowSums);
		INDArray oneMeasurements = Nd4j.ones(DataType.FLOAT, op.outputSize(),
				1);
		INDArray columnSums = Nd4j.create(DataType.FLOAT, op.inputSize(), 1);
		op.adjoint(oneMeasurements, columnSums);
		INDArray col = inverse(columnSums);
		if (support != null) col.muli(support.castTo(DataType.FLOAT));

		INDArray x = Nd4j.zeros(DataType.FLOAT, op.inputSize(), c);
		INDArray ax = Nd4j.create(DataType.FLOAT, op.outputSize(), c);
		INDArray back = Nd4j.create(DataType.FLOAT, op.inputSize(), c);
		double[] residual = new double[iterations + 1];
		double[] weighted = new double[iterations + 1];
		for (int k = 0;; k++) {
			op.apply(x, ax);
			INDArray diff = measurements.sub(ax);
			residual[k] = diff.norm2Number().doubleValue();
			INDArray rDiff = diff.muliColumnVector(r);
			// ||d||_R^2 = sum r d^2 = sum (r d) d
			weighted[k] = Math.sqrt(
					rDiff.mul(measurements.sub(ax)).sumNumber().doubleValue());
			if (k == iterations) break;
			op.adjoint(rDiff, back);
			x.addi(back.muliColumnVector(col));
			if (nonNegative) Transforms.relu(x, false);
		}
		return new Result(x, residual, weighted);
	}

	private static INDArray inverse(INDArray sums) {
		float[] v = sums.dup('c').data().asFloat();
		for (int i = 0; i < v.length; i++)
			v[i] = v[i] > 1e-6f ? 1f / v[i] : 0f;
		return Nd4j.createFromArray(v).reshape(v.length, 1);
	}
}
