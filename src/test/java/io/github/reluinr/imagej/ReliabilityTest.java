package io.github.reluinr.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/** Invariants users rely on: untouched inputs, concurrent runs, flat native memory, no clipping. */
class ReliabilityTest {
    static float[] output(InrCommand c) {
        return (float[]) c.outputImages().get(0).getStack().getProcessor(1).getPixels();
    }

    @Test
    void inputsAreIdenticalAfterEveryCommand() throws Exception {
        ImagePlus imp = CommandsTest.gray();
        byte[] before = ((byte[]) imp.getProcessor().getPixels()).clone();
        Map<String, Object> m = CommandsTest.small(imp);
        m.put("scale", 2);
        assertNull(CommandsTest.run(SuperResolutionCommand.class, m).error());
        m = CommandsTest.small(imp);
        m.put("angles", 8);
        assertNull(CommandsTest.run(CtCommand.class, m).error());
        m = CommandsTest.small(imp);
        m.put("lr", 5.0); // an error after the image was resolved
        CommandsTest.run(FitCommand.class, m);
        assertArrayEquals(before, (byte[]) imp.getProcessor().getPixels());
    }

    @Test
    void twoCommandsAtOnceGiveTheSameResultsAsOneAfterTheOther() throws Exception {
        Map<String, Object> a = CommandsTest.small(CommandsTest.gray());
        Map<String, Object> b = CommandsTest.small(CommandsTest.gray());
        b.put("seed", 7);
        float[] aAlone = output(CommandsTest.run(FitCommand.class, new java.util.HashMap<>(a)));
        float[] bAlone = output(CommandsTest.run(FitCommand.class, new java.util.HashMap<>(b)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<FitCommand> fa = pool.submit(() -> CommandsTest.run(FitCommand.class, new java.util.HashMap<>(a)));
            Future<FitCommand> fb = pool.submit(() -> CommandsTest.run(FitCommand.class, new java.util.HashMap<>(b)));
            assertArrayEquals(aAlone, output(fa.get()), 0f);
            assertArrayEquals(bAlone, output(fb.get()), 0f);
        } finally {
            pool.shutdown();
        }
    }

    /** Resident memory outside the Java heap: ND4J's buffers (its allocator is not javacpp-tracked). */
    static long nativeBytes() throws InterruptedException {
        System.gc();
        Thread.sleep(300);
        return Pointer.physicalBytes() - Runtime.getRuntime().totalMemory();
    }

    @Test
    void twentyRunsDoNotGrowNativeMemory() throws Exception {
        // 128x128, width 64: each run allocates about 40 MB of network buffers, so two leaked runs
        // would already break the bound.
        ij.process.ByteProcessor bp = new ij.process.ByteProcessor(128, 128);
        for (int i = 0; i < 128 * 128; i++) bp.set(i, (i * 7 + i / 128 * 3) % 256);
        long after2 = 0;
        for (int i = 1; i <= 20; i++) {
            Map<String, Object> m = CommandsTest.small(new ImagePlus("big", bp));
            m.put("epochs", 2);
            m.put("width", 64);
            assertNull(CommandsTest.run(FitCommand.class, m).error());
            if (i == 2) after2 = nativeBytes();
        }
        long growth = nativeBytes() - after2;
        assertTrue(growth < 64L << 20, "native memory grew by " + (growth >> 20) + " MB over 18 runs (bound 64 MB)");
    }

    @Test
    void sixteenBitFullRangeRoundTripsWithoutClipping() throws Exception {
        ShortProcessor sp = new ShortProcessor(20, 20);
        for (int y = 0; y < 20; y++) for (int x = 0; x < 20; x++) sp.set(x, y, (int) Math.round(65535.0 * ((x + y) % 20) / 19.0));
        ImagePlus imp = new ImagePlus("u16", sp);
        Map<String, Object> m = CommandsTest.small(imp);
        m.put("epochs", 300);
        m.put("width", 32);
        m.put("c", 3.0);
        m.put("lr", 1e-2);
        FitCommand cmd = CommandsTest.run(FitCommand.class, m);
        assertNull(cmd.error());
        FloatProcessor out = (FloatProcessor) cmd.outputImages().get(0).getProcessor();
        double max = out.getStatistics().max, min = out.getStatistics().min;
        assertTrue(max > 60000 && max < 70000, "max " + max + " (clipping at 32767 or 255 would show)");
        assertTrue(min < 5000, "min " + min);
        assertTrue(cmd.metrics.getValue("psnr_db", 0) > 20, "psnr " + cmd.metrics.getValue("psnr_db", 0));
    }
}
