package io.github.reluinr.op;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import io.github.reluinr.backend.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * <A x, y> = <x, A^T y> for random x, y, both forms, square and non-square, 1
 * and 3 channels.
 */
class AdjointIdentityTest {

	static Stream<Arguments> cases() {
		Stream.Builder<Arguments> cases = Stream.builder();
		for (Kernels.Form form : Kernels.Form.values()) {
			for (int channels : new int[]{1, 3}) {
				cases.add(Arguments.of(
						new RadonOperator(32, 32, RadonOperator.angles(9, 180)),
						channels, form));
				cases.add(Arguments.of(
						new RadonOperator(35, 48,
								new double[]{0, 17, 30, 90, 117, 200}),
						channels, form));
				cases.add(Arguments.of(
						RadonOperator.scikitImage(30,
								RadonOperator.anglesWithoutEnd(9, 180), -2.5),
						channels, form));
				cases.add(
						Arguments.of(
								new RampWeightedOperator(
										RadonOperator.scikitImage(30,
												RadonOperator.anglesWithoutEnd(
														9, 180),
												-2.5)),
								channels, form));
				cases.add(Arguments.of(new AveragePoolOperator(4, 5, 3),
						channels, form));
				cases.add(Arguments.of(new AveragePoolOperator(7, 3, 4),
						channels, form));
				cases.add(Arguments.of(new AxialPoolOperator(3, 5, 4, 4, 1),
						channels, form));
				cases.add(Arguments.of(new AxialPoolOperator(2, 3, 4, 3, 2),
						channels, form));
			}
		}
		return cases.build();
	}

	@ParameterizedTest(name = "{0} {1}x{2}")
	@MethodSource("cases")
	void adjointMatchesForward(ForwardOperator op, int channels,
			Kernels.Form form)
	{
		INDArray x = Arrays2.random(op.inputSize(), channels, 1);
		INDArray y = Arrays2.random(op.outputSize(), channels, 2);
		INDArray ax = Arrays2.zeros(op.outputSize(), channels);
		INDArray aty = Arrays2.zeros(op.inputSize(), channels);
		Kernels.force(form);
		try {
			op.apply(x, ax);
			op.adjoint(y, aty);
		}
		finally {
			Kernels.force(null);
		}
		double left = Arrays2.dot(ax, y);
		double right = Arrays2.dot(x, aty);
		// Both sides are float32 results (sums of at most a few thousand products each) reduced in double,
		// so they agree to ~1e-6 of the Cauchy-Schwarz scale ||Ax|| ||y||; a misplaced or mis-weighted tap
		// moves one side by a sizeable fraction of one term, far above 1e-5 of that scale.
		double scale = Arrays2.norm(ax) * Arrays2.norm(y);
		double error = Math.abs(left - right) / scale;
		assertTrue(error < 1e-5, () -> op.name() + " " + form + ": <Ax,y>="
				+ left + " <x,A^T y>=" + right + " relative " + error);
	}
}
