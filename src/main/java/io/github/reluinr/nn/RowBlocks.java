package io.github.reluinr.nn;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a kernel over row ranges on all cores. Rows are cut into a fixed number
 * of blocks that does not depend on the thread count, so per-block partial sums
 * reduced in block order give bit-identical results on any machine and any run.
 */
public final class RowBlocks {

	/**
	 * Blocks per call: enough to balance 2..16 cores, few enough that per-block
	 * partials stay small.
	 */
	public static final int BLOCKS = 32;
	/**
	 * Fewer rows run on the calling thread: training tiles (a few thousand rows
	 * of a hidden layer) still use every core.
	 */
	static final int PARALLEL_ROWS = 512;

	private static final int THREADS = Math.max(1,
			Runtime.getRuntime().availableProcessors());
	private static final ExecutorService POOL = Executors
			.newFixedThreadPool(THREADS, r -> {
				Thread t = new Thread(r, "relu-inr-kernel");
				t.setDaemon(true);
				return t;
			});

	@FunctionalInterface
	public interface Body {

		void run(int block, long rowFrom, long rowTo);
	}

	private RowBlocks() {
	}

	public static int threads() {
		return THREADS;
	}

	/**
	 * Calls body(block, from, to) for BLOCKS contiguous row ranges covering [0,
	 * rows).
	 */
	public static void run(long rows, Body body) {
		run(rows, 1, body);
	}

	/**
	 * {@link #run(long, Body)} with every block but the last starting and
	 * ending at a multiple of align rows (some blocks may then be empty).
	 */
	public static void run(long rows, int align, Body body) {
		int blocks = (int) Math.min(BLOCKS, Math.max(1, rows));
		if (THREADS == 1 || rows < PARALLEL_ROWS) {
			for (int b = 0; b < blocks; b++)
				body.run(b, from(rows, blocks, b, align),
						from(rows, blocks, b + 1, align));
			return;
		}
		AtomicInteger next = new AtomicInteger();
		Runnable worker = () -> {
			for (int b; (b = next.getAndIncrement()) < blocks;)
				body.run(b, from(rows, blocks, b, align),
						from(rows, blocks, b + 1, align));
		};
		List<Future<?>> futures = new ArrayList<>(THREADS - 1);
		for (int t = 1; t < THREADS; t++)
			futures.add(POOL.submit(worker));
		worker.run();
		try {
			for (Future<?> f : futures)
				f.get();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", e);
		}
		catch (java.util.concurrent.ExecutionException e) {
			Throwable c = e.getCause();
			if (c instanceof RuntimeException) throw (RuntimeException) c;
			if (c instanceof Error) throw (Error) c;
			throw new IllegalStateException(c);
		}
	}

	static long from(long rows, int blocks, int b, int align) {
		return b == blocks ? rows : rows * b / blocks / align * align;
	}
}
