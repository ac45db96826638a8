package io.github.reluinr.op;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Ram-Lak filtered back-projection, the classical CT baseline for {@link RadonOperator} sinograms: each
 * projection is convolved with the spatial Ram-Lak kernel (unit detector spacing, zero padding outside the
 * detector), then back-projected with the operator's adjoint and scaled by the angular step.
 *
 * <p>The adjoint spreads each value along its ray with bilinear weights that sum to about one per pixel,
 * so A^T is the discrete back-projection and no other constant is needed: f = (pi/K) A^T (h * p) for K
 * angles over 180 degrees (Kak and Slaney, eq. 3.61 with tau = 1). Runs once, so plain Java in double.
 */
public final class FilteredBackProjection {
    private FilteredBackProjection() {}

    /**
     * Reconstructs [H*W, C] from a sinogram [angles*W, C] in the layout of {@code op}, with the default
     * angular weight {@link #angularWeight(double[])}.
     */
    public static INDArray reconstruct(INDArray sinogram, RadonOperator op) {
        return reconstruct(sinogram, op, angularWeight(op.anglesDegrees()));
    }

    /** As {@link #reconstruct(INDArray, RadonOperator)} with an explicit weight per angle (radians). */
    public static INDArray reconstruct(INDArray sinogram, RadonOperator op, double angularWeight) {
        INDArray filtered = filter(sinogram, op.width());
        INDArray image = Nd4j.create(DataType.FLOAT, op.inputSize(), sinogram.size(1));
        op.adjoint(filtered, image);
        return image.muli(angularWeight);
    }

    /**
     * Weight of each angle in the back-projection sum: the covered range in radians divided by the number
     * of angles, pi/K for K angles over 180 degrees (the brief's convention for linspace with both ends).
     * The range is max - min, or 180 degrees for a single angle.
     */
    public static double angularWeight(double[] anglesDegrees) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double a : anglesDegrees) {
            min = Math.min(min, a);
            max = Math.max(max, a);
        }
        double range = anglesDegrees.length > 1 ? max - min : 180.0;
        return Math.toRadians(range) / anglesDegrees.length;
    }

    /** The spatial Ram-Lak kernel h[n] for n = 0..length-1 (it is even): 1/4, 0 for even n, -1/(pi n)^2 for odd n. */
    public static double[] ramLak(int length) {
        double[] h = new double[length];
        h[0] = 0.25;
        for (int n = 1; n < length; n += 2) h[n] = -1.0 / (Math.PI * Math.PI * n * n);
        return h;
    }

    /** Ramp-filters every projection (rows of width W) of a [angles*W, C] sinogram; returns a new array. */
    public static INDArray filter(INDArray sinogram, int width) {
        long rows = sinogram.size(0);
        int channels = (int) sinogram.size(1);
        if (rows % width != 0) throw new IllegalArgumentException("sinogram rows are not a multiple of the width");
        int angles = (int) (rows / width);
        float[] data = sinogram.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] result = new float[data.length];
        double[] h = ramLak(width);
        Parallel.forEach(angles, (long) angles * width * width >= 1 << 16, a -> {
            double[] projection = new double[width];
            for (int ch = 0; ch < channels; ch++) {
                for (int u = 0; u < width; u++) projection[u] = data[(a * width + u) * channels + ch];
                for (int t = 0; t < width; t++) {
                    double q = 0;
                    for (int u = 0; u < width; u++) q += h[Math.abs(t - u)] * projection[u];
                    result[(a * width + t) * channels + ch] = (float) q;
                }
            }
        });
        return Nd4j.createFromArray(result).reshape(rows, channels);
    }
}
