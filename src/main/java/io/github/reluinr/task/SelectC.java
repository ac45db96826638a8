package io.github.reluinr.task;

import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Chooses the BW-ReLU scale c by the variation norm (Section 4.1, 5.4 and
 * Appendix C/D.4): one network per c in a list, each trained on the same task
 * from the same seed, optionally until a target training loss, and the one with
 * the lowest variation norm (eq. 53) among the eligible is selected.
 *
 * <p>
 * Eligible: the run finished (not cancelled), its loss and norm are finite,
 * and, when a target loss is set, it reached the target within the epoch cap. A
 * c that misses the target is reported with its loss but not selected: the
 * paper compares norms at equal training loss (D.4 trains every c to the same
 * loss), and without a target the comparison favours whichever c fits least.
 * With a target the trainer stops at the first epoch whose loss is at or below
 * it and leaves the network at those parameters, so each norm belongs to the
 * reported output.
 *
 * <p>
 * Rows: one per c (the network's row, {@code selected} true on exactly one when
 * any is eligible), then the task's classical baselines (FBP, bicubic) once,
 * with {@code selected} false: they are shown for comparison and are never
 * candidates.
 */
public final class SelectC {

	private SelectC() {
	}

	/**
	 * One trained c.
	 *
	 * @param completed
	 *            false when the run was cancelled
	 */
	public record Candidate(double c, TaskResult result, MetricsRow row,
			double targetLoss, boolean completed) {

		public boolean reachedTarget() {
			return Double.isNaN(targetLoss) || (row.finalLoss() != null
					&& row.finalLoss() <= targetLoss);
		}

		public boolean eligible() {
			return reason() == null;
		}

		/** Why this c cannot be selected, or null when it can. */
		public String reason() {
			if (!completed) return "cancelled";
			if (row.finalLoss() == null || !Double.isFinite(row.finalLoss()))
				return "training diverged";
			if (row.variationNorm() == null
					|| !Double.isFinite(row.variationNorm()))
				return "no finite variation norm";
			if (!reachedTarget()) {
				return "missed the target loss " + g(targetLoss) + " (loss "
						+ g(row.finalLoss()) + " after " + row.epochs()
						+ " epochs)";
			}
			return null;
		}
	}

	/**
	 * Every c's outcome and the choice.
	 *
	 * @param selected
	 *            index into candidates of the selected c, -1 when none is
	 *            eligible
	 */
	public record Selection(List<Candidate> candidates, int selected,
			List<TaskResult.NamedImage> baselineImages,
			List<MetricsRow> baselineRows, double targetLoss) {

		/** The selected c's candidate, or null when none is eligible. */
		public Candidate selectedCandidate() {
			return selected < 0 ? null : candidates.get(selected);
		}

		/**
		 * One row per c with {@code selected} set, then the baselines with
		 * {@code selected} false.
		 */
		public List<MetricsRow> rows() {
			List<MetricsRow> rows = new ArrayList<>();
			for (int i = 0; i < candidates.size(); i++)
				rows.add(candidates.get(i).row().withSelected(i == selected));
			for (MetricsRow r : baselineRows)
				rows.add(r.withSelected(false));
			return rows;
		}

		/**
		 * The selected network's images (role "INR" first, e.g. FBP and
		 * sinogram after it) with all rows.
		 *
		 * @throws IllegalStateException
		 *             when no c is eligible
		 */
		public TaskResult result() {
			Candidate s = selectedCandidate();
			if (s == null)
				throw new IllegalStateException(noneEligibleMessage());
			List<TaskResult.NamedImage> images = new ArrayList<>();
			images.add(s.result().images().get(0));
			images.addAll(baselineImages);
			return new TaskResult(images, rows());
		}

		/** A one-line explanation of why nothing was selected. */
		public String noneEligibleMessage() {
			StringBuilder sb = new StringBuilder("no c is eligible");
			if (!Double.isNaN(targetLoss))
				sb.append(" for target_loss ").append(g(targetLoss));
			sb.append(": ");
			for (int i = 0; i < candidates.size(); i++) {
				Candidate cand = candidates.get(i);
				sb.append(i > 0 ? "; " : "").append("c ").append(fmt(cand.c()))
						.append(' ').append(cand.reason());
			}
			if (candidates.isEmpty()) sb.append("cancelled before the first c");
			else
				if (!Double.isNaN(targetLoss))
					sb.append(
							" - raise the epochs, the learning rate or the target loss");
			return sb.toString();
		}
	}

	/**
	 * Trains the task once per c (in the given order) and selects; stops early
	 * when cancelled.
	 */
	public static Selection run(List<Double> cValues, TrainingConfig base,
			TaskRun task, TrainingListener listener, BooleanSupplier cancelled)
	{
		return run(cValues, base, task, listener, cancelled, null);
	}

