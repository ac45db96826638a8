package io.github.reluinr.nn;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * WIRE (Saragadam et al. 2023) as its reference code builds it, with complex
 * numbers carried as real and imaginary parts:
 * <ul>
 * <li>K = (int) (width / sqrt 2) hidden units, so that complex layers (two
 * reals per weight) keep the parameter count of a real width-{@code width}
 * network;
 * <li>layer 0: real Linear(inputs, K) on the real coordinates, then the complex
 * Gabor wavelet of the real pre-activation, so its output is complex;
 * <li>layers 1 .. layers-1: complex Linear(K, K), z = h W + b with W = A + iB
 * and b complex, then the complex Gabor wavelet exp(i omega0 z - |sigma0 z|^2)
 * ({@link ComplexGabor});
 * <li>final complex Linear(K, outputs); the network's output is its real part.
 * </ul>
 * {@code layers} counts Gabor layers, as {@link Mlp} counts activation layers
 * ("3 hidden layers" is three Gabor layers and the final linear layer). omega0
 * and sigma0 are the same in every layer and fixed.
 *
 * <p>
 * Initialisation is PyTorch's default for every Linear, as the reference leaves
 * it: the real first layer's W and b ~ U(-1/sqrt(n), 1/sqrt(n)); for the
 * complex layers PyTorch's uniform_ fills the real and the imaginary part
 * independently with that distribution, so Re and Im of W and b are each
 * U(-1/sqrt(n), 1/sqrt(n)), n = fan-in (K). The imaginary part of the final
 * bias is a parameter like in the reference, but it does not reach the real
 * output: its gradient is always zero.
 *
 * <p>
 * Parameters, flat, layer by layer: layer 0 W [inputs, K], b [1, K]; then for
 * each complex layer Re W, Im W [fanIn, fanOut], Re b, Im b [1, fanOut]. A
 * complex product (P + iQ)(A + iB) is four real matrix products: Re = PA - QB,
 * Im = PB + QA.
 */
public final class WireMlp implements Network {

	private final int inputs;
	private final int width;
	private final int hidden;
	private final int layers;
	private final int outputs;
	private final ComplexGabor gabor;
	private final INDArray params;
	private final INDArray grads;
	private final INDArray[] weightRe, weightIm, biasRe, biasIm;
	private final INDArray[] weightGradRe, weightGradIm, biasGradRe, biasGradIm;

	// Per-batch buffers: pre-activations u (real part) and v (imaginary part; none in layer 0), the
	// wavelet's real and imaginary outputs p and q, the output, and two pairs of gradient buffers.
	private long rows = -1;
	private long capacity = -1;
	private INDArray[] full; // the allocated buffers, layer by layer (u, v, p, q), then out and the four gradients
	private INDArray[] u, v, p, q;
	private INDArray out;
	private INDArray gradP, gradQ, spareP, spareQ;
	private INDArray lastInput;
	private final GradientSum sum;
	private boolean summing;

	public WireMlp(int inputs, int width, int layers, int outputs,
			double omega0, double sigma0, long seed)
	{
		if (inputs < 1 || width < 2 || layers < 1 || outputs < 1)
			throw new IllegalArgumentException(
					"inputs, layers and outputs must be at least 1 and width at least 2");
		this.inputs = inputs;
		this.width = width;
		this.hidden = hiddenUnits(width);
		this.layers = layers;
		this.outputs = outputs;
		this.gabor = new ComplexGabor(omega0, sigma0);
		long count = parameterCount(inputs, width, layers, outputs);
		params = Nd4j.create(DataType.FLOAT, count);
		grads = Nd4j.create(DataType.FLOAT, count);
		sum = new GradientSum(grads);
		int n = layers + 1;
		weightRe = new INDArray[n];
		weightIm = new INDArray[n];
		biasRe = new INDArray[n];
		biasIm = new INDArray[n];
		weightGradRe = new INDArray[n];
		weightGradIm = new INDArray[n];
		biasGradRe = new INDArray[n];
		biasGradIm = new INDArray[n];
		long offset = 0;
		for (int l = 0; l <= layers; l++) {
			int fanIn = fanIn(l), fanOut = fanOut(l);
			long w = (long) fanIn * fanOut;
			weightRe[l] = view(params, offset, fanIn, fanOut);
			weightGradRe[l] = view(grads, offset, fanIn, fanOut);
			offset += w;
			if (l > 0) {
				weightIm[l] = view(params, offset, fanIn, fanOut);
				weightGradIm[l] = view(grads, offset, fanIn, fanOut);
				offset += w;
			}
			biasRe[l] = view(params, offset, 1, fanOut);
			biasGradRe[l] = view(grads, offset, 1, fanOut);
			offset += fanOut;
			if (l > 0) {
				biasIm[l] = view(params, offset, 1, fanOut);
				biasGradIm[l] = view(grads, offset, 1, fanOut);
				offset += fanOut;
			}
		}
		initialise(seed);
	}

