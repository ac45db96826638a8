package io.github.reluinr.imagej;

import io.github.reluinr.train.Trainer;
import io.github.reluinr.train.TrainingListener;
import java.util.Locale;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;

/**
 * Epoch progress to Fiji's status bar and log: epoch, loss, PSNR and the time
 * left, at most a few updates a second; the time estimate is logged once after
 * the first epochs of a long run.
 */
final class ProgressReporter implements TrainingListener {

	private final StatusService status;
	private final LogService log;
	private final LivePlot plot;
	private long lastUpdate;
	private boolean estimated;
	private double firstEpochSeconds;
	private double maxSeconds = Double.POSITIVE_INFINITY;

	ProgressReporter(StatusService status, LogService log, boolean livePlot,
			String title)
	{
		this.status = status;
		this.log = log;
		this.plot = livePlot ? new LivePlot(title) : null;
	}

	@Override
	public void epochDone(int epoch, int epochs, double loss, double psnr,
			double seconds)
	{
		// the first epoch pays for warm-up (JIT, allocation): estimate from the ones after it
		if (epoch == 1) firstEpochSeconds = seconds;
		double perEpoch = epoch > 1
				? (seconds - firstEpochSeconds) / (epoch - 1)
				: seconds;
		double left = perEpoch * (epochs - epoch);
		// the estimate from the first measured epoch, before the second starts (a large image's epoch can take
		// minutes); refined once at epoch 4, when the first epoch's warm-up no longer dominates
		if (epoch == 1 && epochs > 1 && log != null) {
			log.info(String.format(Locale.ROOT,
					"%d epochs, about %.0f s (%.3f s for the first epoch)%s",
					epochs, seconds * epochs, seconds,
					budget(seconds * epochs)));
		}
		if (!estimated && epoch == 4 && epochs > 10 && log != null) {
			estimated = true;
			log.info(String.format(Locale.ROOT,
					"%d epochs, about %.0f s (%.3f s per epoch)%s", epochs,
					seconds + left, perEpoch, budget(seconds + left)));
		}
		if (plot != null) plot.add(epoch, loss, psnr);
		long now = System.nanoTime();
		if (now - lastUpdate < 250_000_000L && epoch < epochs) return;
		lastUpdate = now;
		if (status != null) {
			status.showProgress(epoch, epochs);
			status.showStatus(String.format(Locale.ROOT,
					"INR epoch %d/%d  loss %.3g%s  %.0f s left (Esc stops)",
					epoch, epochs, loss,
					Double.isNaN(psnr)
							? ""
							: String.format(Locale.ROOT, "  PSNR %.2f dB",
									psnr),
					left));
		}
		if (plot != null) plot.update();
	}

	@Override
	public void planned(Trainer.Plan plan) {
		maxSeconds = plan.maxSeconds();
		if (log != null) log.info(plan.describe());
	}

	@Override
	public void note(String line) {
		if (log != null) log.info(line);
	}

	/** What the time budget does to an estimated total. */
	private String budget(double total) {
		if (Double.isInfinite(maxSeconds) || total <= maxSeconds) return "";
		return String.format(Locale.ROOT,
				"; the time budget stops it at about %.0f s", maxSeconds);
	}

	void done() {
		if (status != null) status.clearStatus();
	}
}
