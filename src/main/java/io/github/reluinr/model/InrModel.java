package io.github.reluinr.model;

import io.github.reluinr.nn.Activations;
import io.github.reluinr.nn.BwRelu;
import io.github.reluinr.nn.Mlp;
import io.github.reluinr.nn.Network;
import io.github.reluinr.nn.PositionalEncoding;
import io.github.reluinr.nn.VariationNorm;
import io.github.reluinr.nn.WireMlp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained network with everything needed to evaluate it again: the method and
 * its scales, the layer arrays in PyTorch's layout ({@code layerN.weight} [out,
 * in], {@code layerN.bias} [out], y = x W^T + b), the input encoding, the field
 * it was trained on (grid width and height, calibration), and how raw outputs
 * become pixel values (pixel = raw * output_range + output_min, per channel).
 * {@link ModelFile} writes and reads it as a NumPy .npz archive.
 *
 * <p>
 * Array names: layer 0 takes the coordinates (x, y) or, for relu-pe, their
 * encoding; layers 0 .. layers-1 are followed by the activation, the last layer
 * is linear. WIRE's complex layers 1 .. L keep their imaginary parts in
 * {@code layerN.weight_imag} and {@code layerN.bias_imag} (layer 0 is real);
 * its output is the real part. relu-pe keeps its encoding's angular frequencies
 * (2^i pi, float32) in {@code encoding.frequencies}.
 *
 * <p>
 * Immutable: the {@code with...} methods return copies.
 */
public final class InrModel implements Cloneable {

	public static final int FORMAT_VERSION = 1;
	public static final String RELU_INR_VERSION = "0.1.0";
	public static final String ENCODING_ARRAY = "encoding.frequencies";

	String method;
	double c, omega0, sigma0;
	int inputs, width, layers, outputs;
	/**
	 * relu-pe: the side length S of the encoding (L = floor(log2(S/4))
	 * frequencies); 0: no encoding.
	 */
	int encodingSide;
	int gridWidth, gridHeight;
	/**
	 * 2: coordinates (x, y); 3: a volume, coordinates (x, y, z) over gridDepth
	 * planes with per-axis extents.
	 */
	int dimension = 2;
	int gridDepth = 1;
	/**
	 * 3-D: the half-extents of x, y, z in network units (the longest 1): axis a
	 * runs linspace(-e_a, e_a, n_a).
	 */
	double[] extent = {1, 1, 1};
	double pixelWidth = 1, pixelHeight = 1, pixelDepth = 1;
	String unit = "pixel";
	double[] outputMin, outputRange;
	String task = "";
	int epochs, bestEpoch;
	Double finalLoss, bestLoss, variationNorm;
	String stopReason;
	Map<String, Npy.Array> arrays = new LinkedHashMap<>();

	InrModel() {
	}

	/**
	 * A snapshot of a trained network (weights copied). Output mapping is the
	 * identity until {@link #withOutput} and the calibration one pixel until
	 * {@link #withCalibration}.
	 *
	 * @param encodingSide
	 *            the positional encoding's side length (relu-pe), else 0
	 */
	public static InrModel of(Network net, String method, double c,
			double omega0, double sigma0, int width, int layers,
			int encodingSide, int gridHeight, int gridWidth)
	{
		return of(net, method, c, omega0, sigma0, width, layers, encodingSide,
				2, 1, gridHeight, gridWidth, new double[]{1, 1, 1});
	}

	/**
	 * A snapshot of a network trained on a volume of gridDepth x gridHeight x
	 * gridWidth voxels whose coordinates are (x, y, z) with half-extents
	 * {@code extent} (x, y, z; see image.VolumeGrid).
	 */
	public static InrModel ofVolume(Network net, String method, double c,
			double omega0, double sigma0, int width, int layers,
			int encodingSide, int gridDepth, int gridHeight, int gridWidth,
			double[] extent)
	{
		return of(net, method, c, omega0, sigma0, width, layers, encodingSide,
				3, gridDepth, gridHeight, gridWidth, extent.clone());
	}

