package io.github.reluinr.nn;

import io.github.reluinr.backend.Kernels;
import io.github.reluinr.backend.Profile;
import io.github.reluinr.backend.Profile.Phase;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The reference network: {@code layers} blocks of Linear + activation, then a
 * final Linear. "3 layers of width 300" is Linear(in,300)+s, Linear(300,300)+s,
 * Linear(300,300)+s, Linear(300,out).
 *
 * <p>
 * All weights and biases live in one flat parameter array (and the gradients in
 * one flat gradient array) so that ND4J's Adam updates them in one call; W_l is
 * stored [fanIn, fanOut] so a layer is z = x W_l + b_l. Forward and backward
 * write into arrays allocated once per batch size, so the training loop
 * allocates nothing that grows with the number of epochs. Not thread-safe: one
 * network per thread.
 */
public final class Mlp implements Network {

	private final int inputs;
	private final int width;
	private final int layers;
	private final int outputs;
	private final Activation activation;
	private final INDArray params;
	private final INDArray grads;
	private final INDArray[] weights;
	private final INDArray[] biases;
	private final INDArray[] weightGrads;
	private final INDArray[] biasGrads;

	// Per-batch-size buffers of the selected slot (see useSlot): pre-activations z_l (holding
	// z + b), activations a_l, the output; and two gradient buffers, shared by the slots, that the
	// backward pass alternates between.
	private long rows = -1;
	private long capacity = -1;
	private INDArray[] zFull;
	private INDArray[] aFull;
	private INDArray[] piecesFull; // Java kernels of a piecewise-linear activation: each element's linear piece, one byte
	private INDArray outFull;
	private INDArray[] z;
	private INDArray[] a;
	private INDArray[] pieces;
	private boolean forwardRecordedPieces;
	private INDArray out;
	private INDArray lastInput;
	private long gradCapacity = -1;
	private INDArray gradAFull;
	private INDArray gradBFull;
	private INDArray gradA;
	private INDArray gradB;
	/**
	 * The slots' saved buffers; the selected one's live in the fields above.
	 */
	private final java.util.List<Slot> slots = new java.util.ArrayList<>(
			java.util.List.of(new Slot()));
	private int slot = 0;
	private final GradientSum sum;
	private boolean summing;
	private BlockedPass blocked; // the CPU pass blocked for the caches, made on first use
	private final int blockRows;

	/**
	 * Rows per back-propagated chunk with the Java kernels (see
	 * {@link #backward}), and so the CPU tile. 16384 rows: on 2 cores a 256 x
	 * 256 fit at 3 x 300 took 1.02 s per epoch in chunks of 2048 (the per-chunk
	 * ops and views), 0.82 s in chunks of 16384 and 0.73 s in one chunk; a tile
	 * of 16384 rows at width 300 holds about 160 MB of activations, whatever
	 * the image size. -Dreluinr.chunk sets it (rounded up to a multiple of 16
	 * rows: the backward step reads recorded pieces from such row offsets).
	 */
	public static final long CHUNK = (Math.max(1,
			Long.getLong("reluinr.chunk", 16384)) + 15) / 16 * 16;

	public Mlp(int inputs, int width, int layers, int outputs,
			Activation activation, long seed)
	{
		this(inputs, width, layers, outputs, activation, seed,
				BlockedPass.BLOCK_ROWS);
	}

	/**
	 * With the blocked CPU pass on blocks of about blockRows rows (see
	 * {@link BlockedPass#blockRows(long)}), for tests.
	 */
	Mlp(int inputs, int width, int layers, int outputs, Activation activation,
			long seed, int blockRows)
	{
		this.blockRows = blockRows;
		if (inputs < 1 || width < 1 || layers < 1 || outputs < 1)
			throw new IllegalArgumentException(
					"inputs, width, layers and outputs must be at least 1");
		this.inputs = inputs;
		this.width = width;
		this.layers = layers;
		this.outputs = outputs;
		this.activation = activation;
		long count = parameterCount(inputs, width, layers, outputs);
		params = Nd4j.create(DataType.FLOAT, count);
		grads = Nd4j.create(DataType.FLOAT, count);
		sum = new GradientSum(grads);
		weights = new INDArray[layers + 1];
		biases = new INDArray[layers + 1];
		weightGrads = new INDArray[layers + 1];
		biasGrads = new INDArray[layers + 1];
		long offset = 0;
		for (int l = 0; l <= layers; l++) {
			int fanIn = fanIn(l);
			int fanOut = fanOut(l);
			weights[l] = view(params, offset, fanIn, fanOut);
			weightGrads[l] = view(grads, offset, fanIn, fanOut);
			offset += (long) fanIn * fanOut;
			biases[l] = view(params, offset, 1, fanOut);
			biasGrads[l] = view(grads, offset, 1, fanOut);
			offset += fanOut;
		}
		initialise(seed);
	}

