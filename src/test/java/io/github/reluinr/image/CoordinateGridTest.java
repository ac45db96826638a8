package io.github.reluinr.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class CoordinateGridTest {

	@Test
	void linspaceMatchesNumpyBitForBit() {
		assertArrayEquals(new double[]{-1}, CoordinateGrid.linspace(1), 0);
		assertArrayEquals(new double[]{-1, 1}, CoordinateGrid.linspace(2), 0);
		assertArrayEquals(new double[]{-1, -0.5, 0, 0.5, 1},
				CoordinateGrid.linspace(5), 0);
		// [float(v).hex() for v in np.linspace(-1, 1, 7)] (numpy 2.4.6)
		assertArrayEquals(
				new double[]{-1, -0x1.5555555555556p-1, -0x1.5555555555556p-2,
						0, 0x1.5555555555554p-2, 0x1.5555555555554p-1, 1},
				CoordinateGrid.linspace(7), 0);
		// np.linspace(-1, 1, 99)[49] is -2^-53 (survives the float32 cast), not 0.
		assertEquals(-0x1p-53, CoordinateGrid.linspace(99)[49], 0);
		assertEquals(-0x1p-53f, CoordinateGrid.grid(99).getFloat(49, 0), 0);
		assertThrows(IllegalArgumentException.class,
				() -> CoordinateGrid.linspace(0));
	}

	@Test
	void oneDimensional() {
		INDArray g = CoordinateGrid.grid(3);
		assertArrayEquals(new long[]{3, 1}, g.shape());
		assertEquals(DataType.FLOAT, g.dataType());
		assertArrayEquals(new float[]{-1, 0, 1}, ImageTensors.toFloatArray(g));
		assertArrayEquals(new float[]{-1},
				ImageTensors.toFloatArray(CoordinateGrid.grid(1)));
	}

	@Test
	void twoDimensionalCornersAndOrder() {
		int h = 3;
		int w = 4;
		INDArray g = CoordinateGrid.grid(h, w);
		assertArrayEquals(new long[]{h * w, 2}, g.shape());
		assertEquals(DataType.FLOAT, g.dataType());
		float third = (float) (-1 + 2.0 / 3);
		// Row 0 is (-1, -1); row 1 moves along x; row W starts the next y.
		assertArrayEquals(new float[]{-1, -1}, g.getRow(0).toFloatVector());
		assertArrayEquals(new float[]{third, -1}, g.getRow(1).toFloatVector());
		assertArrayEquals(new float[]{1, -1}, g.getRow(w - 1).toFloatVector());
		assertArrayEquals(new float[]{-1, 0}, g.getRow(w).toFloatVector());
		assertArrayEquals(new float[]{-1, 1},
				g.getRow((h - 1) * w).toFloatVector());
		assertArrayEquals(new float[]{1, 1},
				g.getRow(h * w - 1).toFloatVector());
		double[] x = CoordinateGrid.linspace(w);
		double[] y = CoordinateGrid.linspace(h);
		for (int j = 0; j < h; j++) {
			for (int i = 0; i < w; i++) {
				assertEquals((float) x[i], g.getFloat(j * w + i, 0), 0);
				assertEquals((float) y[j], g.getFloat(j * w + i, 1), 0);
			}
		}
		assertArrayEquals(new float[]{-1, -1},
				CoordinateGrid.grid(1, 1).getRow(0).toFloatVector());
	}

	@Test
	void threeDimensionalHasZOutermost() {
		int d = 2;
		int h = 3;
		int w = 5;
		INDArray g = CoordinateGrid.grid(d, h, w);
		assertArrayEquals(new long[]{d * h * w, 3}, g.shape());
		double[] x = CoordinateGrid.linspace(w);
		double[] y = CoordinateGrid.linspace(h);
		double[] z = CoordinateGrid.linspace(d);
		for (int l = 0; l < d; l++) {
			for (int j = 0; j < h; j++) {
				for (int i = 0; i < w; i++) {
					int row = (l * h + j) * w + i;
					assertArrayEquals(
							new float[]{(float) x[i], (float) y[j],
									(float) z[l]},
							g.getRow(row).toFloatVector());
				}
			}
		}
		assertArrayEquals(new float[]{1, 1, -1},
				g.getRow(h * w - 1).toFloatVector());
		assertArrayEquals(new float[]{-1, -1, 1},
				g.getRow(h * w).toFloatVector());
	}
}
