package io.github.reluinr.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The variation norm of BW-ReLU networks (Section 4).
 *
 * <p>
 * Shallow, eq. (30): g(x) = sum_k v_k psi(c (w_k^T x - b_k)) has ||g||_V = 16 c
 * sum_k |v_k| ||w_k|| (with vector outputs, |v_k| is the 2-norm of neuron k's
 * output weights).
 *
 * <p>
 * Deep, eq. (53): the network W_L psi(c W_{L-1} ... psi(c W_0 x)) is read as a
 * composition of L shallow nets, the first with inner weights W_0 and outer
 * W_1, each later one with identity inner weights and outer W_l; their norms
 * add: 16 c [ sum_k ||w_k^(0)|| ||v_k^(1)|| + sum_{l=2..L} sum_k ||v_k^(l)|| ].
 * For L = 3 this is the paper's eq. (53) exactly; for other depths it is the
 * same construction with more or fewer identity layers. Biases are not
 * regularised and do not enter.
 *
 * <p>
 * In this code W_l is stored [fanIn, fanOut]: neuron k's inner weights are
 * column k of W_0 and its outer weights are row k of W_{l}.
 */
public final class VariationNorm {

	private VariationNorm() {
	}

	/**
	 * Eq. (30): inner [in, K] (column k = w_k), outer [K, out] (row k = v_k).
	 */
	public static double shallow(double c, INDArray inner, INDArray outer) {
		double[] w = columnNorms(inner);
		double[] v = rowNorms(outer);
		double s = 0;
		for (int k = 0; k < w.length; k++)
			s += w[k] * v[k];
		return 16 * c * s;
	}

	/** Eq. (53) generalised to any depth; the activation must be BW-ReLU. */
	public static double of(Mlp net) {
		if (!(net.activation() instanceof BwRelu bw)) {
			throw new IllegalArgumentException(
					"the variation norm is defined for BW-ReLU networks, not "
							+ net.activation().name());
		}
		double c = bw.scale();
		double s = shallow(c, net.weight(0), net.weight(1));
		for (int l = 2; l <= net.layers(); l++) {
			for (double v : rowNorms(net.weight(l)))
				s += 16 * c * v;
		}
		return s;
	}

	static double[] columnNorms(INDArray m) {
		int rows = (int) m.size(0), cols = (int) m.size(1);
		float[] d = m.dup('c').data().asFloat();
		double[] out = new double[cols];
		for (int i = 0; i < rows; i++)
			for (int j = 0; j < cols; j++)
				out[j] += (double) d[i * cols + j] * d[i * cols + j];
		for (int j = 0; j < cols; j++)
			out[j] = Math.sqrt(out[j]);
		return out;
	}

	static double[] rowNorms(INDArray m) {
		int rows = (int) m.size(0), cols = (int) m.size(1);
		float[] d = m.dup('c').data().asFloat();
		double[] out = new double[rows];
		for (int i = 0; i < rows; i++) {
			double s = 0;
			for (int j = 0; j < cols; j++)
				s += (double) d[i * cols + j] * d[i * cols + j];
			out[i] = Math.sqrt(s);
		}
		return out;
	}
}
