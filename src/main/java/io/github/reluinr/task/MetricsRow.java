package io.github.reluinr.task;

import io.github.reluinr.train.StopReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One row of the metrics table: one result of one method. Cells that do not
 * apply are null and print empty (a norm for FBP, a PSNR without ground truth,
 * a stop reason for a baseline).
 *
 * @param stopReason
 *            why the network's training ended (null for a classical baseline)
 * @param input
 *            the input's file name or image title (null: not known yet; the
 *            command fills it)
 * @param plane
 *            1-based stack index, null for a single plane
 * @param filter
 *            the FBP filter of an {@code fbp} row, else null
 * @param selected
 *            select-c only: whether this row is the selected one
 */
public record MetricsRow(String task, String method, Double c, Integer epochs,
		Double seconds, Double finalLoss, Double psnrDb, Double ssim,
		Double variationNorm, String backend, StopReason stopReason,
		String input, Integer plane, String filter, Boolean selected) {

	/**
	 * The CSV columns, in order; new columns only ever go at the end, so that
	 * old tables stay readable. {@code selected} follows them, written by
	 * select-c only.
	 */
	public static final List<String> COLUMNS = List.of("task", "method", "c",
			"epochs", "seconds", "final_loss", "psnr_db", "ssim",
			"variation_norm", "backend", "stopped_early", "input", "plane",
			"stop_reason", "filter");

	/**
	 * A network's row or a baseline's, before the command names its input and
	 * plane.
	 */
	public MetricsRow(String task, String method, Double c, Integer epochs,
			Double seconds, Double finalLoss, Double psnrDb, Double ssim,
			Double variationNorm, String backend, StopReason stopReason)
	{
		this(task, method, c, epochs, seconds, finalLoss, psnrDb, ssim,
				variationNorm, backend, stopReason, null, null, null, null);
	}

	/** Null for a baseline; true unless every planned epoch ran. */
	public Boolean stoppedEarly() {
		return stopReason == null ? null : stopReason.early();
	}

	public MetricsRow withSelected(boolean s) {
		return new MetricsRow(task, method, c, epochs, seconds, finalLoss,
				psnrDb, ssim, variationNorm, backend, stopReason, input, plane,
				filter, s);
	}

	/**
	 * The same row scored against another ground truth (null values: no truth).
	 */
	public MetricsRow withScores(Double psnr, Double ssimValue) {
		return new MetricsRow(task, method, c, epochs, seconds, finalLoss, psnr,
				ssimValue, variationNorm, backend, stopReason, input, plane,
				filter, selected);
	}

	/**
	 * The same row, naming the input and the 1-based plane it came from (null:
	 * a single plane).
	 */
	public MetricsRow withSource(String inputName, Integer planeIndex) {
		return new MetricsRow(task, method, c, epochs, seconds, finalLoss,
				psnrDb, ssim, variationNorm, backend, stopReason, inputName,
				planeIndex, filter, selected);
	}

	public MetricsRow withFilter(String filterName) {
		return new MetricsRow(task, method, c, epochs, seconds, finalLoss,
				psnrDb, ssim, variationNorm, backend, stopReason, input, plane,
				filterName, selected);
	}

	/**
	 * The header of a table of these rows: {@link #COLUMNS}, plus
	 * {@code selected} if any row has it.
	 */
	public static List<String> header(List<MetricsRow> rows) {
		List<String> h = new ArrayList<>(COLUMNS);
		if (rows.stream().anyMatch(r -> r.selected() != null))
			h.add("selected");
		return h;
	}

	/**
	 * Cell values as strings in {@link #COLUMNS} order (plus selected when
	 * asked).
	 */
	public List<String> cells(boolean withSelected) {
		Boolean early = stoppedEarly();
		List<String> out = new ArrayList<>(List.of(text(task), text(method),
				num(c), epochs == null ? "" : epochs.toString(), num(seconds),
				num(finalLoss), num(psnrDb), num(ssim), num(variationNorm),
				text(backend), early == null ? "" : early.toString(),
				text(input), plane == null ? "" : plane.toString(),
				stopReason == null ? "" : stopReason.csv(), text(filter)));
		if (withSelected) out.add(selected == null ? "" : selected.toString());
		return out;
	}

	private static String text(String s) {
		return s == null ? "" : s;
	}

	private static String num(Double d) {
		if (d == null || d.isNaN()) return "";
		if (d.isInfinite()) return d > 0 ? "inf" : "-inf";
		String s = new java.math.BigDecimal(
				String.format(Locale.ROOT, "%.6g", d)).stripTrailingZeros()
				.toPlainString();
		return s.equals("-0") ? "0" : s;
	}
}