	public static long parameterCount(int inputs, int width, int layers,
			int outputs)
	{
		return (long) inputs * width + width
				+ (long) (layers - 1) * ((long) width * width + width)
				+ (long) width * outputs + outputs;
	}

	private static INDArray view(INDArray flat, long offset, int r, int c) {
		return flat.get(NDArrayIndex.interval(offset, offset + (long) r * c))
				.reshape('c', r, c);
	}

	public int fanIn(int layer) {
		return layer == 0 ? inputs : width;
	}

	public int fanOut(int layer) {
		return layer == layers ? outputs : width;
	}

	/**
	 * U(-bound, bound) for weights (bound from the activation) and PyTorch's
	 * default for biases.
	 */
	private void initialise(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int l = 0; l <= layers; l++) {
			int fanIn = fanIn(l);
			double wb = activation.weightBound(l, fanIn);
			double bb = 1.0 / Math.sqrt(fanIn);
			weights[l].assign(
					Nd4j.create(uniform(random, weights[l].length(), wb),
							weights[l].shape()));
			biases[l]
					.assign(Nd4j.create(uniform(random, biases[l].length(), bb),
							biases[l].shape()));
		}
	}

	private static float[] uniform(SplittableRandom random, long n,
			double bound)
	{
		float[] v = new float[(int) n];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) ((2 * random.nextDouble() - 1) * bound);
		return v;
	}

	private void ensureBuffers(long n) {
		boolean withPieces = activation.recordsPieces() && Kernels.java();
		if (n == rows && withPieces == (piecesFull != null)) return;
		// Outside any workspace: these buffers (and their views) live across epochs.
		try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Nd4j
				.getWorkspaceManager().scopeOutOfWorkspaces())
		{
			if (n > capacity || withPieces != (piecesFull != null)) {
				closeActivations();
				allocate(n, withPieces);
			}
			if (n > gradCapacity && !blocks()) { // the blocked pass has its own
				closeGradientBuffers();
				gradAFull = Nd4j.create(DataType.FLOAT, n, width);
				gradBFull = Nd4j.create(DataType.FLOAT, n, width);
				gradCapacity = n;
			}
			z = new INDArray[layers];
			a = new INDArray[layers];
			pieces = piecesFull == null ? null : new INDArray[layers];
			for (int l = 0; l < layers; l++) {
				a[l] = firstRows(aFull[l], n);
				z[l] = zFull[l] == aFull[l] ? a[l] : firstRows(zFull[l], n);
				if (pieces != null) pieces[l] = firstRows(piecesFull[l], n);
			}
			out = firstRows(outFull, n);
		}
		if (gradAFull != null && gradCapacity >= n) {
			gradA = firstRows(gradAFull, n);
			gradB = firstRows(gradBFull, n);
		}
		rows = n;
	}

	/**
	 * Whether the forward and backward passes run as {@link BlockedPass} (CPU
	 * kernels, an activation with row kernels; -Dreluinr.blocked=false turns it
	 * off).
	 */
	private boolean blocks() {
		return blockRows(activation) > 0;
	}

	/**
	 * Rows per matrix product of the blocked CPU pass for this activation, or 0
	 * where the pass does not apply (the products then run on whole tiles
	 * forward and on chunks of {@link #CHUNK} rows backward): for the
	 * benchmark, which times the products an epoch performs.
	 */
	public static long blockRows(Activation activation) {
		return activation.recordsPieces() && Kernels.java()
				&& BlockedPass.applies(activation) ? BlockedPass.BLOCK_ROWS : 0;
	}

	/**
	 * Whether the blocked pass runs the first and the output layer's thin
	 * products in the native kernels, not in BLAS (the bench leaves them out of
	 * the products it times).
	 */
	public static boolean thinProductsNative(Activation activation, int inputs,
			int outputs)
	{
		return blockRows(activation) > 0
				&& BlockedPass.thinProductsNative(inputs, outputs);
	}

	private BlockedPass blockedPass() {
		if (blocked == null)
			blocked = new BlockedPass(inputs, width, layers, outputs,
					activation, blockRows);
		return blocked;
	}

	/** One slot's per-batch buffers while another slot is selected. */
	private static final class Slot {

		long rows = -1, capacity = -1;
		INDArray[] zFull, aFull, piecesFull, z, a, pieces;
		INDArray outFull, out, lastInput;
		boolean forwardRecordedPieces;
	}

	/**
	 * Slots keep several tiles' activations: each slot holds the buffers of the
	 * last forward pass made while it was selected, and {@link #backward}
	 * back-propagates the selected slot's. A trainer that keeps k tiles this
	 * way recomputes only the others' forward passes.
	 */
	@Override
	public boolean hasSlots() {
		return true;
	}

	@Override
	public boolean useSlot(int k) {
		if (k < 0) throw new IllegalArgumentException("slot " + k);
		if (k == slot) return true;
		Slot s = slots.get(slot);
		s.rows = rows;
		s.capacity = capacity;
		s.zFull = zFull;
		s.aFull = aFull;
		s.piecesFull = piecesFull;
		s.z = z;
		s.a = a;
		s.pieces = pieces;
		s.outFull = outFull;
		s.out = out;
		s.lastInput = lastInput;
		s.forwardRecordedPieces = forwardRecordedPieces;
		while (slots.size() <= k)
			slots.add(new Slot());
		Slot t = slots.get(k);
		rows = t.rows;
		capacity = t.capacity;
		zFull = t.zFull;
		aFull = t.aFull;
		piecesFull = t.piecesFull;
		z = t.z;
		a = t.a;
		pieces = t.pieces;
		outFull = t.outFull;
		out = t.out;
		lastInput = t.lastInput;
		forwardRecordedPieces = t.forwardRecordedPieces;
		slot = k;
		if (rows >= 0 && gradCapacity >= rows) {
			gradA = firstRows(gradAFull, rows);
			gradB = firstRows(gradBFull, rows);
		}
		return true;
	}

	/**
	 * The first n rows of a c-order [capacity, k] buffer: a contiguous view
	 * (the buffer itself if n = capacity).
	 */
	static INDArray firstRows(INDArray full, long n) {
		return n == full.size(0)
				? full
				: full.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
	}

	/**
	 * With recorded pieces (Java kernels, piecewise-linear activation) the
	 * backward step never reads z, so each layer's activation overwrites its
	 * pre-activation in one array: 5 instead of 8 bytes per hidden unit and
	 * row. Otherwise z and a are separate arrays.
	 */
	private void allocate(long n, boolean withPieces) {
		zFull = new INDArray[layers];
		aFull = new INDArray[layers];
		piecesFull = withPieces ? new INDArray[layers] : null;
		for (int l = 0; l < layers; l++) {
			aFull[l] = Nd4j.create(DataType.FLOAT, n, width);
			zFull[l] = withPieces
					? aFull[l]
					: Nd4j.create(DataType.FLOAT, n, width);
			if (withPieces)
				piecesFull[l] = Nd4j.create(DataType.BYTE, n, width);
		}
		outFull = Nd4j.create(DataType.FLOAT, n, outputs);
		capacity = n;
	}

	/**
	 * f(x) for a batch x [n, inputs]. Returns the network's own output buffer
	 * [n, outputs], valid until the next call; x must stay unchanged until
	 * {@link #backward} has run.
	 */
	@Override
	public INDArray forward(INDArray x) {
		if (x.size(1) != inputs)
			throw new IllegalArgumentException(
					"expected " + inputs + " input columns, got " + x.size(1));
		ensureBuffers(x.size(0));
		lastInput = x;
		forwardRecordedPieces = pieces != null;
		if (forwardRecordedPieces && blocks()) {
			blockedPass().forward(x, weights, biases, a, pieces, out);
			return out;
		}
		INDArray in = x;
		for (int l = 0; l < layers; l++) {
			long t = Profile.start();
			Nd4j.gemm(in, weights[l], z[l], false, false, 1.0, 0.0);
			Profile.add(Phase.FORWARD_PRODUCTS, t);
			t = Profile.start();
			if (forwardRecordedPieces)
				activation.forwardRecordingPieces(z[l], biases[l], a[l],
						pieces[l]); // a[l] is z[l]
			else
				activation.forward(z[l], biases[l], a[l]);
			Profile.add(Phase.ACTIVATION_FORWARD, t);
			in = a[l];
		}
		long t = Profile.start();
		Nd4j.gemm(in, weights[layers], out, false, false, 1.0, 0.0);
		Profile.add(Phase.OUTPUT_PRODUCTS, t);
		t = Profile.start();
		out.addiRowVector(biases[layers]);
		Profile.add(Phase.OUTPUT_BIAS, t);
		return out;
	}

	/**
	 * Fills {@link #gradients()} with dL/dtheta given dL/df [n, outputs] for
	 * the last forward batch. dOut is not modified.
	 *
	 * <p>
	 * With the Java kernels the rows are back-propagated in chunks of
	 * {@link #CHUNK} rows whose gradients are summed in double: a reduction
	 * over rows then has the same order however the rows were cut into training
	 * tiles (multiples of CHUNK), so tiled and untiled training agree to the
	 * bit. The ND4J form (CUDA) back-propagates the batch in one piece.
	 */
	@Override
	public void backward(INDArray dOut) {
		long n = rows;
		if (forwardRecordedPieces && blocks()) {
			if (!summing) sum.clear();
			blockedPass().backward(lastInput, weights, biases, a, pieces, dOut,
					weightGrads, biasGrads, sum);
			if (!summing) sum.store();
			return;
		}
		long chunk = Kernels.java() ? CHUNK : n;
		if (n <= chunk) {
			backwardRows(0, n, dOut);
			long t = Profile.start();
			if (summing) sum.add();
			Profile.add(Phase.GRADIENT_SUM, t);
			return;
		}
		if (!summing) sum.clear();
		for (long from = 0; from < n; from += chunk) {
			long to = Math.min(n, from + chunk);
			backwardRows(from, to,
					from == 0 && to == n ? dOut : rowsOf(dOut, from, to));
			long t = Profile.start();
			sum.add();
			Profile.add(Phase.GRADIENT_SUM, t);
		}
		if (!summing) sum.store();
	}

	/** Rows [from, to) of a c-order array, as a contiguous view. */
	private static INDArray rowsOf(INDArray full, long from, long to) {
		return full.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
	}

	/**
	 * The backward pass of rows [from, to) of the last forward batch into the
	 * gradient arrays.
	 */
	private void backwardRows(long from, long to, INDArray dOut) {
		boolean all = from == 0 && to == rows;
		int last = layers;
		boolean usePieces = forwardRecordedPieces;
		INDArray[] zr = usePieces ? pieces : z, ar = a;
		INDArray x = lastInput, g = gradA, spare = gradB;
		if (!all) {
			zr = new INDArray[layers];
			ar = new INDArray[layers];
			for (int l = 0; l < layers; l++) {
				zr[l] = rowsOf(usePieces ? pieces[l] : z[l], from, to);
				ar[l] = rowsOf(a[l], from, to);
			}
			x = rowsOf(lastInput, from, to);
			g = rowsOf(gradA, 0, to - from);
			spare = rowsOf(gradB, 0, to - from);
		}
		long t = Profile.start();
		Nd4j.gemm(ar[last - 1], dOut, weightGrads[last], true, false, 1.0, 0.0);
		Profile.add(Phase.OUTPUT_PRODUCTS, t);
		t = Profile.start();
		biasGrads[last].assign(dOut.sum(0).reshape(1, outputs));
		Profile.add(Phase.OUTPUT_BIAS, t);
		t = Profile.start();
		Nd4j.gemm(dOut, weights[last], g, false, true, 1.0, 0.0);
		Profile.add(Phase.OUTPUT_PRODUCTS, t);
		for (int l = layers - 1; l >= 0; l--) {
			t = Profile.start();
			if (usePieces)
				activation.backwardFromPieces(zr[l], g, biasGrads[l]); // g is now dL/dz_l
			else
				activation.backward(zr[l], g, biasGrads[l]);
			Profile.add(Phase.ACTIVATION_BACKWARD, t);
			t = Profile.start();
			INDArray in = l == 0 ? x : ar[l - 1];
			Nd4j.gemm(in, g, weightGrads[l], true, false, 1.0, 0.0);
			if (l > 0) {
				Nd4j.gemm(g, weights[l], spare, false, true, 1.0, 0.0);
				INDArray tmp = g;
				g = spare;
				spare = tmp;
			}
			Profile.add(Phase.BACKWARD_PRODUCTS, t);
		}
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

	/**
	 * W_l as a [fanIn, fanOut] view of the parameters (column k of the paper's
	 * W_l^T is row k here).
	 */
	public INDArray weight(int layer) {
		return weights[layer];
	}

	public INDArray bias(int layer) {
		return biases[layer];
	}

	public INDArray weightGradient(int layer) {
		return weightGrads[layer];
	}

	public INDArray biasGradient(int layer) {
		return biasGrads[layer];
	}

	@Override
	public int inputs() {
		return inputs;
	}
	public int width() {
		return width;
	}
	public int layers() {
		return layers;
	}
	@Override
	public int outputs() {
		return outputs;
	}
	public Activation activation() {
		return activation;
	}

	/**
	 * Bytes the per-batch buffers take for n rows (for memory estimates before
	 * allocating): z and a per layer, two gradient buffers and the output. With
	 * recorded pieces (see {@link #allocate}) z and a share an array and each
	 * hidden unit has a one-byte piece, which is fewer bytes: this is an upper
	 * bound.
	 */
	public static long bufferBytes(long n, int width, int layers, int outputs) {
		return 4L * n * ((2L * layers + 2) * width + outputs);
	}

	/**
	 * Per row as this network will allocate (the recorded-pieces layout on the
	 * CPU, see {@link #allocate}; the blocked pass keeps its gradient buffers
	 * per block, not per row).
	 */
	@Override
	public long bufferBytesPerRow() {
		if (activation.recordsPieces() && Kernels.java())
			return keptBytesPerRow() + (blocks() ? 0 : 8L * width);
		return bufferBytes(1, width, layers, outputs);
	}

	/**
	 * Frees the per-batch buffers (of every slot) now rather than at garbage
	 * collection; slot 0 is selected afterwards.
	 */
	@Override
	public void close() {
		for (int k = slots.size() - 1; k >= 0; k--) {
			useSlot(k);
			closeActivations();
		}
		slots.subList(1, slots.size()).clear();
		closeGradientBuffers();
		if (blocked != null) blocked.close();
		blocked = null;
		lastInput = null;
	}

	private void closeActivations() {
		if (zFull != null) {
			for (int l = 0; l < layers; l++) {
				if (zFull[l] != aFull[l]) zFull[l].close();
				aFull[l].close();
			}
			if (piecesFull != null) for (INDArray t : piecesFull)
				t.close();
			outFull.close();
		}
		zFull = aFull = piecesFull = z = a = pieces = null;
		outFull = out = null;
		rows = -1;
		capacity = -1;
	}

	private void closeGradientBuffers() {
		if (gradAFull != null) {
			gradAFull.close();
			gradBFull.close();
		}
		gradAFull = gradBFull = gradA = gradB = null;
		gradCapacity = -1;
	}

	/**
	 * Bytes per row that a slot keeps (activations, recorded pieces, output;
	 * not the gradient buffers the slots share).
	 */
	@Override
	public long keptBytesPerRow() {
		if (activation.recordsPieces() && Kernels.java())
			return 4L * ((long) layers * width + outputs)
					+ (long) layers * width;
		return bufferBytes(1, width, layers, outputs) - 8L * width;
	}
}
