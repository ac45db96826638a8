package io.github.reluinr.task;

import io.github.reluinr.train.MethodDefaults;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The paper's comparison on one image and task: each method with its own
 * Appendix D settings (lr, c, omega0, sigma0), sharing epochs, width, layers,
 * schedule and seed; with each run's PSNR per epoch.
 */
public final class Comparison {

	/**
	 * One method's result and its training curve (PSNR against the task's
	 * reference, NaN without one).
	 */
	public record MethodRun(String method, TaskResult result,
			double[] psnrByEpoch) {

		public MetricsRow row() {
			return result.metrics().get(0);
		}
	}

	private Comparison() {
	}

	/** Parses "bw-relu, siren" into known method names (all six when blank). */
	public static List<String> parseMethods(String text) {
		if (text == null || text.isBlank())
			return io.github.reluinr.nn.Activations.NAMES;
		List<String> out = new ArrayList<>();
		for (String part : text.split(",")) {
			String m = part.trim();
			if (m.isEmpty()) continue;
			io.github.reluinr.nn.Activations.check(m);
			if (!out.contains(m)) out.add(m);
		}
		if (out.isEmpty())
			throw new IllegalArgumentException(
					"methods is empty: give a comma-separated list such as bw-relu,siren");
		return out;
	}

	/**
	 * Runs every method; the progress listener sees one run after another
	 * (epoch counts restart). Stops between methods when cancelled, returning
	 * the methods done so far.
	 */
	public static List<MethodRun> run(List<String> methods,
			TrainingConfig shared, MethodDefaults.Task task, TaskRun run,
			TrainingListener listener, BooleanSupplier cancelled)
	{
		List<MethodRun> out = new ArrayList<>();
		for (String method : methods) {
			if (cancelled != null && cancelled.getAsBoolean()) break;
			TrainingConfig cfg = MethodDefaults.apply(shared, method, task);
			double[] curve = new double[cfg.epochs()];
			java.util.Arrays.fill(curve, Double.NaN);
			TaskResult r = run.run(cfg, (e, n, loss, psnr, s) -> {
				curve[e - 1] = psnr;
				if (listener != null) listener.epochDone(e, n, loss, psnr, s);
			}, cancelled);
			out.add(new MethodRun(method, r, curve));
		}
		return out;
	}

	/**
	 * The rows of a comparison: one per method, then the task's baselines once.
	 */
	public static List<MetricsRow> rows(List<MethodRun> runs) {
		List<MetricsRow> rows = new ArrayList<>();
		for (MethodRun r : runs)
			rows.add(r.row());
		if (!runs.isEmpty())
			rows.addAll(runs.get(0).result().metrics().subList(1,
					runs.get(0).result().metrics().size()));
		return rows;
	}
}
