package io.github.reluinr.nn;

import io.github.reluinr.backend.Kernels;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * SIREN (Sitzmann et al. 2020): sigma(z) = sin(omega0 z) on z = xW + b, with
 * the same omega0 in every layer (the comparison sets first and hidden omega0
 * equal).
 *
 * <p>
 * Initialisation as in the SIREN reference: the first layer's weights ~ U(-1/n,
 * 1/n), every later layer's, the final linear layer included, ~
 * U(-sqrt(6/n)/omega0, sqrt(6/n)/omega0), n = fan-in; biases keep PyTorch's
 * default U(-1/sqrt(n), 1/sqrt(n)).
 *
 * <p>
 * Both forms round omega0 * z to float first and then take the sine, so they
 * differ by the sine's last-bit rounding only.
 */
public final class Siren implements Activation {

	private final double omega0;

	public Siren(double omega0) {
		if (!(omega0 > 0) || Double.isInfinite(omega0))
			throw new IllegalArgumentException(
					"omega0 must be positive and finite, got " + omega0);
		this.omega0 = omega0;
	}

	@Override
	public String name() {
		return "siren";
	}

	public double omega0() {
		return omega0;
	}

	@Override
	public double value(double z) {
		return Math.sin(omega0 * z);
	}

	@Override
	public double derivative(double z) {
		return omega0 * Math.cos(omega0 * z);
	}

	@Override
	public double weightBound(int layer, int fanIn) {
		return layer == 0 ? 1.0 / fanIn : Math.sqrt(6.0 / fanIn) / omega0;
	}

	@Override
	public void forward(INDArray z, INDArray bias, INDArray a) {
		if (Kernels.java()) forwardJava(z, bias, a);
		else forwardNd4j(z, bias, a);
	}

	@Override
	public void backward(INDArray z, INDArray grad, INDArray biasGrad) {
		if (Kernels.java()) backwardJava(z, grad, biasGrad);
		else backwardNd4j(z, grad, biasGrad);
	}

	/** ND4J-operation form: z += b, a = sin(omega0 z). */
	public void forwardNd4j(INDArray z, INDArray bias, INDArray a) {
		z.addiRowVector(bias.reshape(1, bias.length()));
		a.assign(z).muli(omega0);
		Transforms.sin(a, false);
	}

	/**
	 * ND4J-operation form: grad *= omega0 cos(omega0 z), biasGrad = column
	 * sums.
	 */
	public void backwardNd4j(INDArray z, INDArray grad, INDArray biasGrad) {
		INDArray slope = z.mul(omega0);
		Transforms.cos(slope, false);
		grad.muli(slope.muli(omega0));
		biasGrad.assign(grad.sum(0).reshape(biasGrad.shape()));
	}

	/** Fused Java form: bias add and sine in one pass. */
	public void forwardJava(INDArray z, INDArray bias, INDArray a) {
		final int cols = (int) z.size(1);
		final FloatBuffer zb = DirectBuffers.floats(z);
		final FloatBuffer ab = DirectBuffers.floats(a);
		final float[] b = bias.toFloatVector();
		final float w = (float) omega0;
		RowBlocks.run(z.size(0), (block, from, to) -> {
			for (long r = from; r < to; r++) {
				int base = (int) (r * cols);
				for (int j = 0; j < cols; j++) {
					int i = base + j;
					float zi = zb.get(i) + b[j];
					zb.put(i, zi);
					ab.put(i, (float) Math.sin(w * zi));
				}
			}
		});
	}

	/**
	 * Fused Java form: grad *= omega0 cos(omega0 z) and the bias gradient in
	 * one pass.
	 */
	public void backwardJava(INDArray z, INDArray grad, INDArray biasGrad) {
		final int cols = (int) z.size(1);
		final FloatBuffer zb = DirectBuffers.floats(z);
		final FloatBuffer gb = DirectBuffers.floats(grad);
		final float w = (float) omega0;
		final double[][] partial = ColumnSums.partials(cols);
		RowBlocks.run(z.size(0), (block, from, to) -> {
			double[] p = partial[block];
			for (long r = from; r < to; r++) {
				int base = (int) (r * cols);
				for (int j = 0; j < cols; j++) {
					int i = base + j;
					float slope = w * (float) Math.cos(w * zb.get(i));
					float g = gb.get(i) * slope;
					gb.put(i, g);
					p[j] += g;
				}
			}
		});
		ColumnSums.store(partial, biasGrad);
	}
}
