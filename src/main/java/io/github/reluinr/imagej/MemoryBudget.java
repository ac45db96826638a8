package io.github.reluinr.imagej;

import io.github.reluinr.nn.Mlp;
import java.util.Locale;

/**
 * Refuses a job whose training buffers would not fit in what ND4J may allocate off-heap
 * (javacpp's maxbytes, by default the JVM's -Xmx), before anything is allocated.
 */
public final class MemoryBudget {
    private MemoryBudget() {}

    /** Bytes a full-batch training of this size needs: activations, gradients, outputs and measurements. */
    public static long estimate(long pixels, int width, int layers, int channels) {
        return Mlp.bufferBytes(pixels, width, layers, channels) + 4L * pixels * (2 + 6L * channels);
    }

    public static long limit() {
        String p = System.getProperty("org.bytedeco.javacpp.maxbytes");
        long max = Runtime.getRuntime().maxMemory();
        if (p != null) {
            try {
                max = parse(p);
            } catch (NumberFormatException ignored) {
                // keep the JVM's default, as javacpp does
            }
        }
        return max;
    }

    static long parse(String s) {
        s = s.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (s.endsWith("g")) mult = 1L << 30;
        else if (s.endsWith("m")) mult = 1L << 20;
        else if (s.endsWith("k")) mult = 1L << 10;
        if (mult > 1) s = s.substring(0, s.length() - 1);
        return Long.parseLong(s) * mult;
    }

    public static void check(long pixels, int width, int layers, int channels) {
        long need = estimate(pixels, width, layers, channels);
        long limit = limit();
        if (need > limit * 0.9) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "this job needs about %.1f GiB of ND4J memory (%d pixels, width %d, %d layers) but %.1f GiB may be used: "
                            + "use a smaller width or image, give Java more memory (-Xmx), or use a GPU",
                    need / (double) (1L << 30), pixels, width, layers, limit / (double) (1L << 30)));
        }
    }
}
