package io.github.reluinr.cli;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a task act like Esc in Fiji: the first
 * stops training at the next epoch, and the run writes the best result so far
 * with its metrics (stop_reason cancelled) before it exits with
 * {@link #EXIT_STOPPED} (130) after either signal: one code tells a batch
 * script "stopped by the user, partial result written", whichever way it was
 * sent. A second signal exits at once (temporary files are still removed by the
 * shutdown hook). A signal that was ignored when the JVM started (nohup, a
 * background job) stays ignored.
 */
final class Interrupts implements AutoCloseable {

	/** The exit code after SIGINT or SIGTERM (the shell's code for Ctrl-C). */
	static final int EXIT_STOPPED = 130;

	private final List<Signal> signals = new ArrayList<>();
	private final List<SignalHandler> previous = new ArrayList<>();
	private volatile Signal first;

	private Interrupts() {
	}

	/** Installs the handlers; {@code stop} runs (once) on the first signal. */
	static Interrupts install(Runnable stop) {
		Interrupts in = new Interrupts();
		for (String name : List.of("INT", "TERM")) {
			Signal sig;
			try {
				sig = new Signal(name);
			}
			catch (IllegalArgumentException e) {
				continue; // not on this platform
			}
			SignalHandler handler = s -> in.received(s, stop);
			try {
				SignalHandler old = Signal.handle(sig, handler);
				if (old == SignalHandler.SIG_IGN) {
					Signal.handle(sig, SignalHandler.SIG_IGN); // the JVM started with it ignored: keep it so
					continue;
				}
				in.signals.add(sig);
				in.previous.add(old);
			}
			catch (IllegalArgumentException | UnsupportedOperationException e) {
				// the JVM keeps this signal for itself (e.g. -Xrs): nothing to do
			}
		}
		return in;
	}

	private synchronized void received(Signal s, Runnable stop) {
		if (first != null) {
			System.err.println();
			System.err.println("relu-inr: stopped (SIG" + s.getName()
					+ " again); nothing more is written");
			io.github.reluinr.imagej.OutputPlan.holdRenamesForExit(2000); // a set already being renamed finishes whole
			System.exit(EXIT_STOPPED);
			return;
		}
		first = s;
		System.err.println();
		System.err.println("relu-inr: SIG" + s.getName()
				+ ": stopping after this epoch and saving the best result so far (again to quit at once)");
		stop.run();
	}

	/** True once a signal arrived. */
	boolean interrupted() {
		return first != null;
	}

	/** 0 without a signal, else {@link #EXIT_STOPPED}. */
	int exitCode() {
		return first == null ? 0 : EXIT_STOPPED;
	}

	@Override
	public void close() {
		for (int i = 0; i < signals.size(); i++) {
			try {
				Signal.handle(signals.get(i), previous.get(i));
			}
			catch (IllegalArgumentException ignored) {
				// leave ours installed: it only stops a run that no longer exists
			}
		}
	}
}