	private static InrModel of(Network net, String method, double c,
			double omega0, double sigma0, int width, int layers,
			int encodingSide, int dimension, int gridDepth, int gridHeight,
			int gridWidth, double[] extent)
	{
		InrModel m = new InrModel();
		m.dimension = dimension;
		m.gridDepth = gridDepth;
		m.extent = extent;
		m.method = Activations.check(method);
		m.c = c;
		m.omega0 = omega0;
		m.sigma0 = sigma0;
		m.inputs = net.inputs();
		m.width = width;
		m.layers = layers;
		m.outputs = net.outputs();
		m.encodingSide = encodingSide;
		m.gridHeight = gridHeight;
		m.gridWidth = gridWidth;
		m.outputMin = new double[m.outputs];
		m.outputRange = new double[m.outputs];
		Arrays.fill(m.outputRange, 1);
		if (net instanceof WireMlp w) {
			for (int l = 0; l <= layers; l++) {
				m.arrays.put("layer" + l + ".weight",
						transposed(w.weightRe(l)));
				m.arrays.put("layer" + l + ".bias", vector(w.biasRe(l)));
				if (l > 0) {
					m.arrays.put("layer" + l + ".weight_imag",
							transposed(w.weightIm(l)));
					m.arrays.put("layer" + l + ".bias_imag",
							vector(w.biasIm(l)));
				}
			}
		}
		else if (net instanceof Mlp p) {
			for (int l = 0; l <= layers; l++) {
				m.arrays.put("layer" + l + ".weight", transposed(p.weight(l)));
				m.arrays.put("layer" + l + ".bias", vector(p.bias(l)));
			}
		}
		else {
			throw new IllegalArgumentException(
					"cannot save a " + net.getClass().getSimpleName());
		}
		if (encodingSide > 0)
			m.arrays.put(ENCODING_ARRAY, frequencies(encodingSide));
		m.validate();
		return m;
	}

	/**
	 * The encoding's angular frequencies as {@link PositionalEncoding}
	 * multiplies by them (float32).
	 */
	static Npy.Array frequencies(int side) {
		int l = PositionalEncoding.frequencies(side);
		float[] f = new float[l];
		for (int i = 0; i < l; i++)
			f[i] = (float) (Math.pow(2, i) * Math.PI);
		return new Npy.Array(new long[]{l}, f);
	}

	private static Npy.Array transposed(INDArray w) {
		INDArray t = w.transpose().dup('c');
		return new Npy.Array(new long[]{t.size(0), t.size(1)},
				t.data().asFloat());
	}

	private static Npy.Array vector(INDArray b) {
		INDArray d = b.dup('c');
		return new Npy.Array(new long[]{d.length()}, d.data().asFloat());
	}

	private InrModel copy() {
		try {
			InrModel m = (InrModel) clone();
			m.arrays = new LinkedHashMap<>(arrays);
			m.outputMin = outputMin.clone();
			m.outputRange = outputRange.clone();
			m.extent = extent.clone();
			return m;
		}
		catch (CloneNotSupportedException e) {
			throw new AssertionError(e);
		}
	}

	/**
	 * The same model whose pixels are raw * range + min in every channel,
	 * trained by {@code task}.
	 */
	public InrModel withOutput(String task, double min, double range) {
		InrModel m = copy();
		m.task = task;
		Arrays.fill(m.outputMin, min);
		Arrays.fill(m.outputRange, range);
		return m;
	}

	public InrModel withCalibration(double pixelWidth, double pixelHeight,
			String unit)
	{
		InrModel m = copy();
		m.pixelWidth = pixelWidth > 0 && Double.isFinite(pixelWidth)
				? pixelWidth
				: 1;
		m.pixelHeight = pixelHeight > 0 && Double.isFinite(pixelHeight)
				? pixelHeight
				: 1;
		m.unit = unit == null || unit.isEmpty() ? "pixel" : unit;
		return m;
	}

