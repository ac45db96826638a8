package io.github.reluinr.task;

import java.util.List;
import java.util.Locale;

/**
 * One row of the metrics table: one result of one method. Cells that do not apply are null and print
 * empty (a norm for FBP, a PSNR without ground truth).
 */
public record MetricsRow(String task, String method, Double c, Integer epochs, Double seconds, Double finalLoss,
        Double psnrDb, Double ssim, Double variationNorm, String backend, Boolean stoppedEarly, Boolean selected) {

    /** The CSV columns, in order. {@code selected} is only written by select-c. */
    public static final List<String> COLUMNS = List.of("task", "method", "c", "epochs", "seconds", "final_loss",
            "psnr_db", "ssim", "variation_norm", "backend", "stopped_early");

    public MetricsRow withSelected(boolean s) {
        return new MetricsRow(task, method, c, epochs, seconds, finalLoss, psnrDb, ssim, variationNorm, backend, stoppedEarly, s);
    }

    /** Cell values as strings in {@link #COLUMNS} order (plus selected when set). */
    public List<String> cells(boolean withSelected) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>(List.of(text(task), text(method), num(c), epochs == null ? "" : epochs.toString(),
                num(seconds), num(finalLoss), num(psnrDb), num(ssim), num(variationNorm), text(backend),
                stoppedEarly == null ? "" : stoppedEarly.toString()));
        if (withSelected) out.add(selected == null ? "" : selected.toString());
        return out;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static String num(Double d) {
        if (d == null || d.isNaN()) return "";
        if (d.isInfinite()) return d > 0 ? "inf" : "-inf";
        String s = new java.math.BigDecimal(String.format(Locale.ROOT, "%.6g", d)).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
