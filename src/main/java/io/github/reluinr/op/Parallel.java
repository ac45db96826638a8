package io.github.reluinr.op;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs independent loop bodies on the common fork-join pool, where the calling
 * thread works too (on 2 cores: the caller plus one worker). Results stay
 * deterministic because every index writes only its own outputs, whichever
 * thread runs it.
 */
final class Parallel {

	private Parallel() {
	}

	/**
	 * body(i) for i in [0, n); in parallel only when {@code worthIt} (small
	 * loops run inline).
	 */
	static void forEach(int n, boolean worthIt, IntConsumer body) {
		if (!worthIt || n <= 1) {
			for (int i = 0; i < n; i++)
				body.accept(i);
		}
		else {
			IntStream.range(0, n).parallel().forEach(body);
		}
	}
}
