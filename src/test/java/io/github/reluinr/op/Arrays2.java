package io.github.reluinr.op;

import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Test helpers: seeded random arrays and double-precision reductions. */
final class Arrays2 {

	private Arrays2() {
	}

	/**
	 * Uniform in [-1, 1), [rows, columns] float, from a seeded java.util.Random
	 * (repeatable).
	 */
	static INDArray random(long rows, long columns, long seed) {
		Random random = new Random(seed);
		float[] values = new float[Math.toIntExact(rows * columns)];
		for (int i = 0; i < values.length; i++)
			values[i] = 2 * random.nextFloat() - 1;
		return Nd4j.createFromArray(values).reshape(rows, columns);
	}

	static INDArray zeros(long rows, long columns) {
		return Nd4j.create(DataType.FLOAT, rows, columns);
	}

	static double[] toDoubles(INDArray a) {
		return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
	}

	static double dot(INDArray a, INDArray b) {
		double[] x = toDoubles(a);
		double[] y = toDoubles(b);
		double sum = 0;
		for (int i = 0; i < x.length; i++)
			sum += x[i] * y[i];
		return sum;
	}

	static double norm(INDArray a) {
		return Math.sqrt(dot(a, a));
	}

	static double maxAbs(INDArray a) {
		double m = 0;
		for (double v : toDoubles(a))
			m = Math.max(m, Math.abs(v));
		return m;
	}

	static double maxAbsDifference(INDArray a, INDArray b) {
		double[] x = toDoubles(a);
		double[] y = toDoubles(b);
		double m = 0;
		for (int i = 0; i < x.length; i++)
			m = Math.max(m, Math.abs(x[i] - y[i]));
		return m;
	}

	/** ||a - b|| / ||b||. */
	static double relativeL2(INDArray a, INDArray b) {
		double[] x = toDoubles(a);
		double[] y = toDoubles(b);
		double num = 0;
		double den = 0;
		for (int i = 0; i < x.length; i++) {
			num += (x[i] - y[i]) * (x[i] - y[i]);
			den += y[i] * y[i];
		}
		return Math.sqrt(num / den);
	}

	/** PSNR in dB with peak = max - min of the reference. */
	static double psnr(INDArray estimate, INDArray reference) {
		double[] x = toDoubles(estimate);
		double[] y = toDoubles(reference);
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		double mse = 0;
		for (int i = 0; i < x.length; i++) {
			min = Math.min(min, y[i]);
			max = Math.max(max, y[i]);
			mse += (x[i] - y[i]) * (x[i] - y[i]);
		}
		mse /= x.length;
		return 10 * Math.log10((max - min) * (max - min) / mse);
	}
}
