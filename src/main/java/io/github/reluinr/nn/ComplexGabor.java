package io.github.reluinr.nn;

import io.github.reluinr.backend.Kernels;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * WIRE's complex Gabor wavelet (Saragadam et al. 2023), sigma(z) = exp(i omega0
 * z - |sigma0 z|^2), carried as real and imaginary parts. For z = u + iv:
 * 
 * <pre>
 *   sigma(z) = P + iQ,  a = exp(-omega0 v - sigma0^2 (u^2 + v^2)),  P = a cos(omega0 u),  Q = a sin(omega0 u)
 * </pre>
 * 
 * The first layer has a real pre-activation (v = 0). Backward, with gP = dL/dP
 * and gQ = dL/dQ (L real), S = gP P + gQ Q and X = gQ P - gP Q:
 * 
 * <pre>
 *   dL/du = -2 sigma0^2 u S + omega0 X,    dL/dv = -(omega0 + 2 sigma0^2 v) S
 * </pre>
 * 
 * Each step has an ND4J-operation form and a fused Java kernel chosen by
 * {@link Kernels}; the Java kernel evaluates exp, cos and sin in double from
 * the float inputs, the ND4J form in float.
 */
public final class ComplexGabor {

	private final double omega0;
	private final double sigma0;

	public ComplexGabor(double omega0, double sigma0) {
		if (!(omega0 > 0) || Double.isInfinite(omega0))
			throw new IllegalArgumentException(
					"omega0 must be positive and finite, got " + omega0);
		if (!(sigma0 > 0) || Double.isInfinite(sigma0))
			throw new IllegalArgumentException(
					"sigma0 must be positive and finite, got " + sigma0);
		this.omega0 = omega0;
		this.sigma0 = sigma0;
	}

	public double omega0() {
		return omega0;
	}
	public double sigma0() {
		return sigma0;
	}

	/** First layer: z += bias; (p, q) = sigma(z) for real z. */
	public void forwardReal(INDArray z, INDArray bias, INDArray p, INDArray q) {
		if (Kernels.java()) forwardJava(z, null, bias, null, p, q);
		else forwardRealNd4j(z, bias, p, q);
	}

	/** Later layers: u += biasRe, v += biasIm; (p, q) = sigma(u + iv). */
	public void forwardComplex(INDArray u, INDArray v, INDArray biasRe,
			INDArray biasIm, INDArray p, INDArray q)
	{
		if (Kernels.java()) forwardJava(u, v, biasRe, biasIm, p, q);
		else forwardComplexNd4j(u, v, biasRe, biasIm, p, q);
	}

	/**
	 * First layer backward: gP becomes dL/dz (gQ is left unspecified), biasGrad
	 * its column sums. z is the pre-activation including the bias, (p, q) the
	 * forward output.
	 */
	public void backwardReal(INDArray z, INDArray p, INDArray q, INDArray gP,
			INDArray gQ, INDArray biasGrad)
	{
		if (Kernels.java()) backwardJava(z, null, p, q, gP, gQ, biasGrad, null);
		else backwardRealNd4j(z, p, q, gP, gQ, biasGrad);
	}

	/**
	 * Later layers backward: gP becomes dL/du and gQ dL/dv, with their column
	 * sums in the bias gradients.
	 */
	public void backwardComplex(INDArray u, INDArray v, INDArray p, INDArray q,
			INDArray gP, INDArray gQ, INDArray biasGradRe, INDArray biasGradIm)
	{
		if (Kernels.java())
			backwardJava(u, v, p, q, gP, gQ, biasGradRe, biasGradIm);
		else
			backwardComplexNd4j(u, v, p, q, gP, gQ, biasGradRe, biasGradIm);
	}

	// ---- ND4J-operation forms ----

	public void forwardRealNd4j(INDArray z, INDArray bias, INDArray p,
			INDArray q)
	{
		z.addiRowVector(bias.reshape(1, bias.length()));
		INDArray envelope = z.mul(sigma0);
		envelope.muli(envelope).negi();
		Transforms.exp(envelope, false);
		phase(z, envelope, p, q);
	}

	public void forwardComplexNd4j(INDArray u, INDArray v, INDArray biasRe,
			INDArray biasIm, INDArray p, INDArray q)
	{
		u.addiRowVector(biasRe.reshape(1, biasRe.length()));
		v.addiRowVector(biasIm.reshape(1, biasIm.length()));
		INDArray envelope = u.mul(u).addi(v.mul(v)).muli(-sigma0 * sigma0)
				.subi(v.mul(omega0));
		Transforms.exp(envelope, false);
		phase(u, envelope, p, q);
	}

	/** p = envelope cos(omega0 u), q = envelope sin(omega0 u). */
	private void phase(INDArray u, INDArray envelope, INDArray p, INDArray q) {
		INDArray angle = u.mul(omega0);
		p.assign(Transforms.cos(angle, true)).muli(envelope);
		q.assign(Transforms.sin(angle, false)).muli(envelope);
	}

