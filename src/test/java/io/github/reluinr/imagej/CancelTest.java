package io.github.reluinr.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.log.LogService;

/** Cancel mid-training returns the best result so far, marked stopped_early; the input is untouched. */
class CancelTest {
    static Context context;

    @BeforeAll
    static void start() {
        System.setProperty("java.awt.headless", "true");
        context = new Context(CommandService.class, StatusService.class, LogService.class, EventService.class);
    }

    @AfterAll
    static void stop() {
        context.dispose();
    }

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
        cmd.setContext(context);
        cmd.image = imp;
        cmd.epochs = 1_000_000;
        cmd.width = 16;
        cmd.layers = 2;
        cmd.show_results = false;
        Canceller canceller = new Canceller(cmd);
        context.service(EventService.class).subscribe(canceller);
        long t0 = System.nanoTime();
        cmd.run();
        assertTrue((System.nanoTime() - t0) / 1e9 < 60, "stopped promptly");
        assertNull(cmd.error());
        assertEquals(1, cmd.results().size());
        assertEquals("true", cmd.metrics.getStringValue("stopped_early", 0));
        assertTrue(cmd.metrics.getValue("epochs", 0) < 1_000_000);
        assertEquals(24 * 20, cmd.outputImages().get(0).getWidth() * cmd.outputImages().get(0).getHeight());
        assertArrayEquals(before, (byte[]) imp.getProcessor().getPixels());
    }
}
