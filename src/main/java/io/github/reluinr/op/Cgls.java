package io.github.reluinr.op;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Conjugate gradients on the normal equations (CGLS, Hestenes and Stiefel 1952)
 * from a given start x_0: minimises ||A x - y|| over x_0 + range(A^T), so the
 * limit is the solution of A x = y nearest x_0 (the start's null-space part is
 * kept, only what the data measure is corrected). For consistent data y = A x*
 * the error ||x_k - x*|| falls at every iteration, which is why a
 * reconstruction corrected this way is never further from the object than the
 * start was (on noiseless data; with noise, few iterations, as for SIRT).
 *
 * <p>
 * With {@code nonNegative} the iterations run in rounds of {@link #ROUND}, each
 * followed by the clip to x >= 0 and a restart: alternating projections onto
 * the images the data allow and the non-negative ones. The clip is the nearest
 * point of a convex set holding the object, so it never moves away from it
 * either; on sparse views, whose null space is most of the image, it is what
 * recovers more than the data say (a 40 x 40 phantom from 12 views in the test;
 * camera and the phantom at 30 views in the README).
 *
 * <p>
 * Each channel (column) is its own system. With a support mask M the operator
 * is A M: pixels outside stay as they are in x_0.
 */
public final class Cgls {

	private Cgls() {
	}

	/** Iterations between two clips with {@code nonNegative}. */
	public static final int ROUND = 10;

	/**
	 * {@code iterations} in all, in rounds of {@link #ROUND} each followed by
	 * the clip to >= 0 when {@code nonNegative} (see the class comment).
	 */
	public static INDArray correct(ForwardOperator op, INDArray y,
			INDArray start, int iterations, INDArray support,
			boolean nonNegative)
	{
		return rounds(op, y, start, iterations, support, nonNegative, -1)
				.image();
	}

	/**
	 * @param start
	 *            x_0 [inputSize, C], not modified
	 * @param support
	 *            1 where the correction may act, 0 elsewhere ([inputSize, 1]);
	 *            null: everywhere
	 * @return x_iterations [inputSize, C]
	 */
	public static INDArray correct(ForwardOperator op, INDArray y,
			INDArray start, int iterations, INDArray support)
	{
		return run(op, y, start, iterations, support, -1, new int[1]);
	}

	/**
	 * CGLS, stopping before {@code iterations} once ||y - A x||^2 (all
	 * channels) is at most {@code stopSquared} (negative: never); done[0]
	 * receives the iterations run.
	 */
	private static INDArray run(ForwardOperator op, INDArray y, INDArray start,
			int iterations, INDArray support, double stopSquared, int[] done)
	{
		done[0] = 0;
		if (iterations < 0)
			throw new IllegalArgumentException("iterations must be >= 0");
		long c = y.size(1);
		INDArray x = start.castTo(DataType.FLOAT).dup('c');
		if (iterations == 0) return x;
		INDArray mask = support == null
				? null
				: support.castTo(DataType.FLOAT).reshape(op.inputSize(), 1);
		INDArray r = Nd4j.create(DataType.FLOAT, op.outputSize(), c);
		op.apply(x, r);
		r.rsubi(y.castTo(DataType.FLOAT)); // r = y - A x
		INDArray s = Nd4j.create(DataType.FLOAT, op.inputSize(), c);
		op.adjoint(r, s);
		if (mask != null) s.muliColumnVector(mask);
		INDArray p = s.dup('c');
		INDArray q = Nd4j.create(DataType.FLOAT, op.outputSize(), c);
		double[] gamma = squaredColumnNorms(s);
		for (int k = 0; k < iterations; k++) {
			if (stopSquared >= 0) {
				double rr = r.norm2Number().doubleValue();
				if (rr * rr <= stopSquared) break;
			}
			done[0]++;
			op.apply(p, q);
			double[] qq = squaredColumnNorms(q);
			float[] alpha = new float[(int) c];
			boolean moving = false;
			for (int j = 0; j < c; j++) {
				// gamma 0: this channel already fits (or sees nothing); qq 0: p in A's null space
				alpha[j] = gamma[j] > 0 && qq[j] > 0
						? (float) (gamma[j] / qq[j])
						: 0f;
				moving |= alpha[j] != 0f;
			}
			if (!moving) break;
			INDArray a = Nd4j.createFromArray(alpha).reshape(1, c);
			x.addi(p.mulRowVector(a));
			r.subi(q.mulRowVector(a));
			op.adjoint(r, s);
			if (mask != null) s.muliColumnVector(mask);
			double[] next = squaredColumnNorms(s);
			float[] beta = new float[(int) c];
			for (int j = 0; j < c; j++)
				beta[j] = gamma[j] > 0 ? (float) (next[j] / gamma[j]) : 0f;
			gamma = next;
			p.muliRowVector(Nd4j.createFromArray(beta).reshape(1, c)).addi(s);
		}
		return x;
	}

	/**
	 * The result of {@link #correctToDiscrepancy}: the image and the iterations
	 * run.
	 */
	public record Corrected(INDArray image, int iterations) {
	}

	/**
	 * Morozov's discrepancy principle: CGLS (in rounds of {@link #ROUND}
	 * iterations, each clipped, when {@code nonNegative}), stopping as soon as
	 * the mean squared residual per measurement is at most
	 * {@code tau^2 noiseVariance} (or after {@code max}): iterating further
	 * would fit the noise. A start whose residual is already there is returned
	 * as it is (0 iterations).
	 */
	public static Corrected correctToDiscrepancy(ForwardOperator op, INDArray y,
			INDArray start, int max, INDArray support, boolean nonNegative,
			double noiseVariance, double tau)
	{
		return rounds(op, y, start, max, support, nonNegative,
				tau * tau * noiseVariance * y.length());
	}

	/**
	 * Up to {@code max} iterations: one CGLS run, or with {@code nonNegative}
	 * rounds of {@link #ROUND} each followed by the clip and a restart; every
	 * iteration first checks the stop (||y - A x||^2 <= stopSquared; negative:
	 * never), so a start already there gets 0 iterations.
	 */
	private static Corrected rounds(ForwardOperator op, INDArray y,
			INDArray start, int max, INDArray support, boolean nonNegative,
			double stopSquared)
	{
		if (!nonNegative) { // nothing to restart for
			int[] done = new int[1];
			INDArray x = run(op, y, start, max, support, stopSquared, done);
			return new Corrected(x, done[0]);
		}
		INDArray x = start.castTo(DataType.FLOAT).dup('c');
		int done = 0;
		int[] round = new int[1];
		while (done < max) {
			x = run(op, y, x, Math.min(ROUND, max - done), support, stopSquared,
					round);
			Transforms.relu(x, false);
			done += round[0];
			if (round[0] == 0) break; // at the stop, or nothing moves
		}
		return new Corrected(x, done);
	}

	private static double[] squaredColumnNorms(INDArray a) {
		double[] n = a.norm2(0).castTo(DataType.DOUBLE).toDoubleVector();
		for (int j = 0; j < n.length; j++)
			n[j] *= n[j];
		return n;
	}
}
