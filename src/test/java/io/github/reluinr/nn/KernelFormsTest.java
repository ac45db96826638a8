package io.github.reluinr.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fused Java kernels and the ND4J-operation form (what CUDA runs) compute
 * the same thing.
 */
class KernelFormsTest {

	@Test
	void javaAndNd4jFormsAgreeForwardAndBackward() {
		for (PiecewiseLinearActivation act : new PiecewiseLinearActivation[]{
				new BwRelu(9), new BwRelu(0.7), new Relu()})
		{
			Nd4j.getRandom().setSeed(7);
			// 5000 rows so the Java form runs on several threads
			INDArray z = Nd4j.randn(DataType.FLOAT, 5000, 37).muli(0.4);
			INDArray bias = Nd4j.randn(DataType.FLOAT, 1, 37).muli(0.1);
			INDArray grad = Nd4j.randn(DataType.FLOAT, 5000, 37);

			INDArray zJ = z.dup(), aJ = z.like(), gJ = grad.dup(),
					bgJ = bias.like();
			act.forwardJava(zJ, bias, aJ);
			act.backwardJava(zJ, gJ, bgJ);
			INDArray zN = z.dup(), aN = z.like(), gN = grad.dup(),
					bgN = bias.like();
			act.forwardNd4j(zN, bias, aN);
			act.backwardNd4j(zN, gN, bgN);

			// Same float inputs; the forms differ only by float rounding of a 7-term sum vs a table (<1e-5).
			assertArrayEquals(flat(zN), flat(zJ), 1e-6f, act.name() + " z+b");
			assertArrayEquals(flat(aN), flat(aJ), 1e-5f,
					act.name() + " activation");
			assertArrayEquals(flat(gN), flat(gJ), 1e-4f,
					act.name() + " gradient");
			assertArrayEquals(flat(bgN), flat(bgJ), 2e-3f,
					act.name() + " bias gradient");
			// and both against the scalar closed form
			float[] zz = flat(zJ), aa = flat(aJ);
			for (int i = 0; i < zz.length; i += 97)
				assertEquals(act.value(zz[i]), aa[i], 1e-5, "closed form");
		}
	}

