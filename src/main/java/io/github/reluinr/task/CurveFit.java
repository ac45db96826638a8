package io.github.reluinr.task;

import io.github.reluinr.nn.BwRelu;
import io.github.reluinr.nn.Mlp;
import io.github.reluinr.nn.VariationNorm;
import io.github.reluinr.op.IdentityOperator;
import io.github.reluinr.train.Trainer;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import io.github.reluinr.train.TrainingResult;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A univariate network g: R -> R fitted to samples (x_i, y_i) at any
 * coordinates (not necessarily a grid, not necessarily in [-1, 1]) with A = I
 * and the same trainer as the image tasks: the setting of the paper's Figure 3.
 * Values are fitted in their own units (no normalisation). The trained network
 * is kept so that it can be evaluated between the samples; close it when done.
 */
public final class CurveFit implements AutoCloseable {

	private final Mlp net;
	private final TrainingResult training;

	private CurveFit(Mlp net, TrainingResult training) {
		this.net = net;
		this.training = training;
	}

	/** Fits samples y_i = f(x_i); x and y have the same length. */
	public static CurveFit fit(double[] x, double[] y, TrainingConfig config,
			TrainingListener listener, BooleanSupplier cancelled)
	{
		if (x.length != y.length || x.length == 0)
			throw new IllegalArgumentException(
					"x and y need the same, non-zero length");
		INDArray coords = column(x), values = column(y);
		try {
			return fit(coords, values, config, listener, cancelled);
		}
		finally {
			coords.close();
			values.close();
		}
	}

	/** Fits values [N, 1] at coordinates [N, 1]. */
	public static CurveFit fit(INDArray coords, INDArray values,
			TrainingConfig config, TrainingListener listener,
			BooleanSupplier cancelled)
	{
		if (coords.rank() != 2 || coords.size(1) != 1 || values.rank() != 2
				|| values.size(1) != 1 || coords.size(0) != values.size(0))
		{
			throw new IllegalArgumentException(
					"coords and values must both be [N, 1]");
		}
		int n = (int) coords.size(0);
		Mlp net = InrSolver.network(config, 1, 1);
		try {
			TrainingResult r = new Trainer(config).train(net,
					coords.castTo(DataType.FLOAT), new IdentityOperator(1, n),
					values.castTo(DataType.FLOAT), null, listener, cancelled);
			return new CurveFit(net, r);
		}
		catch (RuntimeException | Error e) {
			net.close();
			throw e;
		}
	}

	/**
	 * The training run. Its output is the best epoch's; the network itself
	 * holds the parameters after the last epoch, which are the same when
	 * training stopped at a target loss.
	 */
	public TrainingResult training() {
		return training;
	}

	/** The trained network (owned by this object). */
	public Mlp network() {
		return net;
	}

	/**
	 * Eq. (53) (for one hidden layer eq. 30) of the trained network; null
	 * unless it is BW-ReLU.
	 */
	public Double variationNorm() {
		return net.activation() instanceof BwRelu
				? VariationNorm.of(net)
				: null;
	}

	/** g(x) at any points, with the trained network. */
	public double[] evaluate(double[] x) {
		INDArray in = column(x);
		double[] out = net.forward(in).dup('c').data().asDouble();
		in.close();
		return out;
	}

	/** Mean squared error of the trained network at the given samples. */
	public double loss(double[] x, double[] y) {
		double[] g = evaluate(x);
		double s = 0;
		for (int i = 0; i < g.length; i++)
			s += (g[i] - y[i]) * (g[i] - y[i]);
		return s / g.length;
	}

	private static INDArray column(double[] v) {
		float[] f = new float[v.length];
		for (int i = 0; i < v.length; i++)
			f[i] = (float) v[i];
		return Nd4j.create(f, new long[]{v.length, 1}, 'c');
	}

	@Override
	public void close() {
		net.close();
	}
}
