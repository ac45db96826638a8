package io.github.reluinr.nn;

import io.github.reluinr.backend.Kernels;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A double-precision running sum of a network's float gradient array: the
 * full-batch gradient as the sum of the gradients of several batches (tiles or
 * chunks of rows), rounded to float once at the end. Java form: a double[] on
 * the heap; ND4J form (CUDA): a DOUBLE array.
 */
public final class GradientSum {

	private final INDArray grads;
	private double[] acc;
	private float[] tmp;
	private INDArray accNd4j;
	private boolean empty = true;

	public GradientSum(INDArray grads) {
		this.grads = grads;
	}

	/** Starts a new sum (zero). */
	public void clear() {
		empty = true;
	}

	/** sum += grads. */
	public void add() {
		if (Kernels.java()) {
			if (acc == null) {
				acc = new double[Math.toIntExact(grads.length())];
				tmp = new float[acc.length];
			}
			FloatBuffer b = DirectBuffers.floats(grads);
			b.get(0, tmp);
			if (empty) {
				for (int i = 0; i < tmp.length; i++)
					acc[i] = tmp[i];
			}
			else {
				for (int i = 0; i < tmp.length; i++)
					acc[i] += tmp[i];
			}
		}
		else {
			if (accNd4j == null) {
				try (MemoryWorkspace ws = Nd4j.getWorkspaceManager()
						.scopeOutOfWorkspaces())
				{
					accNd4j = Nd4j.create(DataType.DOUBLE, grads.shape());
				}
			}
			if (empty) accNd4j.assign(grads);
			else accNd4j.addi(grads.castTo(DataType.DOUBLE));
		}
		empty = false;
	}

	/** grads = (float) sum (zero if nothing was added). */
	public void store() {
		if (empty) {
			grads.assign(0);
		}
		else if (Kernels.java() && acc != null) {
			for (int i = 0; i < tmp.length; i++)
				tmp[i] = (float) acc[i];
			DirectBuffers.floats(grads).put(0, tmp);
		}
		else {
			grads.assign(accNd4j.castTo(DataType.FLOAT));
		}
	}
}
