package io.github.reluinr.imagej;

/**
 * Refuses a job whose training would not fit in what ND4J may allocate off-heap, before anything is
 * allocated: the estimate is the engine's ({@link io.github.reluinr.train.MemoryBudget}), for the tiled
 * layout the trainer uses.
 */
public final class MemoryBudget {
    private MemoryBudget() {}

    /** Bytes the training of this size needs (see the engine's estimate). */
    public static long estimate(long pixels, int width, int layers, int channels) {
        return io.github.reluinr.train.MemoryBudget.estimate(pixels, width, layers, channels);
    }

    public static long limit() {
        return io.github.reluinr.train.MemoryBudget.limit();
    }

    static long parse(String s) {
        return io.github.reluinr.train.MemoryBudget.parse(s);
    }

    public static void check(long pixels, int width, int layers, int channels) {
        String refusal = io.github.reluinr.train.MemoryBudget.refusal(pixels, width, layers, channels);
        if (refusal != null) throw new InvalidInputException(refusal);
    }
}
