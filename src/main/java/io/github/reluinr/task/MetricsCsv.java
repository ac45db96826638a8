package io.github.reluinr.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The metrics table as CSV: a header and one row per result. */
public final class MetricsCsv {

	private MetricsCsv() {
	}

	public static String format(List<MetricsRow> rows) {
		List<String> header = MetricsRow.header(rows);
		boolean sel = header.contains("selected");
		StringBuilder sb = new StringBuilder(String.join(",", header))
				.append('\n');
		for (MetricsRow r : rows)
			sb.append(String.join(",", r.cells(sel))).append('\n');
		return sb.toString();
	}

	public static void write(Path file, List<MetricsRow> rows)
			throws IOException
	{
		Files.writeString(file, format(rows), StandardCharsets.UTF_8);
	}

	/**
	 * Null when rows with this header can go into the file (it does not exist,
	 * is empty, or starts with the same header line); otherwise why not, in
	 * words for a one-line message.
	 */
	public static String headerConflict(Path file, List<String> header)
			throws IOException
	{
		if (!Files.exists(file) || Files.size(file) == 0) return null;
		String first = firstLine(file);
		if (first.equals(String.join(",", header))) return null;
		String shown = first.length() > 80
				? first.substring(0, 77) + "..."
				: first;
		boolean text = !shown.isBlank()
				&& shown.chars().allMatch(c -> c >= 32 && c < 127);
		return (text
				? "has other columns (" + shown + ")"
				: "is not a metrics CSV")
				+ ": rows cannot be appended to it; give a new file or one written by the same command";
	}

	/**
	 * The file's current content (if any, same header) followed by these rows:
	 * what an append writes.
	 */
	public static String appended(Path file, List<MetricsRow> rows)
			throws IOException
	{
		String fresh = format(rows);
		if (!Files.exists(file) || Files.size(file) == 0) return fresh;
		String conflict = headerConflict(file, MetricsRow.header(rows));
		if (conflict != null) throw new IOException(file + ": " + conflict);
		String old = Files.readString(file, StandardCharsets.UTF_8);
		if (!old.endsWith("\n")) old += "\n";
		return old + fresh.substring(fresh.indexOf('\n') + 1);
	}

	private static String firstLine(Path file) throws IOException {
		byte[] head;
		try (java.io.InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(4096);
		}
		String s = new String(head, StandardCharsets.UTF_8);
		int nl = s.indexOf('\n');
		if (nl >= 0) s = s.substring(0, nl);
		return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
	}

	/**
	 * JSON array of objects with the CSV's column names (null cells omitted).
	 */
	public static String json(List<MetricsRow> rows) {
		List<String> header = MetricsRow.header(rows);
		boolean sel = header.contains("selected");
		StringBuilder sb = new StringBuilder("[\n");
		for (int i = 0; i < rows.size(); i++) {
			List<String> cells = rows.get(i).cells(sel);
			sb.append("  {");
			boolean first = true;
			for (int j = 0; j < header.size(); j++) {
				String v = cells.get(j);
				if (v.isEmpty()) continue;
				if (!first) sb.append(", ");
				first = false;
				sb.append('"').append(header.get(j)).append("\": ");
				boolean numeric = (j >= 2 && j <= 8
						|| header.get(j).equals("plane")) && !v.equals("inf")
						&& !v.equals("-inf");
				boolean bool = v.equals("true") || v.equals("false");
				sb.append(numeric || bool
						? v
						: '"' + v.replace("\"", "\\\"") + '"');
			}
			sb.append(i + 1 < rows.size() ? "},\n" : "}\n");
		}
		return sb.append("]\n").toString();
	}
}
