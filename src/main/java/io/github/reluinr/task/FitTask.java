package io.github.reluinr.task;

import io.github.reluinr.image.Normalisation;
import io.github.reluinr.op.IdentityOperator;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Signal fitting: A = I, the input is its own ground truth. */
public final class FitTask {

	private FitTask() {
	}

	public static TaskResult run(Image2D input, TrainingConfig config,
			TrainingListener listener, BooleanSupplier cancelled)
	{
		Normalisation norm = Normalisation.of(input.pixels());
		INDArray y = norm.normalise(input.pixels())
				.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
		InrSolver.Solution s = InrSolver.solve(
				new IdentityOperator(input.height(), input.width()), y,
				input.height(), input.width(), InrSolver.mapOutput(config,
						TaskDescription.FIT, norm.min(), norm.range()),
				y, listener, cancelled);
		INDArray out = norm.denormalise(s.training().output())
				.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
		Image2D result = new Image2D(out, input.height(), input.width());
		MetricsRow row = Reports.networkRow(TaskDescription.FIT, s, config,
				input, result);
		return new TaskResult(
				List.of(TaskResult.NamedImage.of(OutputRole.INR, result)),
				List.of(row));
	}
}