	public void backwardRealNd4j(INDArray z, INDArray p, INDArray q,
			INDArray gP, INDArray gQ, INDArray biasGrad)
	{
		INDArray s = gP.mul(p).addi(gQ.mul(q));
		INDArray x = gQ.mul(p).subi(gP.mul(q));
		gP.assign(z.mul(-2 * sigma0 * sigma0).muli(s).addi(x.muli(omega0)));
		biasGrad.assign(gP.sum(0).reshape(biasGrad.shape()));
	}

	public void backwardComplexNd4j(INDArray u, INDArray v, INDArray p,
			INDArray q, INDArray gP, INDArray gQ, INDArray biasGradRe,
			INDArray biasGradIm)
	{
		INDArray s = gP.mul(p).addi(gQ.mul(q));
		INDArray x = gQ.mul(p).subi(gP.mul(q));
		double s2 = sigma0 * sigma0;
		gP.assign(u.mul(-2 * s2).muli(s).addi(x.muli(omega0)));
		gQ.assign(v.mul(-2 * s2).subi(omega0).muli(s));
		biasGradRe.assign(gP.sum(0).reshape(biasGradRe.shape()));
		biasGradIm.assign(gQ.sum(0).reshape(biasGradIm.shape()));
	}

	// ---- fused Java forms (v == null: real pre-activation) ----

	public void forwardJava(INDArray u, INDArray v, INDArray biasRe,
			INDArray biasIm, INDArray p, INDArray q)
	{
		final int cols = (int) u.size(1);
		final FloatBuffer ub = DirectBuffers.floats(u);
		final FloatBuffer vb = v == null ? null : DirectBuffers.floats(v);
		final FloatBuffer pb = DirectBuffers.floats(p);
		final FloatBuffer qb = DirectBuffers.floats(q);
		final float[] br = biasRe.toFloatVector();
		final float[] bi = v == null ? null : biasIm.toFloatVector();
		final double w = omega0, s2 = sigma0 * sigma0;
		RowBlocks.run(u.size(0), (block, from, to) -> {
			for (long r = from; r < to; r++) {
				int base = (int) (r * cols);
				for (int j = 0; j < cols; j++) {
					int i = base + j;
					float ui = ub.get(i) + br[j];
					ub.put(i, ui);
					double exponent;
					if (vb == null) {
						exponent = -s2 * ((double) ui * ui);
					}
					else {
						float vi = vb.get(i) + bi[j];
						vb.put(i, vi);
						exponent = -w * vi
								- s2 * ((double) ui * ui + (double) vi * vi);
					}
					double a = Math.exp(exponent);
					double angle = w * ui;
					pb.put(i, (float) (a * Math.cos(angle)));
					qb.put(i, (float) (a * Math.sin(angle)));
				}
			}
		});
	}

	public void backwardJava(INDArray u, INDArray v, INDArray p, INDArray q,
			INDArray gP, INDArray gQ, INDArray biasGradRe, INDArray biasGradIm)
	{
		final int cols = (int) u.size(1);
		final FloatBuffer ub = DirectBuffers.floats(u);
		final FloatBuffer vb = v == null ? null : DirectBuffers.floats(v);
		final FloatBuffer pb = DirectBuffers.floats(p);
		final FloatBuffer qb = DirectBuffers.floats(q);
		final FloatBuffer gpb = DirectBuffers.floats(gP);
		final FloatBuffer gqb = DirectBuffers.floats(gQ);
		final double w = omega0, twoS2 = 2 * sigma0 * sigma0;
		final double[][] partialRe = ColumnSums.partials(cols);
		final double[][] partialIm = v == null
				? null
				: ColumnSums.partials(cols);
		RowBlocks.run(u.size(0), (block, from, to) -> {
			double[] pr = partialRe[block];
			double[] pi = partialIm == null ? null : partialIm[block];
			for (long r = from; r < to; r++) {
				int base = (int) (r * cols);
				for (int j = 0; j < cols; j++) {
					int i = base + j;
					double gp = gpb.get(i), gq = gqb.get(i), pp = pb.get(i),
							qq = qb.get(i);
					double s = gp * pp + gq * qq;
					double x = gq * pp - gp * qq;
					float du = (float) (-twoS2 * ub.get(i) * s + w * x);
					gpb.put(i, du);
					pr[j] += du;
					if (vb != null) {
						float dv = (float) (-(w + twoS2 * vb.get(i)) * s);
						gqb.put(i, dv);
						pi[j] += dv;
					}
				}
			}
		});
		ColumnSums.store(partialRe, biasGradRe);
		if (partialIm != null) ColumnSums.store(partialIm, biasGradIm);
	}
}
