package io.github.reluinr.imagej;

import io.github.reluinr.train.TrainingListener;
import java.util.Locale;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;

/**
 * Epoch progress to Fiji's status bar and log: epoch, loss, PSNR and the time left, at most a few
 * updates a second; the time estimate is logged once after the first epochs of a long run.
 */
final class ProgressReporter implements TrainingListener {
    private final StatusService status;
    private final LogService log;
    private final LivePlot plot;
    private long lastUpdate;
    private boolean estimated;
    private double firstEpochSeconds;

    ProgressReporter(StatusService status, LogService log, boolean livePlot, String title) {
        this.status = status;
        this.log = log;
        this.plot = livePlot ? new LivePlot(title) : null;
    }

    @Override
    public void epochDone(int epoch, int epochs, double loss, double psnr, double seconds) {
        // the first epoch pays for warm-up (JIT, allocation): estimate from the ones after it
        if (epoch == 1) firstEpochSeconds = seconds;
        double perEpoch = epoch > 1 ? (seconds - firstEpochSeconds) / (epoch - 1) : seconds;
        double left = perEpoch * (epochs - epoch);
        if (!estimated && epoch == 4 && epochs > 10 && log != null) {
            estimated = true;
            log.info(String.format(Locale.ROOT, "%d epochs, about %.0f s (%.3f s per epoch)", epochs, seconds + left, perEpoch));
        }
        if (plot != null) plot.add(epoch, loss, psnr);
        long now = System.nanoTime();
        if (now - lastUpdate < 250_000_000L && epoch < epochs) return;
        lastUpdate = now;
        if (status != null) {
            status.showProgress(epoch, epochs);
            status.showStatus(String.format(Locale.ROOT, "INR epoch %d/%d  loss %.3g%s  %.0f s left (Esc stops)", epoch, epochs, loss,
                    Double.isNaN(psnr) ? "" : String.format(Locale.ROOT, "  PSNR %.2f dB", psnr), left));
        }
        if (plot != null) plot.update();
    }

    void done() {
        if (status != null) status.clearStatus();
    }
}