	/**
	 * As
	 * {@link #run(List, TrainingConfig, TaskRun, TrainingListener, BooleanSupplier)},
	 * calling {@code done} after each c. The listener sees one progress run
	 * over all c: epoch e of the i-th c (0-based) is reported as i * epochs + e
	 * of cValues.size() * epochs.
	 */
	public static Selection run(List<Double> cValues, TrainingConfig base,
			TaskRun task, TrainingListener listener, BooleanSupplier cancelled,
			Consumer<Candidate> done)
	{
		check(cValues);
		if (!"bw-relu".equals(base.activation())) {
			throw new IllegalArgumentException(
					"c is selected by the BW-ReLU variation norm: the activation must be bw-relu, not "
							+ base.activation());
		}
		double target = base.targetLoss();
		List<Candidate> candidates = new ArrayList<>();
		List<TaskResult.NamedImage> baselineImages = List.of();
		List<MetricsRow> baselineRows = List.of();
		int n = cValues.size();
		double[] elapsed = {0};
		for (int i = 0; i < n; i++) {
			if (cancelled != null && cancelled.getAsBoolean()) break;
			double c = cValues.get(i);
			TrainingConfig cfg = base.copy().c(c);
			final int index = i;
			final double offset = elapsed[0];
			TrainingListener overall = listener == null
					? null
					: (epoch, epochs, loss, psnr, seconds) -> {
						elapsed[0] = offset + seconds;
						listener.epochDone(index * epochs + epoch, n * epochs,
								loss, psnr, offset + seconds);
					};
			TaskResult r = task.run(cfg, overall, cancelled);
			boolean completed = cancelled == null || !cancelled.getAsBoolean();
			MetricsRow row = r.metrics().get(0);
			if (row.c() == null || row.c() != c)
				throw new IllegalStateException(
						"the task's first row is not the network trained with c = "
								+ c);
			Candidate cand = new Candidate(c, r, row, target, completed);
			candidates.add(cand);
			if (i == 0) {
				baselineImages = r.images().subList(1, r.images().size());
				baselineRows = r.metrics().subList(1, r.metrics().size());
			}
			if (done != null) done.accept(cand);
			if (!completed) break;
		}
		int selected = -1;
		for (int i = 0; i < candidates.size(); i++) {
			Candidate cand = candidates.get(i);
			if (!cand.eligible()) continue;
			// lowest norm; a tie keeps the earlier c in the list
			if (selected < 0 || cand.row().variationNorm() < candidates
					.get(selected).row().variationNorm())
				selected = i;
		}
		return new Selection(List.copyOf(candidates), selected,
				List.copyOf(baselineImages), List.copyOf(baselineRows), target);
	}

	/** Parses "1, 2, 3.5" into [1.0, 2.0, 3.5]: positive, finite, distinct. */
	public static List<Double> parseCValues(String text) {
		if (text == null || text.isBlank())
			throw new IllegalArgumentException(
					"c_values is empty: give a comma-separated list such as 1,2,3,5");
		List<Double> out = new ArrayList<>();
		for (String part : text.split(",")) {
			String p = part.trim();
			if (p.isEmpty())
				throw new IllegalArgumentException(
						"c_values \"" + text + "\" has an empty entry");
			try {
				out.add(Double.parseDouble(p));
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException("c_values \"" + text
						+ "\": \"" + p + "\" is not a number");
			}
		}
		check(out);
		return out;
	}

	private static void check(List<Double> cValues) {
		if (cValues.isEmpty())
			throw new IllegalArgumentException("c_values is empty");
		for (double c : cValues) {
			if (!(c > 0) || !Double.isFinite(c) || c > 1000)
				throw new IllegalArgumentException("c = " + fmt(c)
						+ " in c_values is out of range: allowed above 0 up to 1000");
		}
		if (new LinkedHashSet<>(cValues).size() != cValues.size())
			throw new IllegalArgumentException(
					"c_values " + cValues + " repeats a value");
	}

	/** Three significant digits without trailing zeros: 0.1, 0.0431, 1e-09. */
	static String g(double v) {
		String s = String.format(Locale.ROOT, "%.3g", v);
		int e = s.indexOf('e');
		String mantissa = e < 0 ? s : s.substring(0, e),
				exponent = e < 0 ? "" : s.substring(e);
		if (mantissa.contains("."))
			mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
		return mantissa + exponent;
	}

	/** c as it is written in lists and titles: 3, 0.5. */
	public static String fmt(double c) {
		return c == Math.rint(c) && Math.abs(c) < 1e15
				? String.valueOf((long) c)
				: String.valueOf(c);
	}
}