	/**
	 * The same model with a voxel depth (3-D models; the distance between
	 * planes, in the calibration's unit).
	 */
	public InrModel withVoxelDepth(double voxelDepth) {
		InrModel m = copy();
		m.pixelDepth = voxelDepth > 0 && Double.isFinite(voxelDepth)
				? voxelDepth
				: 1;
		return m;
	}

	/** The same model with the training run's numbers. */
	public InrModel withRun(int epochs, int bestEpoch, double finalLoss,
			double bestLoss, String stopReason, Double variationNorm)
	{
		InrModel m = copy();
		m.epochs = epochs;
		m.bestEpoch = bestEpoch;
		m.finalLoss = finalLoss;
		m.bestLoss = bestLoss;
		m.stopReason = stopReason;
		m.variationNorm = variationNorm;
		return m;
	}

	public String method() {
		return method;
	}
	public double c() {
		return c;
	}
	public double omega0() {
		return omega0;
	}
	public double sigma0() {
		return sigma0;
	}
	public int inputs() {
		return inputs;
	}
	public int width() {
		return width;
	}
	public int layers() {
		return layers;
	}
	public int outputs() {
		return outputs;
	}
	public int encodingSide() {
		return encodingSide;
	}
	public int gridWidth() {
		return gridWidth;
	}
	public int gridHeight() {
		return gridHeight;
	}
	/** 2 for an image model, 3 for a volume. */
	public int dimension() {
		return dimension;
	}
	/** Planes of the training grid (1 for a 2-D model). */
	public int gridDepth() {
		return gridDepth;
	}
	/** Half-extents (x, y, z) in network units: {1, 1, 1} for a 2-D model. */
	public double[] extent() {
		return extent.clone();
	}
	public double pixelDepth() {
		return pixelDepth;
	}
	public double pixelWidth() {
		return pixelWidth;
	}
	public double pixelHeight() {
		return pixelHeight;
	}
	public String unit() {
		return unit;
	}
	public double[] outputMin() {
		return outputMin.clone();
	}
	public double[] outputRange() {
		return outputRange.clone();
	}
	public String task() {
		return task;
	}
	public int epochs() {
		return epochs;
	}
	public int bestEpoch() {
		return bestEpoch;
	}
	public Double finalLoss() {
		return finalLoss;
	}
	public Double bestLoss() {
		return bestLoss;
	}
	public Double variationNorm() {
		return variationNorm;
	}
	public String stopReason() {
		return stopReason;
	}
	public Map<String, Npy.Array> arrays() {
		return java.util.Collections.unmodifiableMap(arrays);
	}

	/**
	 * The sizes of layers 0 .. L+1: inputs, the hidden units of each layer,
	 * outputs.
	 */
	public int[] layerSizes() {
		int hidden = "wire".equals(method) ? WireMlp.hiddenUnits(width) : width;
		int[] s = new int[layers + 2];
		s[0] = inputs;
		for (int l = 1; l <= layers; l++)
			s[l] = hidden;
		s[layers + 1] = outputs;
		return s;
	}

	/** The names and shapes this model's archive must hold. */
	public Map<String, long[]> expectedArrays() {
		Map<String, long[]> m = new LinkedHashMap<>();
		int[] s = layerSizes();
		for (int l = 0; l <= layers; l++) {
			m.put("layer" + l + ".weight", new long[]{s[l + 1], s[l]});
			m.put("layer" + l + ".bias", new long[]{s[l + 1]});
			if ("wire".equals(method) && l > 0) {
				m.put("layer" + l + ".weight_imag", new long[]{s[l + 1], s[l]});
				m.put("layer" + l + ".bias_imag", new long[]{s[l + 1]});
			}
		}
		if (encodingSide > 0)
			m.put(ENCODING_ARRAY,
					new long[]{PositionalEncoding.frequencies(encodingSide)});
		return m;
	}

