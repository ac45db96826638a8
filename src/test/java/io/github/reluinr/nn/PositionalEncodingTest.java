package io.github.reluinr.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * L = floor(log2(S/4)) frequencies, d + 2dL features, values and column order
 * at known coordinates.
 */
class PositionalEncodingTest {

	@Test
	void frequencyAndFeatureCounts() {
		assertEquals(6, PositionalEncoding.frequencies(256));
		assertEquals(7, PositionalEncoding.frequencies(512));
		assertEquals(26, PositionalEncoding.features(2, 256));
		assertEquals(30, PositionalEncoding.features(2, 512));
		// floor, not round: 511/4 = 127.75 -> 6; 100 angles (the reference CT script's side) -> 4
		assertEquals(6, PositionalEncoding.frequencies(511));
		assertEquals(4, PositionalEncoding.frequencies(100));
		assertEquals(4, PositionalEncoding.frequencies(64));
		assertEquals(0, PositionalEncoding.frequencies(7));
		assertEquals(0, PositionalEncoding.frequencies(1));
		assertEquals(1 + 2 * 5, PositionalEncoding.features(1, 128));
		assertEquals(256, PositionalEncoding.sideLength(256, 100));
		assertEquals(256, PositionalEncoding.sideLength(100, 256));
	}

	@Test
	void encodedShapeFor256And512Grids() {
		INDArray coords = io.github.reluinr.image.CoordinateGrid.grid(4, 5);
		assertArrayEquals(new long[]{20, 26},
				PositionalEncoding.encode(coords, 256).shape());
		assertArrayEquals(new long[]{20, 30},
				PositionalEncoding.encode(coords, 512).shape());
		// the raw coordinates come first, unchanged
		assertArrayEquals(coords.dup().data().asFloat(), PositionalEncoding
				.encode(coords, 256)
				.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
						org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2))
				.dup().data().asFloat(), 0f);
	}

	@Test
	void valuesAtAKnownCoordinate() {
		// (x, y) = (0.5, -0.25), S = 256: six frequencies 2^i pi, i = 0..5
		INDArray row = PositionalEncoding.encode(
				Nd4j.createFromArray(new float[][]{{0.5f, -0.25f}}), 256);
		float[] v = row.dup().data().asFloat();
		// hand-worked first entries: x, y, sin(pi/2), cos(pi/2), sin(-pi/4), cos(-pi/4), sin(pi), cos(pi), sin(-pi/2), cos(-pi/2)
		double h = Math.sqrt(0.5);
		double[] expected = {0.5, -0.25, 1, 0, -h, h, 0, -1, -1, 0};
		for (int k = 0; k < expected.length; k++)
			assertEquals(expected[k], v[k], 2e-6, "feature " + k);
		// and every later one from the definition: frequency i, dimension j, sin then cos
		double[] c = {0.5, -0.25};
		int k = 2;
		for (int i = 0; i < 6; i++) {
			for (int j = 0; j < 2; j++) {
				assertEquals(Math.sin(Math.pow(2, i) * Math.PI * c[j]), v[k++],
						1e-5, "sin i=" + i + " j=" + j);
				assertEquals(Math.cos(Math.pow(2, i) * Math.PI * c[j]), v[k++],
						1e-5, "cos i=" + i + " j=" + j);
			}
		}
		assertEquals(26, k);
	}
}