	/**
	 * The reference's int(width / sqrt(2)): 300 -> 212, 256 -> 181, 64 -> 45.
	 */
	public static int hiddenUnits(int width) {
		return (int) (width / Math.sqrt(2));
	}

	public static long parameterCount(int inputs, int width, int layers,
			int outputs)
	{
		long k = hiddenUnits(width);
		return inputs * k + k + (layers - 1) * 2 * (k * k + k)
				+ 2 * (k * outputs + outputs);
	}

	/**
	 * Bytes the per-batch buffers take for n rows (for memory estimates before
	 * allocating).
	 */
	public static long bufferBytes(long n, int width, int layers, int outputs) {
		long k = hiddenUnits(width);
		return 4L * n * ((4L * layers - 1 + 4) * k + outputs);
	}

	private static INDArray view(INDArray flat, long offset, int r, int c) {
		return flat.get(NDArrayIndex.interval(offset, offset + (long) r * c))
				.reshape('c', r, c);
	}

	public int fanIn(int layer) {
		return layer == 0 ? inputs : hidden;
	}

	public int fanOut(int layer) {
		return layer == layers ? outputs : hidden;
	}

	private void initialise(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int l = 0; l <= layers; l++) {
			double bound = 1.0 / Math.sqrt(fanIn(l));
			for (INDArray t : new INDArray[]{weightRe[l], weightIm[l],
					biasRe[l], biasIm[l]})
			{
				if (t == null) continue;
				float[] values = new float[(int) t.length()];
				for (int i = 0; i < values.length; i++)
					values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
				t.assign(Nd4j.create(values, t.shape()));
			}
		}
	}

	private void ensureBuffers(long n) {
		if (n == rows) return;
		try (MemoryWorkspace ws = Nd4j.getWorkspaceManager()
				.scopeOutOfWorkspaces())
		{
			if (n > capacity) {
				close();
				full = new INDArray[4 * layers + 5];
				for (int l = 0; l < layers; l++) {
					full[4 * l] = Nd4j.create(DataType.FLOAT, n, hidden);
					if (l > 0)
						full[4 * l + 1] = Nd4j.create(DataType.FLOAT, n,
								hidden);
					full[4 * l + 2] = Nd4j.create(DataType.FLOAT, n, hidden);
					full[4 * l + 3] = Nd4j.create(DataType.FLOAT, n, hidden);
				}
				full[4 * layers] = Nd4j.create(DataType.FLOAT, n, outputs);
				for (int k = 1; k <= 4; k++)
					full[4 * layers + k] = Nd4j.create(DataType.FLOAT, n,
							hidden);
				capacity = n;
			}
			// row views of the buffers (the buffers themselves at full capacity)
			u = new INDArray[layers];
			v = new INDArray[layers];
			p = new INDArray[layers];
			q = new INDArray[layers];
			for (int l = 0; l < layers; l++) {
				u[l] = Mlp.firstRows(full[4 * l], n);
				if (l > 0) v[l] = Mlp.firstRows(full[4 * l + 1], n);
				p[l] = Mlp.firstRows(full[4 * l + 2], n);
				q[l] = Mlp.firstRows(full[4 * l + 3], n);
			}
			out = Mlp.firstRows(full[4 * layers], n);
			gradP = Mlp.firstRows(full[4 * layers + 1], n);
			gradQ = Mlp.firstRows(full[4 * layers + 2], n);
			spareP = Mlp.firstRows(full[4 * layers + 3], n);
			spareQ = Mlp.firstRows(full[4 * layers + 4], n);
		}
		rows = n;
	}

	@Override
	public INDArray forward(INDArray x) {
		if (x.size(1) != inputs)
			throw new IllegalArgumentException(
					"expected " + inputs + " input columns, got " + x.size(1));
		ensureBuffers(x.size(0));
		lastInput = x;
		Nd4j.gemm(x, weightRe[0], u[0], false, false, 1.0, 0.0);
		gabor.forwardReal(u[0], biasRe[0], p[0], q[0]);
		for (int l = 1; l < layers; l++) {
			complexProduct(p[l - 1], q[l - 1], weightRe[l], weightIm[l], u[l],
					v[l]);
			gabor.forwardComplex(u[l], v[l], biasRe[l], biasIm[l], p[l], q[l]);
		}
		// Re((P + iQ)(A + iB) + c) = PA - QB + Re c
		Nd4j.gemm(p[layers - 1], weightRe[layers], out, false, false, 1.0, 0.0);
		Nd4j.gemm(q[layers - 1], weightIm[layers], out, false, false, -1.0,
				1.0);
		out.addiRowVector(biasRe[layers]);
		return out;
	}

	/** re = PA - QB, im = PB + QA. */
	private static void complexProduct(INDArray pIn, INDArray qIn, INDArray a,
			INDArray b, INDArray re, INDArray im)
	{
		Nd4j.gemm(pIn, a, re, false, false, 1.0, 0.0);
		Nd4j.gemm(qIn, b, re, false, false, -1.0, 1.0);
		Nd4j.gemm(pIn, b, im, false, false, 1.0, 0.0);
		Nd4j.gemm(qIn, a, im, false, false, 1.0, 1.0);
	}

	@Override
	public void backward(INDArray dOut) {
		int last = layers;
		// out = PA - QB + Re c: dA = P^T R, dB = -Q^T R, d(Re c) = colsum R, d(Im c) = 0
		Nd4j.gemm(p[last - 1], dOut, weightGradRe[last], true, false, 1.0, 0.0);
		Nd4j.gemm(q[last - 1], dOut, weightGradIm[last], true, false, -1.0,
				0.0);
		biasGradRe[last].assign(dOut.sum(0).reshape(1, outputs));
		biasGradIm[last].assign(0);
		// dL/dP = R A^T, dL/dQ = -R B^T
		INDArray gp = gradP, gq = gradQ, sp = spareP, sq = spareQ;
		Nd4j.gemm(dOut, weightRe[last], gp, false, true, 1.0, 0.0);
		Nd4j.gemm(dOut, weightIm[last], gq, false, true, -1.0, 0.0);
		for (int l = layers - 1; l >= 1; l--) {
			gabor.backwardComplex(u[l], v[l], p[l], q[l], gp, gq, biasGradRe[l],
					biasGradIm[l]); // gp = dL/du, gq = dL/dv
			INDArray pIn = p[l - 1], qIn = q[l - 1];
			// u = PA - QB, v = PB + QA: dA = P^T Gu + Q^T Gv, dB = -Q^T Gu + P^T Gv
			Nd4j.gemm(pIn, gp, weightGradRe[l], true, false, 1.0, 0.0);
			Nd4j.gemm(qIn, gq, weightGradRe[l], true, false, 1.0, 1.0);
			Nd4j.gemm(qIn, gp, weightGradIm[l], true, false, -1.0, 0.0);
			Nd4j.gemm(pIn, gq, weightGradIm[l], true, false, 1.0, 1.0);
			// dL/dP = Gu A^T + Gv B^T, dL/dQ = -Gu B^T + Gv A^T
			Nd4j.gemm(gp, weightRe[l], sp, false, true, 1.0, 0.0);
			Nd4j.gemm(gq, weightIm[l], sp, false, true, 1.0, 1.0);
			Nd4j.gemm(gp, weightIm[l], sq, false, true, -1.0, 0.0);
			Nd4j.gemm(gq, weightRe[l], sq, false, true, 1.0, 1.0);
			INDArray t = gp;
			gp = sp;
			sp = t;
			t = gq;
			gq = sq;
			sq = t;
		}
		gabor.backwardReal(u[0], p[0], q[0], gp, gq, biasGradRe[0]); // gp = dL/dz
		Nd4j.gemm(lastInput, gp, weightGradRe[0], true, false, 1.0, 0.0);
		if (summing) sum.add();
	}

	@Override
	public void beginGradientSum() {
		sum.clear();
		summing = true;
	}

	@Override
	public void endGradientSum() {
		sum.store();
		summing = false;
	}

	@Override
	public INDArray parameters() {
		return params;
	}

	@Override
	public INDArray gradients() {
		return grads;
	}

	/** Real part of W_l [fanIn, fanOut] (layer 0's weights are real). */
	public INDArray weightRe(int layer) {
		return weightRe[layer];
	}
	/** Imaginary part of W_l; null for layer 0. */
	public INDArray weightIm(int layer) {
		return weightIm[layer];
	}
	public INDArray biasRe(int layer) {
		return biasRe[layer];
	}
	/** Imaginary part of b_l; null for layer 0. */
	public INDArray biasIm(int layer) {
		return biasIm[layer];
	}
	public INDArray weightGradRe(int layer) {
		return weightGradRe[layer];
	}
	public INDArray weightGradIm(int layer) {
		return weightGradIm[layer];
	}
	public INDArray biasGradRe(int layer) {
		return biasGradRe[layer];
	}
	public INDArray biasGradIm(int layer) {
		return biasGradIm[layer];
	}

	@Override
	public int inputs() {
		return inputs;
	}
	@Override
	public int outputs() {
		return outputs;
	}
	/** The requested (real-network) width. */
	public int width() {
		return width;
	}
	/** Complex units per hidden layer, (int) (width / sqrt 2). */
	public int hidden() {
		return hidden;
	}
	public int layers() {
		return layers;
	}
	public ComplexGabor gabor() {
		return gabor;
	}

	@Override
	public long bufferBytesPerRow() {
		return bufferBytes(1, width, layers, outputs);
	}

	@Override
	public void close() {
		if (full != null) {
			for (INDArray t : full)
				if (t != null) t.close();
		}
		full = null;
		u = v = p = q = null;
		rows = -1;
		capacity = -1;
	}
}
