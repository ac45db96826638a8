package io.github.reluinr.imagej;

import ij.measure.ResultsTable;
import io.github.reluinr.task.MetricsRow;
import java.util.List;

/**
 * The "INR Metrics" ResultsTable: the CSV's columns plus the image title, one
 * row per result.
 */
public final class MetricsTable {

	private MetricsTable() {
	}

	/**
	 * Returns a table of just these rows; when shown, appends them to the
	 * shared "INR Metrics" table too. With a display (batch mode or not) that
	 * is a table window titled "INR Metrics", which ImageJ 1.x keeps in batch
	 * mode as well, so a macro reads
	 * {@code Table.get("psnr_db", 0, "INR Metrics")}. Headless, ImageJ 1.x
	 * keeps no table by title (its own {@code Table.create("X")} is not found
	 * either): there the rows go to the system "Results" table, the one table a
	 * headless macro can read ({@code getResult("psnr_db", 0)}).
	 */
	public static ResultsTable append(String imageTitle, List<MetricsRow> rows,
			boolean show)
	{
		ResultsTable own = new ResultsTable();
		fill(own, imageTitle, rows);
		if (!show) return own;
		if (!java.awt.GraphicsEnvironment.isHeadless()) {
			ResultsTable shared = ResultsTable
					.getResultsTable(InrCommand.TABLE_TITLE);
			if (shared == null) shared = new ResultsTable();
			fill(shared, imageTitle, rows);
			shared.show(InrCommand.TABLE_TITLE);
		}
		else if (ij.IJ.isMacro() || ij.macro.Interpreter.isBatchMode()) {
			ResultsTable results = ResultsTable.getResultsTable();
			if (results != null) fill(results, imageTitle, rows);
		}
		return own;
	}

	static void fill(ResultsTable t, String imageTitle, List<MetricsRow> rows) {
		List<String> cols = MetricsRow.header(rows);
		boolean sel = cols.contains("selected");
		for (MetricsRow r : rows) {
			t.incrementCounter();
			t.addValue("image", imageTitle);
			List<String> cells = r.cells(sel);
			for (int i = 0; i < cols.size(); i++) {
				String v = cells.get(i);
				double d = parse(v);
				if (Double.isNaN(d) || List.of("task", "method", "backend",
						"input", "stop_reason", "filter").contains(cols.get(i)))
					t.addValue(cols.get(i), v);
				else
					t.addValue(cols.get(i), d);
			}
		}
	}

	private static double parse(String v) {
		if (v.equals("inf")) return Double.POSITIVE_INFINITY;
		try {
			return Double.parseDouble(v);
		}
		catch (NumberFormatException e) {
			return Double.NaN;
		}
	}
}
