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
 * so A^T is the discrete back-projection and no other constant is needed: f = A^T (h * p) summed over the
 * angles with trapezoid weights, pi/(K-1) inside and half that at the ends for K angles over 180 degrees
 * (Kak and Slaney, eq. 3.61 with tau = 1). Runs once, so plain Java in double.
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
        halveEnds(filtered, op.angleCount(), op.width());
        INDArray image = Nd4j.create(DataType.FLOAT, op.inputSize(), sinogram.size(1));
        op.adjoint(filtered, image);
        return image.muli(angularWeight);
    }

    /**
     * Weight of the angles in the back-projection sum, the trapezoid rule over linspace(min, max, K):
     * (max - min)/(K - 1) in radians for interior angles, half that at both ends ({@link #halveEnds}).
     * Equal weights would count the direction of 0 and 180 degrees twice, which streaks the image along it.
     * A single angle gets pi.
     */
    public static double angularWeight(double[] anglesDegrees) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double a : anglesDegrees) {
            min = Math.min(min, a);
            max = Math.max(max, a);
        }
        return anglesDegrees.length > 1 ? Math.toRadians(max - min) / (anglesDegrees.length - 1) : Math.PI;
    }

    /** The trapezoid rule's half weights: scales the first and last projection by 1/2, in place. */
    static void halveEnds(INDArray filtered, int angles, int width) {
        if (angles < 2) return;
        filtered.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, width), org.nd4j.linalg.indexing.NDArrayIndex.all()).muli(0.5);
        filtered.get(org.nd4j.linalg.indexing.NDArrayIndex.interval((long) (angles - 1) * width, (long) angles * width),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).muli(0.5);
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
