package io.github.reluinr.op;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AveragePoolOperatorTest {

	/**
	 * A 4x4 image with 2 channels (the second is the first times -10), pooled
	 * 2x2 by hand.
	 */
	@ParameterizedTest(name = "java={0}")
	@ValueSource(booleans = {true, false})
	void poolsAHandComputedExample(boolean java) {
		float[][] image = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12},
				{13, 14, 15, 17}};
		// Block means: (1+2+5+6)/4, (3+4+7+8)/4, (9+10+13+14)/4, (11+12+15+17)/4.
		float[] expected = {3.5f, 5.5f, 11.5f, 13.75f};
		INDArray x = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, 16,
				2);
		for (int y = 0; y < 4; y++) {
			for (int c = 0; c < 4; c++) {
				x.putScalar(y * 4 + c, 0, image[y][c]);
				x.putScalar(y * 4 + c, 1, -10 * image[y][c]);
			}
		}
		AveragePoolOperator op = new AveragePoolOperator(2, 2, 2);
		INDArray out = Arrays2.zeros(4, 2);
		if (java) op.applyJava(x, out);
		else op.applyNd4j(x, out);
		for (int i = 0; i < 4; i++) {
			// Means of four small integers, all exact in float.
			assertEquals(expected[i], out.getFloat(i, 0), 0f);
			assertEquals(-10 * expected[i], out.getFloat(i, 1), 1e-5f);
		}
	}

	/**
	 * A^T of a constant c is c/(S*S) everywhere (each pixel belongs to exactly
	 * one block).
	 */
	@ParameterizedTest(name = "java={0}")
	@ValueSource(booleans = {true, false})
	void adjointOfAConstantIsConstantOverArea(boolean java) {
		AveragePoolOperator op = new AveragePoolOperator(3, 5, 3);
		INDArray constant = Nd4j.valueArrayOf(new long[]{op.outputSize(), 1},
				2.25f);
		INDArray out = Arrays2.zeros(op.inputSize(), 1);
		if (java) op.adjointJava(constant, out);
		else op.adjointNd4j(constant, out);
		float[] expected = new float[(int) op.inputSize()];
		Arrays.fill(expected, 2.25f * (1f / 9f));
		// Same float product in both forms; allow one ulp-scale difference.
		assertArrayEquals(expected, out.data().asFloat(), 1e-7f);
	}

	@Test
	void shapesFollowTheFactor() {
		AveragePoolOperator op = new AveragePoolOperator(32, 24, 4);
		assertEquals(128L * 96, op.inputSize());
		assertEquals(32L * 24, op.outputSize());
		assertArrayEquals(new long[]{32, 24}, op.outputShape());
		assertThrows(IllegalArgumentException.class,
				() -> op.apply(Arrays2.zeros(10, 1),
						Arrays2.zeros(op.outputSize(), 1)));
	}
}