	/**
	 * The forward step that records each element's linear piece, and the
	 * backward step from those pieces, give bit for bit what the forward and
	 * backward steps that re-read z give: on random z and on z exactly at every
	 * knot (where relu'(0) = 0 picks the left slope), below the first and
	 * beyond the last knot, and at the generic table kernel (ReLU) as at
	 * BW-ReLU's branch-free one.
	 */
	@Test
	void recordedPiecesGiveTheSameStepsAsReReadingZ() {
		for (PiecewiseLinearActivation act : new PiecewiseLinearActivation[]{
				new BwRelu(9), new BwRelu(0.7), new BwRelu(1), new Relu()})
		{
			Nd4j.getRandom().setSeed(11);
			int rows = 3005, cols = 41; // not a multiple of 16: a last pass of 13 rows
			INDArray z = Nd4j.randn(DataType.FLOAT, rows, cols)
					.muli(3 / act.scale());
			float[] zz = flat(z);
			// the first rows: exactly at the knots k/(2c) (and beyond the support) with a zero bias
			for (int i = 0; i < 20 * cols; i++)
				zz[i] = (float) (((i % 11) - 2) * 0.5 / act.scale());
			z = Nd4j.create(zz, new long[]{rows, cols}, 'c');
			INDArray bias = Nd4j.randn(DataType.FLOAT, 1, cols).muli(0.1);
			float[] bb = flat(bias);
			for (int j = 0; j < cols; j += 2)
				bb[j] = 0; // half the columns keep the exact knots after z + b
			bias = Nd4j.create(bb, new long[]{1, cols}, 'c');
			INDArray grad = Nd4j.randn(DataType.FLOAT, rows, cols);

			INDArray zA = z.dup(), aA = z.like(), gA = grad.dup(),
					bgA = bias.like();
			act.forwardJava(zA, bias, aA);
			act.backwardJava(zA, gA, bgA);
			// in place, as Mlp runs it: the activation overwrites z
			INDArray aB = z.dup(), gB = grad.dup(), bgB = bias.like();
			INDArray pieces = Nd4j.create(DataType.BYTE, rows, cols);
			act.forwardRecordingPieces(aB, bias, aB, pieces);
			act.backwardFromPieces(pieces, gB, bgB);

			assertArrayEquals(flat(aA), flat(aB), 0f,
					act.name() + " activation");
			assertArrayEquals(flat(gA), flat(gB), 0f, act.name() + " gradient");
			assertArrayEquals(flat(bgA), flat(bgB), 0f,
					act.name() + " bias gradient");
			float[] ga = flat(gA);
			// a row range from a multiple of 16 rows (as Mlp's backward chunks read the pieces)
			long from = 1600;
			INDArray gC = grad
					.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from,
							rows), org.nd4j.linalg.indexing.NDArrayIndex.all())
					.dup();
			act.backwardFromPieces(
					pieces.get(
							org.nd4j.linalg.indexing.NDArrayIndex.interval(from,
									rows),
							org.nd4j.linalg.indexing.NDArrayIndex.all()),
					gC, bias.like());
			float[] gc = flat(gC);
			for (int i = 0; i < gc.length; i++)
				assertEquals(ga[(int) from * cols + i], gc[i], 0f,
						act.name() + " gradient of rows from " + from);
			// and the slope at a knot is the left one (closed form: relu'(0) = 0)
			float[] zs = flat(zA), gs = flat(gB), g0 = flat(grad);
			for (int i = 0; i < 20 * cols; i += 2) {
				assertEquals(act.derivative(zs[i] - 1e-4 / act.scale()) * g0[i],
						gs[i], 1e-4 * (1 + Math.abs(g0[i])) * act.scale(),
						act.name() + " slope at z = " + zs[i]);
			}
		}
	}

	@Test
	void javaAndNd4jFormsAgreeForSirenAndGauss() {
		// z spread so that omega0 z covers many periods and s z the Gaussian's whole bump
		Object[][] cases = {{new Siren(50), 0.5}, {new Siren(12), 0.5},
				{new Gauss(10), 0.1}, {new Gauss(2), 0.5}};
		for (Object[] cs : cases) {
			Activation act = (Activation) cs[0];
			double spread = (double) cs[1];
			Nd4j.getRandom().setSeed(8);
			INDArray z = Nd4j.randn(DataType.FLOAT, 5000, 37).muli(spread);
			INDArray bias = Nd4j.randn(DataType.FLOAT, 1, 37).muli(0.1);
			INDArray grad = Nd4j.randn(DataType.FLOAT, 5000, 37);
			INDArray zJ = z.dup(), aJ = z.like(), gJ = grad.dup(),
					bgJ = bias.like();
			INDArray zN = z.dup(), aN = z.like(), gN = grad.dup(),
					bgN = bias.like();
			if (act instanceof Siren s) {
				s.forwardJava(zJ, bias, aJ);
				s.backwardJava(zJ, gJ, bgJ);
				s.forwardNd4j(zN, bias, aN);
				s.backwardNd4j(zN, gN, bgN);
			}
			else {
				Gauss g = (Gauss) act;
				g.forwardJava(zJ, bias, aJ);
				g.backwardJava(zJ, gJ, bgJ);
				g.forwardNd4j(zN, bias, aN);
				g.backwardNd4j(zN, gN, bgN);
			}
			// Both forms take sin/exp of the same float argument: they differ by last-bit rounding.
			assertArrayEquals(flat(zN), flat(zJ), 0f, act.name() + " z+b");
			assertArrayEquals(flat(aN), flat(aJ), 1e-6f,
					act.name() + " activation");
			float[] gn = flat(gN), gj = flat(gJ);
			for (int i = 0; i < gn.length; i++)
				assertEquals(gn[i], gj[i], 1e-5 * (1 + Math.abs(gn[i])),
						act.name() + " gradient " + i);
			assertArrayEquals(flat(bgN), flat(bgJ),
					2e-3f * (float) Math.max(1, maxAbs(bgN)),
					act.name() + " bias gradient");
			float[] zz = flat(zJ), aa = flat(aJ), g0 = flat(grad),
					gg = flat(gJ);
			for (int i = 0; i < zz.length; i += 97) {
				assertEquals(act.value(zz[i]), aa[i], 1e-5,
						act.name() + " closed form");
				assertEquals(g0[i] * act.derivative(zz[i]), gg[i],
						1e-4 * (1 + Math.abs(gg[i])),
						act.name() + " derivative");
			}
		}
	}

	@Test
	void javaAndNd4jFormsAgreeForTheComplexGabor() {
		// the paper's fit and super-resolution settings; pre-activations of the size WIRE sees
		for (ComplexGabor gabor : new ComplexGabor[]{new ComplexGabor(20, 10),
				new ComplexGabor(8, 6)})
		{
			Nd4j.getRandom().setSeed(9);
			INDArray u = Nd4j.randn(DataType.FLOAT, 5000, 23).muli(0.1),
					v = Nd4j.randn(DataType.FLOAT, 5000, 23).muli(0.1);
			INDArray br = Nd4j.randn(DataType.FLOAT, 1, 23).muli(0.05),
					bi = Nd4j.randn(DataType.FLOAT, 1, 23).muli(0.05);
			INDArray gp = Nd4j.randn(DataType.FLOAT, 5000, 23),
					gq = Nd4j.randn(DataType.FLOAT, 5000, 23);
			String label = "gabor(" + gabor.omega0() + "," + gabor.sigma0()
					+ ")";
			for (boolean complex : new boolean[]{false, true}) {
				INDArray uJ = u.dup(), vJ = complex ? v.dup() : null,
						pJ = u.like(), qJ = u.like(), gpJ = gp.dup(),
						gqJ = gq.dup();
				INDArray uN = u.dup(), vN = complex ? v.dup() : null,
						pN = u.like(), qN = u.like(), gpN = gp.dup(),
						gqN = gq.dup();
				INDArray brJ = br.like(), biJ = bi.like(), brN = br.like(),
						biN = bi.like();
				gabor.forwardJava(uJ, vJ, br, complex ? bi : null, pJ, qJ);
				gabor.backwardJava(uJ, vJ, pJ, qJ, gpJ, gqJ, brJ,
						complex ? biJ : null);
				if (complex) {
					gabor.forwardComplexNd4j(uN, vN, br, bi, pN, qN);
					gabor.backwardComplexNd4j(uN, vN, pN, qN, gpN, gqN, brN,
							biN);
				}
				else {
					gabor.forwardRealNd4j(uN, br, pN, qN);
					gabor.backwardRealNd4j(uN, pN, qN, gpN, gqN, brN);
				}
				String what = label + (complex ? " complex" : " real");
				assertArrayEquals(flat(uN), flat(uJ), 0f, what + " u+b");
				if (complex)
					assertArrayEquals(flat(vN), flat(vJ), 0f, what + " v+b");
				// Java evaluates the wavelet in double, ND4J in float: relative 1e-5 of the largest value
				assertClose(flat(pN), flat(pJ), 1e-5, what + " real part");
				assertClose(flat(qN), flat(qJ), 1e-5, what + " imaginary part");
				assertClose(flat(gpN), flat(gpJ), 1e-5, what + " dL/du");
				assertClose(flat(brN), flat(brJ), 1e-4,
						what + " Re bias gradient");
				if (complex) {
					assertClose(flat(gqN), flat(gqJ), 1e-5, what + " dL/dv");
					assertClose(flat(biN), flat(biJ), 1e-4,
							what + " Im bias gradient");
				}
			}
		}
	}

	/** |a - b| <= tol * max |a| elementwise. */
	static void assertClose(float[] a, float[] b, double tol, String what) {
		double scale = 0;
		for (float x : a)
			scale = Math.max(scale, Math.abs(x));
		assertTrue(scale > 0, what + " is all zero");
		for (int i = 0; i < a.length; i++)
			assertEquals(a[i], b[i], tol * scale, what + " " + i);
	}

	static double maxAbs(INDArray a) {
		return a.amaxNumber().doubleValue();
	}

	static float[] flat(INDArray a) {
		return a.dup('c').data().asFloat();
	}

	@Test
	void javaFormIsDeterministic() {
		BwRelu act = new BwRelu(3);
		INDArray z = Nd4j.rand(DataType.FLOAT, 20000, 50),
				g = Nd4j.randn(DataType.FLOAT, 20000, 50);
		INDArray b1 = Nd4j.create(DataType.FLOAT, 1, 50),
				b2 = Nd4j.create(DataType.FLOAT, 1, 50);
		INDArray g1 = g.dup(), g2 = g.dup();
		act.backwardJava(z, g1, b1);
		act.backwardJava(z, g2, b2);
		assertArrayEquals(flat(b1), flat(b2), 0f);
	}
}
