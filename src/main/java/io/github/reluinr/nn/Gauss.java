package io.github.reluinr.nn;

import io.github.reluinr.backend.Kernels;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Gaussian activation of the WIRE comparison (Ramasinghe and Lucey 2022):
 * sigma(z) = exp(-(s z)^2) with s = sigma0 (10 in the WIRE code), on z = xW +
 * b, with PyTorch's default initialisation.
 *
 * <p>
 * Both forms round s * z to float first; sigma'(z) = -2 s (s z) sigma(z).
 */
public final class Gauss implements Activation {

	private final double sigma0;

	public Gauss(double sigma0) {
		if (!(sigma0 > 0) || Double.isInfinite(sigma0))
			throw new IllegalArgumentException(
					"sigma0 must be positive and finite, got " + sigma0);
		this.sigma0 = sigma0;
	}

	@Override
	public String name() {
		return "gauss";
	}

	public double sigma0() {
		return sigma0;
	}

	@Override
	public double value(double z) {
		double u = sigma0 * z;
		return Math.exp(-u * u);
	}

	@Override
	public double derivative(double z) {
		double u = sigma0 * z;
		return -2 * sigma0 * u * Math.exp(-u * u);
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

	/** ND4J-operation form: z += b, a = exp(-(s z)^2). */
	public void forwardNd4j(INDArray z, INDArray bias, INDArray a) {
		z.addiRowVector(bias.reshape(1, bias.length()));
		a.assign(z).muli(sigma0);
		a.muli(a).negi();
		Transforms.exp(a, false);
	}

	/**
	 * ND4J-operation form: grad *= -2 s u exp(-u^2) with u = s z, biasGrad =
	 * column sums.
	 */
	public void backwardNd4j(INDArray z, INDArray grad, INDArray biasGrad) {
		INDArray u = z.mul(sigma0);
		INDArray e = u.mul(u).negi();
		Transforms.exp(e, false);
		grad.muli(e.muli(u).muli(-2 * sigma0));
		biasGrad.assign(grad.sum(0).reshape(biasGrad.shape()));
	}

	/** Fused Java form: bias add and Gaussian in one pass. */
	public void forwardJava(INDArray z, INDArray bias, INDArray a) {
		final int cols = (int) z.size(1);
		final FloatBuffer zb = DirectBuffers.floats(z);
		final FloatBuffer ab = DirectBuffers.floats(a);
		final float[] b = bias.toFloatVector();
		final float s = (float) sigma0;
		RowBlocks.run(z.size(0), (block, from, to) -> {
			for (long r = from; r < to; r++) {
				int base = (int) (r * cols);
				for (int j = 0; j < cols; j++) {
					int i = base + j;
					float zi = zb.get(i) + b[j];
					zb.put(i, zi);
					float u = s * zi;
					ab.put(i, (float) Math.exp(-(u * u)));
				}
			}
		});
	}

	/** Fused Java form: grad *= sigma'(z) and the bias gradient in one pass. */
	public void backwardJava(INDArray z, INDArray grad, INDArray biasGrad) {
		final int cols = (int) z.size(1);
		final FloatBuffer zb = DirectBuffers.floats(z);
		final FloatBuffer gb = DirectBuffers.floats(grad);
		final float s = (float) sigma0;
		final float m2s = (float) (-2 * sigma0);
		final double[][] partial = ColumnSums.partials(cols);
		RowBlocks.run(z.size(0), (block, from, to) -> {
			double[] p = partial[block];
			for (long r = from; r < to; r++) {
				int base = (int) (r * cols);
				for (int j = 0; j < cols; j++) {
					int i = base + j;
					float u = s * zb.get(i);
					float e = (float) Math.exp(-(u * u));
					float g = gb.get(i) * (e * u * m2s);
					gb.put(i, g);
					p[j] += g;
				}
			}
		});
		ColumnSums.store(partial, biasGrad);
	}
}
