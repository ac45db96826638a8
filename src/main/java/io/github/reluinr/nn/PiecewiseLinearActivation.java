package io.github.reluinr.nn;

import io.github.reluinr.backend.Kernels;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * sigma(z) = sum_k coef_k * relu(c z - t_k): a continuous piecewise-linear
 * activation written as a combination of ReLUs with knots t_k on a uniform
 * grid. ReLU and BW-ReLU are both of this form.
 *
 * <p>
 * The ND4J form evaluates the ReLU sum literally (one op per knot, as the paper
 * writes it); the Java form evaluates the same function in one pass as a table
 * lookup on the segment, which is what makes an epoch cost little more than its
 * matrix products on the CPU. Derivatives follow relu'(0) = 0, so at a knot the
 * left slope is used in both forms.
 */
public abstract class PiecewiseLinearActivation implements Activation {

	private final String name;
	private final double c;
	private final double[] knots;
	private final double[] coefs;
	// Segment tables: segment s holds the u with knots[s-1] < u <= knots[s] (s = 0: u <= knots[0]).
	private final float firstKnot;
	private final float inverseSpacing;
	private final int knotCount;
	private final float[] segStart;
	private final float[] segValue;
	private final float[] segSlope;

	protected PiecewiseLinearActivation(String name, double c, double[] knots,
			double[] coefs)
	{
		if (!(c > 0) || Double.isInfinite(c))
			throw new IllegalArgumentException(
					"c must be positive and finite, got " + c);
		if (knots.length != coefs.length || knots.length == 0)
			throw new IllegalArgumentException("one coefficient per knot");
		this.name = name;
		this.c = c;
		this.knots = knots.clone();
		this.coefs = coefs.clone();
		int n = knots.length;
		double h = n > 1 ? knots[1] - knots[0] : 1.0;
		for (int k = 1; k < n; k++) {
			if (Math.abs(knots[k] - knots[0] - k * h) > 1e-12)
				throw new IllegalArgumentException(
						"knots must be uniformly spaced");
		}
		firstKnot = (float) knots[0];
		inverseSpacing = (float) (1.0 / h);
		knotCount = n;
		segStart = new float[n + 1];
		segValue = new float[n + 1];
		segSlope = new float[n + 1];
		double slope = 0;
		segStart[0] = (float) knots[0];
		for (int s = 1; s <= n; s++) {
			slope += coefs[s - 1];
			segStart[s] = (float) knots[s - 1];
			segValue[s] = (float) sumOfRelus(knots[s - 1]);
			segSlope[s] = (float) slope;
		}
	}

	@Override
	public String name() {
		return name;
	}

	/** The scale c applied to z before the ReLU sum. */
	public double scale() {
		return c;
	}

	private double sumOfRelus(double u) {
		double s = 0;
		for (int k = 0; k < knots.length; k++)
			s += coefs[k] * Math.max(0, u - knots[k]);
		return s;
	}

	@Override
	public double value(double z) {
		return sumOfRelus(c * z);
	}

