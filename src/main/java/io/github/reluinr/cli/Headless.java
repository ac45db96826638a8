package io.github.reluinr.cli;

import io.github.reluinr.imagej.InrCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.module.ModuleService;

/**
 * Runs the SciJava commands headless in a minimal Context: the CLI is the same
 * code path as Fiji, and stderr shows the commands' status events as progress:
 * one self-overwriting line on a terminal, one line every few percent otherwise
 * (a log file stays readable).
 */
final class Headless implements AutoCloseable {

	private final Context context;
	private final TerminalProgress progress;
	private final PrintStream savedOut = System.out;
	private final PrintStream savedErr = System.err;

	Headless(boolean quiet) {
		progress = new TerminalProgress(
				quiet ? TerminalProgress.Mode.NONE : TerminalProgress.mode(),
				System.err);
		if (progress.mode == TerminalProgress.Mode.TERMINAL) {
			// anything else printed while the progress line is open starts on a line of its own
			System.setOut(new PrintStream(new LineCloser(savedOut, progress),
					true, StandardCharsets.UTF_8));
			System.setErr(new PrintStream(new LineCloser(savedErr, progress),
					true, StandardCharsets.UTF_8));
		}
		context = new Context(CommandService.class, StatusService.class,
				LogService.class, EventService.class);
		LogService log = context.service(LogService.class);
		log.setLevel(quiet ? LogLevel.WARN : LogLevel.INFO);
		context.service(EventService.class).subscribe(progress);
	}

	/**
	 * Runs a command with these inputs (results are not shown as windows);
	 * returns it when done. No input persists (InrCommand), so inputs not given
	 * take the code's defaults.
	 */
	<C extends InrCommand> C run(Class<C> command, Map<String, Object> inputs)
			throws Exception
	{
		return run(command, inputs, c -> {
		});
	}

	/**
	 * As {@link #run(Class, Map)}, handing the command to {@code before} first
	 * (extra outputs, a stop handle).
	 */
	<C extends InrCommand> C run(Class<C> command, Map<String, Object> inputs,
			Consumer<? super C> before) throws Exception
	{
		inputs.put("show_results", false);
		CommandService commands = context.service(CommandService.class);
		ModuleService modules = context.service(ModuleService.class);
		CommandInfo info = commands.getCommand(command);
		CommandModule module = (CommandModule) modules.createModule(info);
		@SuppressWarnings("unchecked")
		C c = (C) module.getCommand();
		before.accept(c);
		try {
			modules.run(module, true, inputs).get();
		}
		finally {
			progress.finish();
		}
		return c;
	}

	/**
	 * As {@link #run(Class, Map, Consumer)} for any SciJava command (the volume
	 * commands, issue 21).
	 */
	<C extends org.scijava.command.Command> C runCommand(Class<C> command,
			Map<String, Object> inputs, Consumer<? super C> before)
			throws Exception
	{
		inputs.put("show_results", false);
		CommandService commands = context.service(CommandService.class);
		ModuleService modules = context.service(ModuleService.class);
		CommandModule module = (CommandModule) modules
				.createModule(commands.getCommand(command));
		@SuppressWarnings("unchecked")
		C c = (C) module.getCommand();
		before.accept(c);
		try {
			modules.run(module, true, inputs).get();
		}
		finally {
			progress.finish();
		}
		return c;
	}

	/**
	 * As {@link #run}, for callers that treat a command's refusal as a failure
	 * (demo, benchmarks).
	 */
	<C extends InrCommand> C runOrThrow(Class<C> command,
			Map<String, Object> inputs) throws Exception
	{
		C c = run(command, inputs);
		if (c.error() != null) throw new IllegalStateException(c.error());
		return c;
	}

	@Override
	public void close() {
		progress.finish();
		context.dispose();
		System.setOut(savedOut);
		System.setErr(savedErr);
	}

	/** Ends the open progress line before passing bytes on. */
	private static final class LineCloser extends OutputStream {

		private final PrintStream target;
		private final TerminalProgress progress;

		LineCloser(PrintStream target, TerminalProgress progress) {
			this.target = target;
			this.progress = progress;
		}

		@Override
		public void write(int b) {
			progress.finish();
			target.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) {
			if (len == 0) return;
			progress.finish();
			target.write(b, off, len);
		}

		@Override
		public void flush() {
			target.flush();
		}
	}

	/**
	 * Progress on stderr: a self-overwriting bar on a terminal, else a line
	 * every {@value #STEP_PERCENT}%.
	 */
	public static final class TerminalProgress {

		enum Mode {
			TERMINAL, LINES, NONE
		}

		static final int STEP_PERCENT = 5;
		final Mode mode;
		private final PrintStream out;
		private boolean open;
		private int value;
		private int max;
		private int lastStep = -1;
		private int lastMax = -1;
		private int lastValue;

		TerminalProgress(Mode mode, PrintStream out) {
			this.mode = mode;
			this.out = out;
		}

		/**
		 * TERMINAL when stderr is a terminal, else LINES.
		 * {@code -Dreluinr.progress=terminal|lines} or the environment variable
		 * {@code RELU_INR_PROGRESS} overrides the test (e.g. for tests).
		 */
		static Mode mode() {
			String o = System.getProperty("reluinr.progress",
					System.getenv("RELU_INR_PROGRESS"));
			if ("terminal".equalsIgnoreCase(o)) return Mode.TERMINAL;
			if ("lines".equalsIgnoreCase(o)) return Mode.LINES;
			return stderrIsTerminal() ? Mode.TERMINAL : Mode.LINES;
		}

		/**
		 * On Linux /proc tells where fd 2 goes; elsewhere a console (stdin and
		 * stdout on a terminal) is the best hint.
		 */
		static boolean stderrIsTerminal() {
			try {
				String target = Files
						.readSymbolicLink(Path.of("/proc/self/fd/2"))
						.toString();
				return target.startsWith("/dev/pts/")
						|| target.startsWith("/dev/tty")
						|| target.equals("/dev/console");
			}
			catch (IOException | UnsupportedOperationException
					| SecurityException e)
			{
				return System.console() != null;
			}
		}

		@EventHandler
		public synchronized void onStatus(StatusEvent e) {
			if (mode == Mode.NONE) return;
			// StatusService sends progress and text as separate events
			if (e.getProgressMaximum() > 0) {
				value = e.getProgressValue();
				max = e.getProgressMaximum();
			}
			String msg = e.getStatusMessage();
			if (max <= 0 || msg == null || msg.isEmpty()) return;
			msg = msg.replace(" (Esc stops)", "");
			if (mode == Mode.LINES) {
				if (!msg.contains("epoch")) return;
				if (max != lastMax || value < lastValue) lastStep = -1; // a new training run (next plane, c or method)
				lastMax = max;
				lastValue = value;
				int step = (int) (100L * Math.min(value, max) / max
						/ STEP_PERCENT);
				if (step <= lastStep) return;
				lastStep = step;
				out.println(msg);
				return;
			}
			int cells = 24,
					filled = (int) ((long) cells * Math.min(value, max) / max);
			String bar = "[" + "#".repeat(filled) + "-".repeat(cells - filled)
					+ "]";
			out.print(String.format(Locale.ROOT, "\r%s %s", bar, msg) + "   ");
			out.flush();
			open = true;
		}

		synchronized void finish() {
			if (open) {
				open = false;
				out.println();
			}
		}
	}
}
