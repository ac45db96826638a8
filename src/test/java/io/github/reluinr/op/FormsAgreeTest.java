package io.github.reluinr.op;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The Java kernels and the ND4J-operation forms compute the same operator. */
class FormsAgreeTest {

	/**
	 * Operator plus its two forms as method references, so one test covers
	 * every operator.
	 */
	interface Forms {

		void apply(INDArray in, INDArray out, boolean java);
		void adjoint(INDArray in, INDArray out, boolean java);
	}

	static Forms forms(RadonOperator op) {
		return new Forms() {

			public void apply(INDArray in, INDArray out, boolean java) {
				if (java) op.applyJava(in, out);
				else op.applyNd4j(in, out);
			}
			public void adjoint(INDArray in, INDArray out, boolean java) {
				if (java) op.adjointJava(in, out);
				else op.adjointNd4j(in, out);
			}
		};
	}

	static Forms forms(AveragePoolOperator op) {
		return new Forms() {

			public void apply(INDArray in, INDArray out, boolean java) {
				if (java) op.applyJava(in, out);
				else op.applyNd4j(in, out);
			}
			public void adjoint(INDArray in, INDArray out, boolean java) {
				if (java) op.adjointJava(in, out);
				else op.adjointNd4j(in, out);
			}
		};
	}

	static Stream<Arguments> cases() {
		Stream.Builder<Arguments> cases = Stream.builder();
		for (int channels : new int[]{1, 3}) {
			RadonOperator square = new RadonOperator(32, 32,
					RadonOperator.angles(12, 180));
			RadonOperator wide = new RadonOperator(35, 48,
					new double[]{0, 17, 30, 45, 90, 117, 179, 200});
			RadonOperator tall = new RadonOperator(40, 21,
					new double[]{5, 60, 135});
			// Blocks of at most 2000 gathered elements: several angle blocks and pixel-row blocks.
			RadonOperator blocked = new RadonOperator(30, 26,
					RadonOperator.angles(7, 180), 2000);
			AveragePoolOperator pool = new AveragePoolOperator(6, 5, 3);
			// scikit-image's geometry: centre n/2 on an even side, the axis off the detector centre
			RadonOperator standard = RadonOperator.scikitImage(30,
					RadonOperator.anglesWithoutEnd(9, 180), 1.75);
			cases.add(Arguments.of(standard, forms(standard), channels));
			cases.add(Arguments.of(square, forms(square), channels));
			cases.add(Arguments.of(wide, forms(wide), channels));
			cases.add(Arguments.of(tall, forms(tall), channels));
			cases.add(Arguments.of(blocked, forms(blocked), channels));
			cases.add(Arguments.of(pool, forms(pool), channels));
		}
		return cases.build();
	}

	@ParameterizedTest(name = "{0} C={2}")
	@MethodSource("cases")
	void javaEqualsNd4j(ForwardOperator op, Forms forms, int channels) {
		INDArray x = Arrays2.random(op.inputSize(), channels, 3);
		INDArray y = Arrays2.random(op.outputSize(), channels, 4);
		INDArray javaOut = Arrays2.zeros(op.outputSize(), channels);
		INDArray nd4jOut = Arrays2.zeros(op.outputSize(), channels);
		forms.apply(x, javaOut, true);
		forms.apply(x, nd4jOut, false);
		assertClose(javaOut, nd4jOut, op.name() + " apply");

		INDArray javaBack = Arrays2.zeros(op.inputSize(), channels);
		INDArray nd4jBack = Arrays2.zeros(op.inputSize(), channels);
		forms.adjoint(y, javaBack, true);
		forms.adjoint(y, nd4jBack, false);
		assertClose(javaBack, nd4jBack, op.name() + " adjoint");
	}

	private static void assertClose(INDArray java, INDArray nd4j, String what) {
		// Same taps, different float32 summation order (the ND4J table merges a pixel's repeated taps and
		// rounds the weights once): differences are a few ulps of the largest value. 1e-5 of the largest
		// magnitude, element-wise; relative to each element would fail for elements that cancel to ~0.
		double scale = Arrays2.maxAbs(java);
		double difference = Arrays2.maxAbsDifference(java, nd4j);
		assertTrue(scale > 0, what + " is all zeros");
		assertTrue(difference <= 1e-5 * scale, () -> what
				+ ": max |java - nd4j| = " + difference + ", max = " + scale);
	}

	@Test
	void javaFormIsDeterministic() {
		RadonOperator op = new RadonOperator(40, 33,
				RadonOperator.angles(20, 180));
		INDArray y = Arrays2.random(op.outputSize(), 2, 5);
		INDArray first = Arrays2.zeros(op.inputSize(), 2);
		INDArray second = Arrays2.zeros(op.inputSize(), 2);
		op.adjointJava(y, first);
		op.adjointJava(y, second);
		// Bit-identical: every element is summed in a fixed order whatever the thread schedule.
		assertArrayEquals(first.data().asFloat(), second.data().asFloat());
	}

	@Test
	void stridedArgumentsGiveTheSameResult() {
		RadonOperator op = new RadonOperator(20, 24, new double[]{10, 100});
		INDArray wide = Arrays2.random(op.inputSize(), 3, 6);
		INDArray column = wide.get(NDArrayIndex.all(),
				NDArrayIndex.interval(1, 2)); // stride 3: not direct
		INDArray outWide = Arrays2.zeros(op.outputSize(), 2);
		INDArray outColumn = outWide.get(NDArrayIndex.all(),
				NDArrayIndex.interval(1, 2));
		INDArray expected = Arrays2.zeros(op.outputSize(), 1);
		op.applyJava(column.dup('c'), expected);
		op.applyJava(column, outColumn);
		assertArrayEquals(expected.data().asFloat(),
				outColumn.dup('c').data().asFloat());
		assertTrue(
				Arrays2.maxAbs(outWide.get(NDArrayIndex.all(),
						NDArrayIndex.point(0))) == 0,
				"writing a column view must leave the other column alone");
	}
}
