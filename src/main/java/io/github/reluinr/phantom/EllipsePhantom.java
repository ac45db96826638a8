package io.github.reluinr.phantom;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A sum of constant-density ellipses, rendered on a pixel grid and projected
 * analytically in the geometry of {@link io.github.reluinr.op.RadonOperator}.
 *
 * <p>
 * Pixel geometry: pixel (x, y) (column, row; row 0 at the top) has its centre
 * at normalised X = (x - (W-1)/2) / R, Y = ((H-1)/2 - y) / R with R = (min(H,
 * W) - 1) / 2 pixels per unit, so the unit disk is inscribed in the image and
 * touches the centres of the outer pixels of the shorter side (MATLAB's
 * {@code phantom} convention for square images; y points up).
 *
 * <p>
 * Sinograms follow the Radon operator: at angle theta and detector u, t = u -
 * (W-1)/2 pixels, the ray direction is such that a point at pixel offsets (x',
 * y'), y' down, projects to x' cos(theta) + y' sin(theta), which in the y-up
 * frame is the projection on (cos beta, sin beta) with beta = -theta. Values
 * are line integrals in pixel units, as the operator's sums over rows.
 */
public final class EllipsePhantom {

	private final List<Ellipse> ellipses;

	public EllipsePhantom(List<Ellipse> ellipses) {
		this.ellipses = List.copyOf(ellipses);
	}

	public List<Ellipse> ellipses() {
		return ellipses;
	}

	/** Pixels per normalised unit for an H x W image. */
	public static double pixelsPerUnit(int height, int width) {
		int side = Math.min(height, width);
		return side > 1 ? (side - 1) / 2.0 : 1.0;
	}

	/**
	 * Value at normalised (x, y): the sum of the densities of the ellipses that
	 * contain it.
	 */
	public double valueAt(double x, double y) {
		double v = 0;
		for (Ellipse e : ellipses)
			if (e.contains(x, y)) v += e.density();
		return v;
	}

	/** The image sampled at pixel centres, [H*W, 1] float, index y*W + x. */
	public INDArray image(int height, int width) {
		return image(height, width, 1);
	}

	/**
	 * The image averaged over k x k sub-pixel samples per pixel (k = 1: pixel
	 * centres), approaching the pixel-area average of the ellipses as k grows.
	 * [H*W, 1] float.
	 */
	public INDArray image(int height, int width, int supersample) {
		return Nd4j.createFromArray(render(height, width, supersample))
				.reshape((long) height * width, 1);
	}

	/** As {@link #image(int, int, int)}, as a float array. */
	public float[] render(int height, int width, int supersample) {
		if (supersample < 1)
			throw new IllegalArgumentException("supersample must be positive");
		double r = pixelsPerUnit(height, width);
		double cx = (width - 1) / 2.0;
		double cy = (height - 1) / 2.0;
		float[] pixels = new float[height * width];
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				double sum = 0;
				for (int j = 0; j < supersample; j++) {
					double sy = y - 0.5 + (j + 0.5) / supersample;
					for (int i = 0; i < supersample; i++) {
						double sx = x - 0.5 + (i + 0.5) / supersample;
						sum += valueAt((sx - cx) / r, (cy - sy) / r);
					}
				}
				pixels[y * width
						+ x] = (float) (sum / (supersample * supersample));
			}
		}
		return pixels;
	}

	/**
	 * Analytic sinogram for a square image of side {@code width}: [angles*W,
	 * 1].
	 */
	public INDArray sinogram(int width, double[] anglesDegrees) {
		return sinogram(width, width, anglesDegrees);
	}

	/**
	 * Analytic sinogram for an H x W image in the Radon operator's layout:
	 * [angles*W, 1], index a*W + u.
	 */
	public INDArray sinogram(int height, int width, double[] anglesDegrees) {
		double r = pixelsPerUnit(height, width);
		double cx = (width - 1) / 2.0;
		float[] values = new float[anglesDegrees.length * width];
		for (int a = 0; a < anglesDegrees.length; a++) {
			double beta = -Math.toRadians(anglesDegrees[a]);
			for (int u = 0; u < width; u++) {
				double t = (u - cx) / r;
				double sum = 0;
				for (Ellipse e : ellipses)
					sum += e.lineIntegral(beta, t);
				values[a * width + u] = (float) (sum * r);
			}
		}
		return Nd4j.createFromArray(values).reshape(values.length, 1);
	}
}