	@Override
	public double derivative(double z) {
		double u = c * z;
		double s = 0;
		for (int k = 0; k < knots.length; k++)
			if (u > knots[k]) s += coefs[k];
		return c * s;
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

	/** ND4J-operation form: the literal ReLU sum. */
	public void forwardNd4j(INDArray z, INDArray bias, INDArray a) {
		z.addiRowVector(bias.reshape(1, bias.length()));
		INDArray u = z.mul(c);
		a.assign(0);
		for (int k = 0; k < knots.length; k++) {
			a.addi(Transforms.relu(u.sub(knots[k]), false).muli(coefs[k]));
		}
	}

	/** ND4J-operation form of the backward step. */
	public void backwardNd4j(INDArray z, INDArray grad, INDArray biasGrad) {
		INDArray u = z.mul(c);
		INDArray slope = u.like().assign(0);
		for (int k = 0; k < knots.length; k++) {
			slope.addi(
					Transforms.step(u.sub(knots[k]), false).muli(coefs[k] * c));
		}
		grad.muli(slope);
		biasGrad.assign(grad.sum(0).reshape(biasGrad.shape()));
	}

	/**
	 * Fused Java form: bias add and activation in one pass over z, on all
	 * cores.
	 */
	public void forwardJava(INDArray z, INDArray bias, INDArray a) {
		final int cols = (int) z.size(1);
		final FloatBuffer zb = DirectBuffers.floats(z);
		final FloatBuffer ab = DirectBuffers.floats(a);
		final float[] b = bias.toFloatVector();
		final float cf = (float) c;
		RowBlocks.run(z.size(0), (block, from, to) -> {
			for (long r = from; r < to; r++) {
				int base = (int) (r * cols);
				for (int j = 0; j < cols; j++) {
					int i = base + j;
					float zi = zb.get(i) + b[j];
					zb.put(i, zi);
					float u = cf * zi;
					int s = segment(u);
					ab.put(i, segValue[s] + segSlope[s] * (u - segStart[s]));
				}
			}
		});
	}

	/**
	 * Fused Java form: grad *= sigma'(z) and the bias gradient's column sums in
	 * one pass.
	 */
	public void backwardJava(INDArray z, INDArray grad, INDArray biasGrad) {
		final int cols = (int) z.size(1);
		final FloatBuffer zb = DirectBuffers.floats(z);
		final FloatBuffer gb = DirectBuffers.floats(grad);
		final float cf = (float) c;
		final float[] slopeC = slopesTimesScale();
		final double[][] partial = ColumnSums.partials(cols);
		RowBlocks.run(z.size(0), (block, from, to) -> {
			double[] p = partial[block];
			float[] zr = new float[cols];
			float[] gr = new float[cols];
			for (long r = from; r < to; r++) {
				int base = (int) (r * cols);
				zb.get(base, zr, 0, cols); // bulk copies: per-element direct-buffer access costs more than the arithmetic
				gb.get(base, gr, 0, cols);
				for (int j = 0; j < cols; j++) {
					float g = gr[j] * slopeC[segment(cf * zr[j])];
					gr[j] = g;
					p[j] += g;
				}
				gb.put(base, gr, 0, cols);
			}
		});
		ColumnSums.store(partial, biasGrad);
	}

	@Override
	public boolean recordsPieces() {
		return knotCount < Byte.MAX_VALUE;
	}

	/**
	 * {@link #forwardJava} that also stores each element's segment index (a
	 * byte) in {@code pieces}; z is only read.
	 */
	@Override
	public void forwardRecordingPieces(INDArray z, INDArray bias, INDArray a,
			INDArray pieces)
	{
		final int cols = (int) z.size(1);
		final FloatBuffer zb = DirectBuffers.floats(z);
		final FloatBuffer ab = DirectBuffers.floats(a);
		final java.nio.ByteBuffer pb = DirectBuffers.bytes(pieces);
		final float[] b = bias.toFloatVector();
		final float cf = (float) c;
		RowBlocks.run(z.size(0), (block, from, to) -> {
			float[] zr = new float[cols];
			float[] ar = new float[cols];
			byte[] sr = new byte[cols];
			for (long r = from; r < to; r++) {
				int base = (int) (r * cols);
				zb.get(base, zr, 0, cols);
				for (int j = 0; j < cols; j++) {
					float zi = zr[j] + b[j];
					zr[j] = zi;
					float u = cf * zi;
					int s = segment(u);
					sr[j] = (byte) s;
					ar[j] = segValue[s] + segSlope[s] * (u - segStart[s]);
				}
				ab.put(base, ar, 0, cols);
				pb.put(base, sr, 0, cols);
			}
		});
	}

	/**
	 * {@link #backwardJava} from recorded segments: grad *= c * slope[segment],
	 * bias gradient's column sums in the same pass. Reads one byte per element
	 * instead of z's four and does no segment search, which made the backward
	 * step about three times faster than {@link #backwardJava}.
	 */
	@Override
	public void backwardFromPieces(INDArray pieces, INDArray grad,
			INDArray biasGrad)
	{
		final int cols = (int) grad.size(1);
		final java.nio.ByteBuffer pb = DirectBuffers.bytes(pieces);
		final FloatBuffer gb = DirectBuffers.floats(grad);
		final float[] slopeC = slopesTimesScale();
		final double[][] partial = ColumnSums.partials(cols);
		RowBlocks.run(grad.size(0), (block, from, to) -> {
			double[] p = partial[block];
			byte[] sr = new byte[cols];
			float[] gr = new float[cols];
			for (long r = from; r < to; r++) {
				int base = (int) (r * cols);
				pb.get(base, sr, 0, cols);
				gb.get(base, gr, 0, cols);
				for (int j = 0; j < cols; j++) {
					float g = gr[j] * slopeC[sr[j]];
					gr[j] = g;
					p[j] += g;
				}
				gb.put(base, gr, 0, cols);
			}
		});
		ColumnSums.store(partial, biasGrad);
	}

	/** Each segment's slope times c, as the backward step multiplies by it. */
	protected float[] slopesTimesScale() {
		float[] slopeC = new float[segSlope.length];
		for (int s = 0; s < slopeC.length; s++)
			slopeC[s] = (float) (segSlope[s] * c);
		return slopeC;
	}

	/**
	 * Number of knots strictly below u: ceil((u - t0)/h) clamped to [0, n]
	 * (exactly that count where (u - t0)/h is exact in float, as for ReLU's and
	 * BW-ReLU's grids).
	 */
	protected final int segment(float u) {
		float x = (u - firstKnot) * inverseSpacing;
		x = Math.min(Math.max(x, 0f), (float) knotCount);
		return (int) Math.ceil(x);
	}
}
