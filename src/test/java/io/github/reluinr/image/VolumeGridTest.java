package io.github.reluinr.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Physical extents: equal distances in micrometres are equal distances in
 * network coordinates.
 */
class VolumeGridTest {

	@Test
	void longestPhysicalExtentMapsToMinusOneOne() {
		// 128 x 64 pixels of 0.1 um, 32 planes 0.5 um apart: extents 12.7, 6.3 and 15.5 um; z is the longest
		VolumeGrid.Extents e = VolumeGrid.extents(32, 64, 128, 0.1, 0.1, 0.5);
		assertEquals(1, e.z(), 0);
		assertEquals(12.7 / 15.5, e.x(), 1e-12);
		assertEquals(6.3 / 15.5, e.y(), 1e-12);
		// isotropic cube: the reference grid, bit for bit
		assertEquals(VolumeGrid.Extents.CUBE,
				VolumeGrid.extents(5, 5, 5, 0.2, 0.2, 0.2));
		INDArray g = VolumeGrid.grid(4, 3, 5, VolumeGrid.Extents.CUBE);
		assertArrayEquals(CoordinateGrid.grid(4, 3, 5).data().asFloat(),
				g.data().asFloat());
	}

	@Test
	void aMicrometreIsTheSameAlongEveryAxis() {
		double px = 0.1, pz = 0.35;
		int d = 9, h = 20, w = 30;
		VolumeGrid.Extents e = VolumeGrid.extents(d, h, w, px, px, pz);
		double[] xs = VolumeGrid.axis(w, e.x()), zs = VolumeGrid.axis(d, e.z());
		double perUmX = (xs[1] - xs[0]) / px, perUmZ = (zs[1] - zs[0]) / pz;
		assertEquals(perUmX, perUmZ, 1e-12);
		// centred: first and last samples symmetric
		assertEquals(-xs[w - 1], xs[0], 0);
		assertEquals(-zs[d - 1], zs[0], 0);
	}

	@Test
	void rowsFollowTheGivenOrder() {
		VolumeGrid.Extents e = new VolumeGrid.Extents(1, 0.5, 0.25);
		int d = 2, h = 3, w = 4;
		int[] order = new int[d * h * w];
		for (int i = 0; i < order.length; i++)
			order[i] = order.length - 1 - i;
		INDArray natural = VolumeGrid.grid(d, h, w, e),
				reversed = VolumeGrid.grid(d, h, w, e, order);
		for (int r = 0; r < order.length; r++) {
			for (int k = 0; k < 3; k++)
				assertEquals(natural.getFloat(order[r], k),
						reversed.getFloat(r, k), 0);
		}
		// voxel (z=1, y=2, x=3) is the last natural row: (1, 0.5, 0.25)
		assertArrayEquals(new float[]{1f, 0.5f, 0.25f},
				natural.getRow(order.length - 1).dup().data().asFloat());
		assertArrayEquals(new float[]{-1f, -0.5f, -0.25f},
				natural.getRow(0).dup().data().asFloat());
		assertThrows(IllegalArgumentException.class,
				() -> VolumeGrid.extents(2, 2, 2, 0, 1, 1));
		assertArrayEquals(new double[]{0}, VolumeGrid.axis(1, 0.3), 0);
	}
}
