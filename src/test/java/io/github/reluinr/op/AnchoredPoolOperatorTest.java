package io.github.reluinr.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The null-space-weighted data term against block means computed here by loops,
 * with no operator code.
 */
class AnchoredPoolOperatorTest {

	private static final int LH = 3, LW = 4, S = 3, H = LH * S, W = LW * S,
			C = 2;

	private static INDArray random(long rows, long cols, long seed) {
		Random r = new Random(seed);
		float[] v = new float[(int) (rows * cols)];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) r.nextGaussian();
		return Nd4j.create(v, new long[]{rows, cols}, 'c');
	}

	/** Block means by loops: [LH*LW, C]. */
	private static double[][] means(INDArray img) {
		double[][] m = new double[LH * LW][C];
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				for (int c = 0; c < C; c++)
					m[(y / S) * LW + x / S][c] += img.getDouble(y * W + x, c)
							/ (S * S);
		return m;
	}

	/**
	 * mean((G f - t)^2) over pixels = mean((A f - y)^2) over blocks + s^2
	 * mean(((I - P)(f - b))^2) over pixels.
	 */
	@Test
	void lossIsTheDataTermPlusTheNullSpacePull() {
		double s = 0.4;
		AnchoredPoolOperator g = new AnchoredPoolOperator(LH, LW, S, s);
		INDArray f = random(H * W, C, 1), b = random(H * W, C, 2),
				y = random(LH * LW, C, 3);
		INDArray t = g.target(y, b);
		INDArray gf = Nd4j.create(DataType.FLOAT, H * W, C);
		g.apply(f, gf);
		double loss = gf.sub(t).norm2Number().doubleValue();
		loss = loss * loss / (H * W * C);

		double[][] mf = means(f), mb = means(b);
		double data = 0, pull = 0;
		for (int i = 0; i < LH * LW; i++)
			for (int c = 0; c < C; c++)
				data += Math.pow(mf[i][c] - y.getDouble(i, c), 2);
		data /= LH * LW * C;
		for (int yy = 0; yy < H; yy++)
			for (int x = 0; x < W; x++)
				for (int c = 0; c < C; c++) {
					int blk = (yy / S) * LW + x / S, p = yy * W + x;
					double nf = f.getDouble(p, c) - mf[blk][c],
							nb = b.getDouble(p, c) - mb[blk][c];
					pull += Math.pow(nf - nb, 2);
				}
		pull /= H * W * C;
		assertEquals(data + s * s * pull, loss, 1e-5 * loss);
	}

	/** <G x, z> = <x, G z>: the adjoint the trainer uses is right. */
	@Test
	void isSelfAdjoint() {
		AnchoredPoolOperator g = new AnchoredPoolOperator(LH, LW, S, 0.7);
		INDArray x = random(H * W, C, 4), z = random(H * W, C, 5);
		INDArray gx = Nd4j.create(DataType.FLOAT, H * W, C),
				gz = Nd4j.create(DataType.FLOAT, H * W, C);
		g.apply(x, gx);
		g.adjoint(z, gz);
		double a = gx.mul(z).sumNumber().doubleValue(),
				bb = x.mul(gz).sumNumber().doubleValue();
		assertEquals(a, bb, 1e-5 * Math.abs(a) + 1e-5);
	}

	/** Tiles of whole block rows give the rows of the whole. */
	@Test
	void tilesAgreeWithTheWhole() {
		AnchoredPoolOperator g = new AnchoredPoolOperator(LH, LW, S, 0.3);
		INDArray x = random(H * W, 1, 6);
		INDArray whole = Nd4j.create(DataType.FLOAT, H * W, 1);
		g.apply(x, whole);
		long q = g.tileQuantum();
		ForwardOperator tile = g.tile(q, 3 * q);
		assertEquals(q, g.tileOutputRow(q));
		INDArray part = Nd4j.create(DataType.FLOAT, 2 * q, 1);
		tile.apply(
				x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(q, 3 * q),
						org.nd4j.linalg.indexing.NDArrayIndex.all()).dup(),
				part);
		for (int i = 0; i < 2 * q; i++)
			assertEquals(whole.getFloat(q + i, 0), part.getFloat(i, 0), 1e-6f);
		assertThrows(IllegalArgumentException.class,
				() -> g.tileOutputRow(q + 1));
	}

	@Test
	void rejectsAWeightOutsideTheUnitInterval() {
		assertThrows(IllegalArgumentException.class,
				() -> new AnchoredPoolOperator(2, 2, 2, 1.5));
		assertThrows(IllegalArgumentException.class,
				() -> new AnchoredPoolOperator(2, 2, 2, -0.1));
	}
}
