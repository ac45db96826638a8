package io.github.reluinr.cli;

import io.github.reluinr.task.MetricsRow;
import java.util.ArrayList;
import java.util.List;

/** The metrics as an aligned text table for the terminal. */
final class Table {

	private Table() {
	}

	static String format(List<MetricsRow> rows) {
		List<String> header = MetricsRow.header(rows);
		boolean sel = header.contains("selected");
		List<List<String>> all = new ArrayList<>();
		all.add(header);
		for (MetricsRow r : rows)
			all.add(r.cells(sel));
		int[] w = new int[header.size()];
		for (List<String> row : all)
			for (int i = 0; i < w.length; i++)
				w[i] = Math.max(w[i], row.get(i).length());
		StringBuilder sb = new StringBuilder();
		for (List<String> row : all) {
			for (int i = 0; i < w.length; i++)
				sb.append(String.format("%-" + w[i] + "s", row.get(i)))
						.append(i + 1 < w.length ? "  " : "\n");
		}
		return sb.toString();
	}
}
