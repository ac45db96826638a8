package io.github.reluinr.model;

import io.github.reluinr.image.CoordinateGrid;
import io.github.reluinr.nn.Network;
import io.github.reluinr.nn.PositionalEncoding;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Samples a model on a grid of any size over any rectangle of its field of view.
 *
 * <p>Sampling: a region (x, y, w, h) in pixels of the training grid spans the pixel centres x .. x+w-1
 * and y .. y+h-1; a W x H render puts its first and last columns (rows) on those centres, i.e. samples
 * u = linspace(x, x+w-1, W) pixels, which is network coordinate -1 + 2u / (gridWidth - 1). The whole
 * field, (0, 0, gridWidth, gridHeight), at W x H is therefore x = linspace(-1, 1, W), y = linspace(-1, 1, H)
 * - at W = gridWidth exactly the training coordinates, and at W = 2 gridWidth - 1 the training
 * pixels at every other sample. The samples are numpy's {@code linspace(a, b, n)}: i * ((b - a) / (n - 1)) + a,
 * the last set to b, in double, rounded to float32.
 *
 * <p>Evaluation runs in tiles of whole rows (at most {@link #TILE_PIXELS} samples), so memory is bounded
 * by the tile whatever the size of the render. Pixel = (float) (raw * output_range + output_min) in
 * double, as the tasks bring a result back to the input's units. Not clipped.
 */
public final class Renderer {
    public static final int TILE_PIXELS = 1 << 16;

    private Renderer() {}

    /** A region of the field in training-grid pixels. */
    public record Region(double x, double y, double width, double height) {
        public static Region whole(InrModel m) {
            return new Region(0, 0, m.gridWidth(), m.gridHeight());
        }
    }

    /** The first coordinate, the last, for n samples over pixels [from, from + span - 1] of an axis of size n0. */
    static double[] axis(double from, double span, int n0, int n) {
        if (n0 == 1) {
            double[] v = new double[n];
            java.util.Arrays.fill(v, -1);
            return v;
        }
        double a = -1 + 2 * from / (n0 - 1);
        double b = -1 + 2 * (from + span - 1) / (n0 - 1);
        if (from == 0 && span == n0) {
            a = -1;
            b = 1;
        }
        return linspace(a, b, n);
    }

    /** numpy.linspace(a, b, n). */
    static double[] linspace(double a, double b, int n) {
        if (a == -1 && b == 1) return CoordinateGrid.linspace(n);
        double[] v = new double[n];
        if (n == 1) {
            v[0] = a;
            return v;
        }
        double step = (b - a) / (n - 1);
        for (int i = 0; i < n; i++) v[i] = i * step + a;
        v[n - 1] = b;
        return v;
    }

    /** Original-pixel spacing of n samples over a span of pixels. */
    public static double spacing(double span, int n) {
        return n > 1 ? (span - 1) / (n - 1) : span;
    }

    /**
     * Renders a model, [H*W, C] values row by row (x fastest), channels interleaved.
     *
     * @param cancelled polled between tiles (null: never); a cancelled render returns null
     */
    public static float[] render(InrModel m, int width, int height, Region region, BooleanSupplier cancelled) {
        if (width < 1 || height < 1) throw new IllegalArgumentException("the render size must be at least 1 x 1, got " + width + " x " + height);
        if ((long) width * height * m.outputs() > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("render too large: " + width + " x " + height);
        Region r = region == null ? Region.whole(m) : region;
        double[] xs = axis(r.x(), r.width(), m.gridWidth(), width);
        double[] ys = axis(r.y(), r.height(), m.gridHeight(), height);
        int channels = m.outputs();
        double[] min = m.outputMin(), range = m.outputRange();
        float[] out = new float[width * height * channels];
        int tileRows = Math.max(1, TILE_PIXELS / width);
        try (Network net = m.toNetwork()) {
            for (int row0 = 0; row0 < height; row0 += tileRows) {
                if (cancelled != null && cancelled.getAsBoolean()) return null;
                int rows = Math.min(tileRows, height - row0);
                float[] coords = new float[rows * width * 2];
                int k = 0;
                for (int j = 0; j < rows; j++) {
                    float y = (float) ys[row0 + j];
                    for (int i = 0; i < width; i++) {
                        coords[k++] = (float) xs[i];
                        coords[k++] = y;
                    }
                }
                INDArray x = Nd4j.create(coords, new long[] {(long) rows * width, 2}, 'c');
                INDArray in = m.encodingSide() > 0 ? PositionalEncoding.encode(x, m.encodingSide()) : x;
                float[] raw = net.forward(in).dup('c').data().asFloat();
                int base = row0 * width * channels;
                for (int i = 0; i < raw.length; i++) {
                    int ch = i % channels;
                    out[base + i] = (float) (raw[i] * range[ch] + min[ch]);
                }
                if (in != x) in.close();
                x.close();
            }
        }
        return out;
    }
}
