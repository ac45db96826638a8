package io.github.reluinr.cli;

import io.github.reluinr.imagej.InvalidInputException;
import io.github.reluinr.imagej.RenderCommand;
import io.github.reluinr.model.InrModel;
import io.github.reluinr.model.ModelFile;
import io.github.reluinr.model.Npy;
import java.io.File;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code relu-inr info FILE}: a model's config.json, its arrays, and the
 * variation norm recomputed from the weights.
 */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Print a model file's config.json, its arrays, and (bw-relu) the variation norm of eq. (53) recomputed from the weights.")
final class InfoCli implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "FILE", description = "Model file (.inr.npz)")
	File file;

	@Override
	public Integer call() {
		InrModel m;
		try {
			m = RenderCommand.read(file);
		}
		catch (InvalidInputException e) {
			System.err.println("relu-inr: " + e.getMessage());
			return ReluInrCli.BAD_INPUT;
		}
		System.out.print(ModelFile.configText(file.toPath()));
		System.out.println("arrays:");
		for (Map.Entry<String, Npy.Array> e : m.arrays().entrySet())
			System.out.println(
					"  " + e.getKey() + " " + e.getValue().shapeText());
		Double norm = m.recomputedVariationNorm();
		System.out.println(norm == null
				? "variation norm: not defined for " + m.method()
						+ " (eq. 53 is for bw-relu networks)"
				: "variation norm (eq. 53, recomputed from the weights): "
						+ norm);
		return 0;
	}
}
