package io.github.reluinr.cli;

import io.github.reluinr.imagej.InrCommand;
import java.util.Locale;
import java.util.Map;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;

/**
 * Runs the SciJava commands headless in a minimal Context: the CLI is the same code path as Fiji, and
 * the terminal shows the commands' status events as a progress line.
 */
final class Headless implements AutoCloseable {
    private final Context context;
    private final boolean quiet;
    private final TerminalProgress progress;

    Headless(boolean quiet) {
        this.quiet = quiet;
        context = new Context(CommandService.class, StatusService.class, LogService.class, EventService.class);
        LogService log = context.service(LogService.class);
        log.setLevel(quiet ? LogLevel.WARN : LogLevel.INFO);
        progress = new TerminalProgress(quiet);
        context.service(EventService.class).subscribe(progress);
    }

    /**
     * Runs a command with these inputs (results are not shown as windows); returns it when done. No input
     * persists (InrCommand), so inputs not given take the code's defaults.
     */
    <C extends InrCommand> C run(Class<C> command, Map<String, Object> inputs) throws Exception {
        inputs.put("show_results", false);
        CommandService commands = context.service(CommandService.class);
        CommandModule module = commands.run(command, true, inputs).get();
        progress.finish();
        @SuppressWarnings("unchecked")
        C c = (C) module.getCommand();
        return c;
    }

    /** As {@link #run}, for callers that treat a command's refusal as a failure (demo, benchmarks). */
    <C extends InrCommand> C runOrThrow(Class<C> command, Map<String, Object> inputs) throws Exception {
        C c = run(command, inputs);
        if (c.error() != null) throw new IllegalStateException(c.error());
        return c;
    }

    @Override
    public void close() {
        context.dispose();
    }

    /** One self-overwriting line on stderr: a bar, then the command's status text. */
    public static final class TerminalProgress {
        private final boolean quiet;
        private boolean open;
        private int value;
        private int max;

        TerminalProgress(boolean quiet) {
            this.quiet = quiet;
        }

        @EventHandler
        public void onStatus(StatusEvent e) {
            if (quiet) return;
            // StatusService sends progress and text as separate events
            if (e.getProgressMaximum() > 0) {
                value = e.getProgressValue();
                max = e.getProgressMaximum();
            }
            String msg = e.getStatusMessage();
            if (max <= 0 || msg == null || msg.isEmpty()) return;
            int cells = 24, filled = (int) ((long) cells * Math.min(value, max) / max);
            String bar = "[" + "#".repeat(filled) + "-".repeat(cells - filled) + "]";
            System.err.print(String.format(Locale.ROOT, "\r%s %s", bar, msg.replace(" (Esc stops)", "")) + "   ");
            open = true;
        }

        void finish() {
            if (open) System.err.println();
            open = false;
        }
    }
}