	/**
	 * Throws ModelFileException when arrays are missing or of the wrong shape,
	 * or settings are inconsistent.
	 */
	void validate() {
		if (layers < 1 || width < 1 || outputs < 1 || inputs < 1)
			throw new ModelFileException(
					"config.json: inputs, width, layers and outputs must be at least 1");
		if (gridWidth < 1 || gridHeight < 1)
			throw new ModelFileException(
					"config.json: coordinates.width and coordinates.height must be at least 1");
		if (dimension != 2 && dimension != 3)
			throw new ModelFileException(
					"config.json: coordinates.dimension must be 2 or 3, got "
							+ dimension);
		if (gridDepth < 1)
			throw new ModelFileException(
					"config.json: coordinates.depth must be at least 1");
		if (extent.length != 3)
			throw new ModelFileException(
					"config.json: coordinates.extent needs three values (x, y, z)");
		for (double e : extent)
			if (!(e >= 0 && e <= 1))
				throw new ModelFileException(
						"config.json: coordinates.extent values must lie in [0, 1]");
		if ("relu-pe".equals(method) != (encodingSide > 0))
			throw new ModelFileException(
					"config.json: method " + method + " with input_encoding "
							+ (encodingSide > 0 ? "positional" : "none"));
		int expectedInputs = encodingSide > 0
				? PositionalEncoding.features(dimension, encodingSide)
				: dimension;
		if (inputs != expectedInputs)
			throw new ModelFileException("config.json: " + inputs
					+ " inputs, but the coordinates"
					+ (encodingSide > 0
							? " encoded with side length " + encodingSide
							: "")
					+ " give " + expectedInputs);
		if (outputMin.length != outputs || outputRange.length != outputs)
			throw new ModelFileException(
					"config.json: output_min and output_range need one value per output ("
							+ outputs + ")");
		for (Map.Entry<String, long[]> e : expectedArrays().entrySet()) {
			Npy.Array a = arrays.get(e.getKey());
			if (a == null)
				throw new ModelFileException(
						"missing array " + e.getKey() + ".npy (expected shape "
								+ shapeText(e.getValue()) + ")");
			if (!Arrays.equals(a.shape(), e.getValue())) {
				throw new ModelFileException("array " + e.getKey()
						+ " has shape " + a.shapeText() + ", expected "
						+ shapeText(e.getValue()) + " for layer sizes "
						+ Arrays.toString(layerSizes()));
			}
		}
		if (encodingSide > 0) {
			float[] want = frequencies(encodingSide).data(),
					got = arrays.get(ENCODING_ARRAY).data();
			if (!Arrays.equals(want, got))
				throw new ModelFileException("array " + ENCODING_ARRAY
						+ " does not hold 2^i pi for i < " + want.length
						+ ": not an encoding relu-inr can evaluate");
		}
		for (Npy.Array a : arrays.values())
			for (float f : a.data())
				if (!Float.isFinite(f))
					throw new ModelFileException(
							"the weights hold NaN or infinite values");
	}

	private static String shapeText(long[] s) {
		return new Npy.Array(s,
				new float[(int) Arrays.stream(s).reduce(1, (a, b) -> a * b)])
				.shapeText();
	}

	/** A fresh network of this architecture holding these weights. */
	public Network toNetwork() {
		Network net = Activations.network(method, inputs, width, layers,
				outputs, c, omega0, sigma0, 0);
		loadInto(net);
		return net;
	}

