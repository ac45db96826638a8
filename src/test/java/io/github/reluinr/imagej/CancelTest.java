package io.github.reluinr.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.scijava.app.event.StatusEvent;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;

/**
 * Cancel mid-training returns the best result so far, marked stopped_early; the
 * input is untouched.
 */
class CancelTest {

	/** Cancels the command at its first progress report. */
	public static final class Canceller {

		final FitCommand cmd;

		Canceller(FitCommand cmd) {
			this.cmd = cmd;
		}

		@EventHandler
		public void onStatus(StatusEvent e) {
			if (e.getProgressValue() >= 1) cmd.cancel("stopped by the test");
		}
	}

	@Test
	void cancelReturnsBestSoFar() {
		ImagePlus imp = CommandsTest.gray();
		byte[] before = ((byte[]) imp.getProcessor().getPixels()).clone();
		FitCommand cmd = new FitCommand();
		cmd.setContext(CommandFixture.context());
		cmd.image = imp;
		cmd.epochs = 1_000_000;
		cmd.width = 16;
		cmd.layers = 2;
		cmd.show_results = false;
		Canceller canceller = new Canceller(cmd);
		CommandFixture.context().service(EventService.class)
				.subscribe(canceller);
		long t0 = System.nanoTime();
		cmd.run();
		assertTrue((System.nanoTime() - t0) / 1e9 < 60, "stopped promptly");
		assertNull(cmd.error());
		assertEquals(1, cmd.results().size());
		assertEquals("true", cmd.metrics.getStringValue("stopped_early", 0));
		assertTrue(cmd.metrics.getValue("epochs", 0) < 1_000_000);
		assertEquals(24 * 20, cmd.outputImages().get(0).getWidth()
				* cmd.outputImages().get(0).getHeight());
		assertArrayEquals(before, (byte[]) imp.getProcessor().getPixels());
	}
}
