package io.github.reluinr.nn;

import io.github.reluinr.backend.Profile;
import io.github.reluinr.backend.Profile.Phase;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Mlp}'s forward and backward passes on the CPU, blocked for the caches:
 * blocks of {@link #BLOCK_ROWS} rows go through every layer in turn, so that
 * the activation reads a product's output, and the next product the
 * activation's, while they are still in the caches (2048 rows of 300 floats:
 * 2.4 MB), instead of each layer's pass streaming a whole tile (20 MB) through
 * main memory.
 *
 * <p>
 * What that buys in time depends on the machine: on a 2-core AMD EPYC with AVX2
 * (no AVX-512), whose vector kernels are bound by arithmetic rather than by
 * memory, forward and backward of 65,536 rows at 3 x 300 took the same time
 * either way (1.81-1.86 s blocked against 1.83 s, fastest of 20 alternating
 * runs). What it buys everywhere: every product has the same shape at the same
 * rows whether the batch was tiled or not, so tiles aligned to a chunk give the
 * untiled gradient to the bit on any OpenBLAS kernel (with the layer-by-layer
 * pass only on the SkylakeX kernels, whose rounding of a row does not depend on
 * the row count), and the gradient buffers are one block's, not one row's per
 * pixel (8 bytes per unit of width and row less).
 *
 * <p>
 * The products are OpenBLAS's, called directly on pointers into the arrays (no
 * ND4J views per block) with its usual threads; the activations run on all
 * cores through {@link RowBlocks}. Weight gradients are accumulated over the
 * blocks of a chunk of {@link Mlp#CHUNK} rows by the products themselves (beta
 * = 1, in float, as one product over the chunk's rows would), bias gradients in
 * double; each chunk's gradient is then added into the network's double sum.
 * Blocks start at multiples of BLOCK_ROWS within a chunk, so tiles that are
 * multiples of a chunk give the untiled gradient to the bit.
 *
 * <p>
 * Where the native kernels run ({@link NativeKernels}), so do the thin products
 * of the first layer (2 or 3 coordinates in) and the output layer (1 to 4
 * channels out), on the rows each thread activates: OpenBLAS runs them far
 * below its speed on the wide layers, and each of its calls wakes its threads.
 * Their weight gradients are then summed in double per {@link RowBlocks} block,
 * as the biases' are, so they differ from the BLAS form's by float rounding (a
 * test holds the two within 1e-5), and tiled runs still give the untiled bits.
 *
 * <p>
 * Needs an activation with row kernels ({@link Activation#hasPieceRowKernels});
 * activations, recorded pieces and their layout are {@link Mlp}'s, so slots and
 * recomputation work as before.
 */
final class BlockedPass {

	/**
	 * Rows per block, by default 2048: a multiple of 16 (the kernels' passes)
	 * dividing {@link Mlp#CHUNK}; -Dreluinr.blockRows sets it.
	 */
	static final int BLOCK_ROWS = blockRows(
			Long.getLong("reluinr.blockRows", 2048));

	private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
	private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
	private static final int TRANS = openblas_nolapack.CblasTrans;

	private final int inputs, width, layers, outputs;
	private final Activation activation;
	// dL/dz of one block and the next layer's, alternating
	private final INDArray g, spare;
	private final FloatPointer gp, sparep;
	private final FloatBuffer gb, spareb;
	/**
	 * Per layer, the bias gradient's column sums in double: one row per
	 * {@link RowBlocks} block of a block's rows, reduced in that order.
	 */
	private final double[][][] biasPartials;
	/**
	 * The thin layers' weight gradients from the native kernels, per
	 * {@link RowBlocks} block in double like the bias's: [i * width + j] for
	 * the first layer, [o * width + j] (transposed) for the output layer.
	 */
	private final double[][] firstWeightPartials, outputWeightPartials;

	private final int blockRows;

	/** The largest multiple of 16 at most rows that divides the chunk. */
	static int blockRows(long rows) {
		long r = Math.max(16, Math.min(rows, Mlp.CHUNK)) / 16 * 16;
		while (Mlp.CHUNK % r != 0)
			r -= 16;
		return (int) r;
	}

	/** Whether this pass runs the network (CPU kernels, row kernels). */
	static boolean applies(Activation activation) {
		return activation.hasPieceRowKernels() && !"false"
				.equalsIgnoreCase(System.getProperty("reluinr.blocked"));
	}

	BlockedPass(int inputs, int width, int layers, int outputs,
			Activation activation, int blockRows)
	{
		this.blockRows = blockRows(blockRows);
		this.inputs = inputs;
		this.width = width;
		this.layers = layers;
		this.outputs = outputs;
		this.activation = activation;
		int maxFan = Math.max(width, Math.max(inputs, outputs));
		try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Nd4j
				.getWorkspaceManager().scopeOutOfWorkspaces())
		{
			g = Nd4j.create(DataType.FLOAT, this.blockRows, maxFan);
			spare = Nd4j.create(DataType.FLOAT, this.blockRows, maxFan);
		}
		gp = pointer(g, 0);
		sparep = pointer(spare, 0);
		gb = DirectBuffers.floats(g);
		spareb = DirectBuffers.floats(spare);
		biasPartials = new double[layers + 1][][];
		for (int l = 0; l < layers; l++)
			biasPartials[l] = new double[RowBlocks.BLOCKS][width];
		biasPartials[layers] = new double[1][outputs];
		firstWeightPartials = new double[RowBlocks.BLOCKS][inputs * width];
		outputWeightPartials = new double[RowBlocks.BLOCKS][outputs * width];
	}

	/**
	 * Layers at most this thin (inputs of the first, outputs of the last) run
	 * their products in the native kernels, fused with the activation of the
	 * rows they touch, where those are enabled.
	 */
	static final int THIN = 4;

	private boolean thinInput() {
		return inputs <= THIN && thinNative();
	}

	private boolean thinOutput() {
		return outputs <= THIN && thinNative();
	}

	/** Native kernels on, and not turned off by -Dreluinr.thinNative=false. */
	private static boolean thinNative() {
		return NativeKernels.enabled() && !"false"
				.equalsIgnoreCase(System.getProperty("reluinr.thinNative"));
	}

	/**
	 * Whether this pass runs the first and the output layer's products in the
	 * native kernels (the bench leaves them out of its BLAS products).
	 */
	static boolean thinProductsNative(int inputs, int outputs) {
		return inputs <= THIN && outputs <= THIN && thinNative();
	}

	/**
	 * A pointer to element (row, 0) of a contiguous c-order float array,
	 * through {@link DirectBuffers} (which checks the layout).
	 */
	static FloatPointer pointer(INDArray a, long row) {
		FloatPointer p = new FloatPointer(DirectBuffers.floats(a));
		return p.position(p.position() + row * a.size(1));
	}

	/**
	 * The forward pass of x [n, inputs] into the activations a[l] (pre-
	 * activations overwritten), pieces[l] and out [n, outputs].
	 */
	void forward(INDArray x, INDArray[] weights, INDArray[] biases,
			INDArray[] a, INDArray[] pieces, INDArray out)
	{
		long n = x.size(0);
		Layer[] ls = layers(denseRowMajor(x), weights, biases, a, pieces, out);
		boolean thinIn = thinInput(), thinOut = thinOutput(); // once per pass
		for (long from = 0; from < n; from += blockRows)
			forwardBlock(ls, from, Math.min(n, from + blockRows), thinIn,
					thinOut);
	}

	/**
	 * a, or a c-order copy where its layout is another (an input or output
	 * gradient given as a strided view).
	 */
	private static INDArray denseRowMajor(INDArray a) {
		return DirectBuffers.isDenseRowMajor(a) ? a : a.dup('c');
	}

	/** One layer's arrays as pointers and buffers. */
	private static final class Layer {

		FloatPointer in, w, outp, dw;
		FloatBuffer inb, wb, outb;
		float[] transposedWeights;
		INDArray biasGrad, weightGrad;
		ByteBuffer pb;
		IntBuffer pi;
		float[] repeatedBias, biasRow;
		int fanIn, fanOut;
	}

	private Layer[] layers(INDArray x, INDArray[] weights, INDArray[] biases,
			INDArray[] a, INDArray[] pieces, INDArray out)
	{
		return layers(x, weights, biases, a, pieces, out, null, null);
	}

	private Layer[] layers(INDArray x, INDArray[] weights, INDArray[] biases,
			INDArray[] a, INDArray[] pieces, INDArray out,
			INDArray[] weightGrads, INDArray[] biasGrads)
	{
		Layer[] ls = new Layer[layers + 1];
		for (int l = 0; l <= layers; l++) {
			Layer y = new Layer();
			y.fanIn = l == 0 ? inputs : width;
			y.fanOut = l == layers ? outputs : width;
			y.in = pointer(l == 0 ? x : a[l - 1], 0);
			y.inb = DirectBuffers.floats(l == 0 ? x : a[l - 1]);
			y.w = pointer(weights[l], 0);
			y.wb = DirectBuffers.floats(weights[l]);
			if (l == layers)
				y.transposedWeights = transposed(y.wb, y.fanIn, y.fanOut);
			if (weightGrads != null) {
				y.dw = pointer(weightGrads[l], 0);
				y.weightGrad = weightGrads[l];
				y.biasGrad = biasGrads[l];
			}
			INDArray o = l == layers ? out : a[l];
			if (o != null) {
				y.outp = pointer(o, 0);
				y.outb = DirectBuffers.floats(o);
			}
			y.biasRow = biases[l].toFloatVector();
			if (l < layers) {
				y.repeatedBias = RowKernels.repeated(y.biasRow);
				y.pb = DirectBuffers.bytes(pieces[l]);
				y.pi = RowKernels.ints(y.pb);
			}
			ls[l] = y;
		}
		return ls;
	}

	/** w [rows, cols] (c-order) as [cols][rows] in one array. */
	private static float[] transposed(FloatBuffer w, int rows, int cols) {
		float[] t = new float[rows * cols];
		for (int j = 0; j < rows; j++)
			for (int o = 0; o < cols; o++)
				t[o * rows + j] = w.get(j * cols + o);
		return t;
	}

	private void forwardBlock(Layer[] ls, long from, long to, boolean thinIn,
			boolean thinOut)
	{
		int m = (int) (to - from);
		Layer last = ls[layers];
		for (int l = 0; l <= layers; l++) {
			Layer y = ls[l];
			long t = Profile.start();
			if (!(l == 0 && thinIn || l == layers && thinOut)) {
				sgemm(NO_TRANS, NO_TRANS, m, y.fanOut, y.fanIn,
						at(y.in, from * y.fanIn), y.fanIn, y.w, y.fanOut, 0f,
						at(y.outp, from * y.fanOut), y.fanOut);
				Profile.add(l < layers
						? Phase.FORWARD_PRODUCTS
						: Phase.OUTPUT_PRODUCTS, t);
			}
			t = Profile.start();
			if (l < layers) {
				boolean first = l == 0 && thinIn,
						output = l == layers - 1 && thinOut;
				// with the thin products: the first layer's z, and the output, from the rows this thread activates
				RowBlocks.run(m, RowKernels.PASS_ROWS, (b, f, e) -> {
					if (first)
						NativeKernels.thinForwardRows(y.inb, inputs, y.wb,
								y.outb, width, from + f, from + e);
					activation.forwardPieceRows(y.outb, y.pb, y.pi,
							y.repeatedBias, width, from + f, from + e);
					if (output) {
						NativeKernels.rowDotsRows(y.outb, width,
								last.transposedWeights, outputs, last.outb,
								from + f, from + e);
						addBias(last.outb, last.biasRow, from + f, from + e);
					}
				});
				Profile.add(Phase.ACTIVATION_FORWARD, t);
			}
			else if (!thinOut) {
				addBias(y.outb, y.biasRow, from, to);
				Profile.add(Phase.OUTPUT_BIAS, t);
			}
		}
	}

	private static void addBias(FloatBuffer out, float[] bias, long from,
			long to)
	{
		int cols = bias.length;
		for (long r = from; r < to; r++) {
			int base = (int) (r * cols);
			for (int j = 0; j < cols; j++)
				out.put(base + j, out.get(base + j) + bias[j]);
		}
	}

	/**
	 * The backward pass of rows [0, n) given dOut [n, outputs], for the
	 * activations of the last forward pass: each chunk of {@link Mlp#CHUNK}
	 * rows into weightGrads and biasGrads (views of the network's gradient
	 * array, which sum adds up: {@link GradientSum#add()} once per chunk).
	 */
	void backward(INDArray x, INDArray[] weights, INDArray[] biases,
			INDArray[] a, INDArray[] pieces, INDArray dOut,
			INDArray[] weightGrads, INDArray[] biasGrads, GradientSum sum)
	{
		long n = x.size(0);
		Layer[] ls = layers(denseRowMajor(x), weights, biases, a, pieces, null,
				weightGrads, biasGrads);
		dOut = denseRowMajor(dOut);
		FloatPointer dp = pointer(dOut, 0);
		FloatBuffer db = DirectBuffers.floats(dOut);
		// once per pass: the chunk-end stores below must match what the blocks did
		boolean thinIn = thinInput(), thinOut = thinOutput();
		for (long c0 = 0; c0 < n; c0 += Mlp.CHUNK) {
			long c1 = Math.min(n, c0 + Mlp.CHUNK);
			for (long from = c0; from < c1; from += blockRows)
				backwardBlock(ls, dp, db, from, Math.min(c1, from + blockRows),
						from == c0, thinIn, thinOut);
			long t = Profile.start();
			for (int l = 0; l <= layers; l++) { // the chunk's bias gradients, partials reduced in block order
				ColumnSums.store(biasPartials[l], ls[l].biasGrad);
				for (double[] p : biasPartials[l])
					java.util.Arrays.fill(p, 0);
			}
			if (thinIn)
				ColumnSums.storeAndClear(firstWeightPartials, ls[0].weightGrad,
						1);
			if (thinOut)
				ColumnSums.storeAndClear(outputWeightPartials,
						ls[layers].weightGrad, outputs);
			sum.add();
			Profile.add(Phase.GRADIENT_SUM, t);
		}
	}

	private void backwardBlock(Layer[] ls, FloatPointer dp, FloatBuffer db,
			long from, long to, boolean firstOfChunk, boolean thinIn,
			boolean thinOut)
	{
		int m = (int) (to - from);
		float beta = firstOfChunk ? 0f : 1f;
		boolean outer = thinOut && outputs == 1;
		// output layer: dW_L (+)= a_{L-1}^T dOut, db_L += column sums of dOut, g = dOut W_L^T
		Layer out = ls[layers];
		long t = Profile.start();
		if (!thinOut)
			sgemm(TRANS, NO_TRANS, width, outputs, m, at(out.in, from * width),
					width, at(dp, from * outputs), outputs, beta, out.dw,
					outputs);
		if (!outer)
			sgemm(NO_TRANS, TRANS, m, width, outputs, at(dp, from * outputs),
					outputs, out.w, outputs, 0f, gp, width);
		Profile.add(Phase.OUTPUT_PRODUCTS, t);
		t = Profile.start();
		double[] ob = biasPartials[layers][0];
		for (long r = from; r < to; r++)
			for (int j = 0; j < outputs; j++)
				ob[j] += db.get((int) (r * outputs) + j);
		Profile.add(Phase.OUTPUT_BIAS, t);
		FloatPointer g = gp, spare = sparep;
		FloatBuffer gbuf = gb, spareBuf = spareb;
		for (int l = layers - 1; l >= 0; l--) {
			Layer y = ls[l];
			final FloatBuffer gl = gbuf;
			final double[][] parts = biasPartials[l];
			boolean output = l == layers - 1 && thinOut,
					first = l == 0 && thinIn;
			t = Profile.start();
			// with the thin products: the output layer's dW and g, and the first layer's dW, on this thread's rows
			RowBlocks.run(m, RowKernels.PASS_ROWS, (b, f, e) -> {
				int rows = (int) (e - f);
				if (output)
					NativeKernels.weightedSumsRows(db, from + f, outputs,
							out.inb, from + f, rows, width,
							outputWeightPartials[b]);
				if (output && outer)
					NativeKernels.outerRows(db, from + f, out.wb, gl, f, rows,
							width);
				activation.backwardPieceRows(y.pb, y.pi, from + f, gl, f, rows,
						width, parts[b]); // g is now dL/dz_l
				if (first)
					NativeKernels.weightedSumsRows(y.inb, from + f, inputs, gl,
							f, rows, width, firstWeightPartials[b]);
			});
			Profile.add(Phase.ACTIVATION_BACKWARD, t);
			t = Profile.start();
			if (!first)
				sgemm(TRANS, NO_TRANS, y.fanIn, width, m,
						at(y.in, from * y.fanIn), y.fanIn, g, width, beta, y.dw,
						width);
			if (l > 0) {
				sgemm(NO_TRANS, TRANS, m, y.fanIn, width, g, width, y.w, width,
						0f, spare, y.fanIn);
				FloatPointer tp = g;
				g = spare;
				spare = tp;
				FloatBuffer tb = gbuf;
				gbuf = spareBuf;
				spareBuf = tb;
			}
			Profile.add(Phase.BACKWARD_PRODUCTS, t);
		}
	}

	/** p advanced by k elements, as a new pointer (p stays as it is). */
	private static FloatPointer at(FloatPointer p, long k) {
		return new FloatPointer(p).position(p.position() + k);
	}

	private static void sgemm(int transA, int transB, int m, int n, int k,
			FloatPointer a, int lda, FloatPointer b, int ldb, float beta,
			FloatPointer c, int ldc)
	{
		openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA, transB, m, n, k, 1f, a,
				lda, b, ldb, beta, c, ldc);
	}

	void close() {
		g.close();
		spare.close();
	}
}
