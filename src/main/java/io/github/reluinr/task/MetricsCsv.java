package io.github.reluinr.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The metrics table as CSV: a header and one row per result. */
public final class MetricsCsv {
    private MetricsCsv() {}

    public static String format(List<MetricsRow> rows) {
        List<String> header = MetricsRow.header(rows);
        boolean sel = header.contains("selected");
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (MetricsRow r : rows) sb.append(String.join(",", r.cells(sel))).append('\n');
        return sb.toString();
    }

    public static void write(Path file, List<MetricsRow> rows) throws IOException {
        Files.writeString(file, format(rows), StandardCharsets.UTF_8);
    }

    /** JSON array of objects with the CSV's column names (null cells omitted). */
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
                boolean numeric = (j >= 2 && j <= 8 || header.get(j).equals("plane")) && !v.equals("inf") && !v.equals("-inf");
                boolean bool = v.equals("true") || v.equals("false");
                sb.append(numeric || bool ? v : '"' + v.replace("\"", "\\\"") + '"');
            }
            sb.append(i + 1 < rows.size() ? "},\n" : "}\n");
        }
        return sb.append("]\n").toString();
    }
}
