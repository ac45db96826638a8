package io.github.reluinr.op;

import io.github.reluinr.backend.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Radon transform followed by K, the square root of the ramp filter along
 * each projection: training on ||K A f - K y||^2 minimises the ramp-weighted
 * residual (A f - y)^T F (A f - y), F = K^2.
 *
 * <p>
 * Why: the plain data term's gradient A^T (A f - y) is the residual image
 * blurred by A^T A, whose response falls as 1/|frequency|, so fine detail
 * reaches the network hundreds of times more weakly than coarse shape and
 * sparse-view training crawls (the conditioning SIRT and FBP's filter address).
 * With F the gradient A^T F (A f - y) is the error image itself on what the
 * views measure, as in a fit. The minimisers are those of the plain term where
 * the sinogram is consistent.
 *
 * <p>
 * K is symmetric: the projection is zero-padded to scikit-image's length P (at
 * least 2W), multiplied circularly by the real even kernel whose Fourier
 * response is sqrt(ramp), and cropped back; so K is its own adjoint and the
 * adjoint of the whole is A^T K. Two forms, as every hot path: a Java
 * convolution (CPU, double sums) and a product with the W x W matrix of K
 * (ND4J, what the CUDA backend runs).
 */
public final class RampWeightedOperator implements ForwardOperator {

	private final RadonOperator radon;
	private final int width;
	private final double[] kernel; // the periodic spatial kernel of K, length P (even: k[m] = k[P - m])
	private INDArray scratch; // A f, or K r, reused across calls
	private INDArray matrix; // K as a W x W float matrix, made on the ND4J form's first call

	public RampWeightedOperator(RadonOperator radon) {
		this.radon = radon;
		this.width = radon.width();
		this.kernel = sqrtRampKernel(
				FilteredBackProjection.paddedLength(width));
	}

	/** The spatial kernel of sqrt(ramp): Re(IFFT(sqrt(max(ramp, 0)))). */
	static double[] sqrtRampKernel(int size) {
		double[] root = FilteredBackProjection.fourierFilter(size, "ramp");
		for (int j = 0; j < size; j++)
			root[j] = Math.sqrt(Math.max(root[j], 0));
		return FilteredBackProjection.spatialKernel(root);
	}

	/** K y for measurements y [angles*W, C]: the target to train against. */
	public INDArray weigh(INDArray measurements) {
		return FilteredBackProjection.convolveViews(measurements, width,
				kernel);
	}

	/** out = K in, projection by projection. */
	private void filter(INDArray in, INDArray out) {
		if (Kernels.java()) {
			out.assign(weigh(in));
			return;
		}
		INDArray k = matrix();
		long views = in.size(0) / width;
		for (int ch = 0; ch < in.size(1); ch++) { // a channel's views as rows [views, W], times K
			INDArray v = in.getColumn(ch).dup('c').reshape('c', views, width);
			out.getColumn(ch).assign(v.mmul(k).reshape(views * width));
		}
	}

	private INDArray matrix() {
		if (matrix == null) {
			float[] m = new float[width * width];
			for (int t = 0; t < width; t++)
				for (int u = 0; u < width; u++)
					m[t * width + u] = (float) kernel[Math.abs(t - u)];
			try (var ignored = Nd4j.getWorkspaceManager()
					.scopeOutOfWorkspaces())
			{
				matrix = Nd4j.create(m, new long[]{width, width}, 'c');
			}
		}
		return matrix;
	}

	private INDArray scratch(INDArray like) {
		if (scratch == null || scratch.size(1) != like.size(1)) {
			try (var ignored = Nd4j.getWorkspaceManager()
					.scopeOutOfWorkspaces())
			{ // it lives across the trainer's per-epoch workspaces
				scratch = Nd4j.create(DataType.FLOAT, outputSize(),
						like.size(1));
			}
		}
		return scratch;
	}

	@Override
	public long inputSize() {
		return radon.inputSize();
	}

	@Override
	public long outputSize() {
		return radon.outputSize();
	}

	@Override
	public long[] outputShape() {
		return radon.outputShape();
	}

	@Override
	public synchronized void apply(INDArray image, INDArray out) {
		INDArray s = scratch(image);
		radon.apply(image, s);
		filter(s, out);
	}

	@Override
	public synchronized void adjoint(INDArray measurements, INDArray out) {
		INDArray s = scratch(measurements);
		filter(measurements, s);
		radon.adjoint(s, out);
	}

	@Override
	public String name() {
		return "ramp-weighted radon";
	}
}