	/**
	 * Copies the weights into a network of the same architecture (for training
	 * from this model).
	 *
	 * @throws ModelFileException
	 *             naming the first setting that differs
	 */
	public void loadInto(Network net) {
		if (net instanceof WireMlp w) {
			if (!"wire".equals(method))
				throw new ModelFileException(
						"the model is a " + method + " network, not wire");
			requireSizes(net, w.width(), w.layers());
			for (int l = 0; l <= layers; l++) {
				assignTransposed(w.weightRe(l), "layer" + l + ".weight");
				assignVector(w.biasRe(l), "layer" + l + ".bias");
				if (l > 0) {
					assignTransposed(w.weightIm(l),
							"layer" + l + ".weight_imag");
					assignVector(w.biasIm(l), "layer" + l + ".bias_imag");
				}
			}
		}
		else if (net instanceof Mlp p) {
			if ("wire".equals(method))
				throw new ModelFileException("the model is a wire network, not "
						+ p.activation().name());
			requireSizes(net, p.width(), p.layers());
			for (int l = 0; l <= layers; l++) {
				assignTransposed(p.weight(l), "layer" + l + ".weight");
				assignVector(p.bias(l), "layer" + l + ".bias");
			}
		}
		else {
			throw new IllegalArgumentException(
					"cannot load into a " + net.getClass().getSimpleName());
		}
	}

	private void requireSizes(Network net, int netWidth, int netLayers) {
		if (netWidth != width)
			throw new ModelFileException(
					"the model has width " + width + ", not " + netWidth);
		if (netLayers != layers)
			throw new ModelFileException("the model has " + layers
					+ " hidden layers, not " + netLayers);
		if (net.inputs() != inputs)
			throw new ModelFileException("the model takes " + inputs
					+ " inputs, not " + net.inputs());
		if (net.outputs() != outputs)
			throw new ModelFileException("the model has " + outputs
					+ " output channel(s), not " + net.outputs());
	}

	private void assignTransposed(INDArray target, String name) {
		Npy.Array a = arrays.get(name);
		target.assign(Nd4j
				.create(a.data(), new long[]{a.shape()[0], a.shape()[1]}, 'c')
				.transpose());
	}

	private void assignVector(INDArray target, String name) {
		target.assign(Nd4j.create(a(name).data(), target.shape(), 'c'));
	}

	private Npy.Array a(String name) {
		return arrays.get(name);
	}

	/**
	 * The settings a run must share with this model to start from it; null when
	 * they agree, else a one-line message naming the first that differs.
	 */
	public String mismatch(String runMethod, int runWidth, int runLayers,
			int runOutputs, double runC, double runOmega0, double runSigma0,
			int runGridHeight, int runGridWidth)
	{
		List<String> d = new ArrayList<>();
		if (!method.equals(runMethod))
			d.add("activation " + runMethod + " (the model's is " + method
					+ ")");
		if (width != runWidth)
			d.add("width " + runWidth + " (the model's is " + width + ")");
		if (layers != runLayers)
			d.add("layers " + runLayers + " (the model's is " + layers + ")");
		if (outputs != runOutputs)
			d.add(runOutputs + " channel(s) (the model has " + outputs + ")");
		if ("bw-relu".equals(method) && c != runC)
			d.add("c " + runC + " (the model's is " + c + ")");
		if (("siren".equals(method) || "wire".equals(method))
				&& omega0 != runOmega0)
			d.add("omega0 " + runOmega0 + " (the model's is " + omega0 + ")");
		if (("wire".equals(method) || "gauss".equals(method))
				&& sigma0 != runSigma0)
			d.add("sigma0 " + runSigma0 + " (the model's is " + sigma0 + ")");
		if (encodingSide > 0 && encodingSide != PositionalEncoding
				.sideLength(runGridHeight, runGridWidth))
		{
			d.add("a " + runGridWidth + "x" + runGridHeight
					+ " grid, whose positional encoding differs from the model's (side length "
					+ encodingSide + ")");
		}
		return d.isEmpty()
				? null
				: "the model does not match this run: " + String.join(", ", d);
	}

	/**
	 * Eq. (53) recomputed from the weights (BW-ReLU only; null for other
	 * methods).
	 */
	public Double recomputedVariationNorm() {
		if (!"bw-relu".equals(method)) return null;
		try (Network net = toNetwork()) {
			Mlp mlp = (Mlp) net;
			return mlp.activation() instanceof BwRelu
					? VariationNorm.of(mlp)
					: null;
		}
	}
}
