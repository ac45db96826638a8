package io.github.reluinr.imagej;

import ij.measure.ResultsTable;
import io.github.reluinr.task.MetricsRow;
import java.util.List;

/** The "INR Metrics" ResultsTable: the CSV's columns plus the image title, one row per result. */
public final class MetricsTable {
    private MetricsTable() {}

    /** Returns a table of just these rows; appends them to the shared window table when shown. */
    public static ResultsTable append(String imageTitle, List<MetricsRow> rows, boolean show) {
        ResultsTable own = new ResultsTable();
        fill(own, imageTitle, rows);
        if (show && !java.awt.GraphicsEnvironment.isHeadless()) {
            ResultsTable shared = ResultsTable.getResultsTable(InrCommand.TABLE_TITLE);
            if (shared == null) shared = new ResultsTable();
            fill(shared, imageTitle, rows);
            shared.show(InrCommand.TABLE_TITLE);
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
                if (Double.isNaN(d) || List.of("task", "method", "backend", "input", "stop_reason", "filter").contains(cols.get(i))) t.addValue(cols.get(i), v);
                else t.addValue(cols.get(i), d);
            }
        }
    }

    private static double parse(String v) {
        if (v.equals("inf")) return Double.POSITIVE_INFINITY;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
