package io.github.reluinr.op;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Timing of the Radon operator at the paper's CT size (256 x 256, 100 angles, 1
 * channel), both forms. Not a unit test: skipped unless
 * {@code -Dreluinr.benchmark=true}, e.g.
 * {@code mvn -o test -Dtest=RadonBenchmark -Dreluinr.benchmark=true}; or run
 * {@link #main}.
 */
@EnabledIfSystemProperty(named = "reluinr.benchmark", matches = "true")
class RadonBenchmark {

	@Test
	void benchmark() {
		main(new String[0]);
	}

	public static void main(String[] args) {
		int size = args.length > 0 ? Integer.parseInt(args[0]) : 256;
		int angles = args.length > 1 ? Integer.parseInt(args[1]) : 100;
		RadonOperator op = new RadonOperator(size, size,
				RadonOperator.angles(angles, 180));
		INDArray image = Arrays2.random(op.inputSize(), 1, 1);
		INDArray sinogram = Arrays2.zeros(op.outputSize(), 1);
		INDArray back = Arrays2.zeros(op.inputSize(), 1);

		double[] java = time(20, 5, () -> op.applyJava(image, sinogram),
				() -> op.adjointJava(sinogram, back));
		System.out.printf(
				"Java form  %dx%d, %d angles: forward %.3f s, adjoint %.3f s, total %.3f s (median of 20)%n",
				size, size, angles, java[0], java[1], java[0] + java[1]);

		long start = System.nanoTime();
		op.applyNd4j(image, sinogram); // first call builds the tap tables
		System.out.printf(
				"ND4J form: first call (table build + forward) %.3f s%n",
				(System.nanoTime() - start) * 1e-9);
		double[] nd4j = time(5, 1, () -> op.applyNd4j(image, sinogram),
				() -> op.adjointNd4j(sinogram, back));
		System.out.printf(
				"ND4J form  %dx%d, %d angles: forward %.3f s, adjoint %.3f s, total %.3f s (median of 5)%n",
				size, size, angles, nd4j[0], nd4j[1], nd4j[0] + nd4j[1]);
	}

	/**
	 * Median seconds of forward and adjoint over {@code runs} runs after
	 * {@code warmup} runs.
	 */
	private static double[] time(int runs, int warmup, Runnable forward,
			Runnable adjoint)
	{
		for (int i = 0; i < warmup; i++) {
			forward.run();
			adjoint.run();
		}
		double[] f = new double[runs];
		double[] b = new double[runs];
		for (int i = 0; i < runs; i++) {
			long t0 = System.nanoTime();
			forward.run();
			long t1 = System.nanoTime();
			adjoint.run();
			long t2 = System.nanoTime();
			f[i] = (t1 - t0) * 1e-9;
			b[i] = (t2 - t1) * 1e-9;
		}
		Arrays.sort(f);
		Arrays.sort(b);
		return new double[]{f[runs / 2], b[runs / 2]};
	}
}
