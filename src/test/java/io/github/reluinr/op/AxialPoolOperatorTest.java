package io.github.reluinr.op;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.backend.Kernels;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The z (and x-y) average pool against the definition written out on a
 * natural-order volume: low voxel (lz, ly, lx) = mean of the Sz*Sxy*Sxy high
 * voxels (lz*Sz + dz, ly*Sxy + dy, lx*Sxy + dx). The operator's block order is
 * a permutation of the natural order
 * ({@link AxialPoolOperator#naturalIndexOfRow()}).
 */
class AxialPoolOperatorTest {

	@AfterEach
	void reset() {
		Kernels.force(null);
	}

	/** The definition, on a natural-order volume [(z*H + y)*W + x, c]. */
	private static double[] poolNatural(double[] v, int c, int ld, int lh,
			int lw, int sz, int sxy)
	{
		int hh = lh * sxy, hw = lw * sxy;
		double[] out = new double[ld * lh * lw * c];
		for (int lz = 0; lz < ld; lz++)
			for (int ly = 0; ly < lh; ly++)
				for (int lx = 0; lx < lw; lx++)
					for (int ch = 0; ch < c; ch++) {
						double s = 0;
						for (int dz = 0; dz < sz; dz++)
							for (int dy = 0; dy < sxy; dy++)
								for (int dx = 0; dx < sxy; dx++) {
									s += v[(((lz * sz + dz) * hh + ly * sxy
											+ dy) * hw + lx * sxy + dx) * c
											+ ch];
								}
						out[((lz * lh + ly) * lw + lx) * c + ch] = s
								/ (sz * sxy * sxy);
					}
		return out;
	}

	@ParameterizedTest
	@EnumSource(Kernels.Form.class)
	void poolsBlocksOfTheNaturalVolume(Kernels.Form form) {
		int ld = 3, lh = 4, lw = 5, c = 2;
		for (int[] s : new int[][]{{4, 1}, {3, 2}, {1, 1}}) {
			AxialPoolOperator op = new AxialPoolOperator(ld, lh, lw, s[0],
					s[1]);
			int n = (int) op.inputSize();
			assertEquals((long) ld * s[0] * lh * s[1] * lw * s[1], n);
			int[] order = op.naturalIndexOfRow();
			int[] sorted = order.clone();
			Arrays.sort(sorted);
			for (int i = 0; i < n; i++)
				assertEquals(i, sorted[i], "a permutation");
			INDArray natural = Arrays2.random(n, c, 7);
			float[] nat = natural.dup('c').data().asFloat();
			INDArray blockOrdered = Nd4j.create(
					AxialPoolOperator.toOrder(nat, c, order), new long[]{n, c},
					'c');
			assertArrayEquals(nat, AxialPoolOperator
					.fromOrder(blockOrdered.data().asFloat(), c, order));
			INDArray out = Arrays2.zeros(op.outputSize(), c);
			Kernels.force(form);
			op.apply(blockOrdered, out);
			double[] want = poolNatural(Arrays2.toDoubles(natural), c, ld, lh,
					lw, s[0], s[1]);
			double[] got = Arrays2.toDoubles(out);
			for (int i = 0; i < want.length; i++)
				assertEquals(want[i], got[i], 1e-6,
						form + " " + Arrays.toString(s) + " at " + i);
		}
	}

	@ParameterizedTest
	@EnumSource(Kernels.Form.class)
	void adjointSpreadsEachValueOverItsBlock(Kernels.Form form) {
		AxialPoolOperator op = new AxialPoolOperator(2, 2, 3, 4, 1);
		INDArray y = Arrays2.random(op.outputSize(), 1, 3);
		INDArray x = Arrays2.zeros(op.inputSize(), 1);
		Kernels.force(form);
		op.adjoint(y, x);
		int[] order = op.naturalIndexOfRow();
		for (int r = 0; r < op.inputSize(); r++) {
			int v = order[r], z = v / 6, rest = v % 6; // natural (z, y, x) of the 8 x 2 x 3 volume
			int low = (z / 4) * 6 + rest;
			assertEquals(y.getDouble(low, 0) / 4, x.getDouble(r, 0), 1e-7);
		}
	}

	@Test
	void tilesOfWholeBlocksPoolToTheirOwnRows() {
		AxialPoolOperator op = new AxialPoolOperator(3, 4, 5, 4, 2);
		int c = 1;
		INDArray x = Arrays2.random(op.inputSize(), c, 5);
		INDArray whole = Arrays2.zeros(op.outputSize(), c);
		op.apply(x, whole);
		long q = op.tileQuantum();
		assertEquals(16, q);
		long from = 7 * q, to = 19 * q;
		ForwardOperator tile = op.tile(from, to);
		assertEquals(op.tileOutputRow(to) - op.tileOutputRow(from),
				tile.outputSize());
		INDArray part = Arrays2.zeros(tile.outputSize(), c);
		tile.apply(
				x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
						org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('c'),
				part);
		for (long r = 0; r < tile.outputSize(); r++)
			assertEquals(whole.getDouble(7 + r, 0), part.getDouble(r, 0), 0);
		assertTrue(op.tileLocal());
		assertThrows(IllegalArgumentException.class, () -> op.tile(3, 2 * q));
	}
}
