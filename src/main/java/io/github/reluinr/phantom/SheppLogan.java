package io.github.reluinr.phantom;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The modified Shepp-Logan phantom (Toft's intensities, MATLAB's
 * {@code phantom('Modified Shepp-Logan')}): values from 0 (background) to 1
 * (skull), geometry as in {@link EllipsePhantom}.
 */
public final class SheppLogan {

	private SheppLogan() {
	}

	private static final EllipsePhantom MODIFIED = new EllipsePhantom(
			List.of(new Ellipse(1.0, 0.69, 0.92, 0, 0, 0),
					new Ellipse(-0.8, 0.6624, 0.8740, 0, -0.0184, 0),
					new Ellipse(-0.2, 0.1100, 0.3100, 0.22, 0, -18),
					new Ellipse(-0.2, 0.1600, 0.4100, -0.22, 0, 18),
					new Ellipse(0.1, 0.2100, 0.2500, 0, 0.35, 0),
					new Ellipse(0.1, 0.0460, 0.0460, 0, 0.1, 0),
					new Ellipse(0.1, 0.0460, 0.0460, 0, -0.1, 0),
					new Ellipse(0.1, 0.0460, 0.0230, -0.08, -0.605, 0),
					new Ellipse(0.1, 0.0230, 0.0230, 0, -0.605, 0),
					new Ellipse(0.1, 0.0230, 0.0460, 0.06, -0.605, 0)));

	/** The ten ellipses. */
	public static EllipsePhantom modified() {
		return MODIFIED;
	}

	/** Sampled at pixel centres, [H*W, 1]. */
	public static INDArray image(int height, int width) {
		return MODIFIED.image(height, width);
	}

	/** Averaged over k x k sub-pixel samples, [H*W, 1]. */
	public static INDArray image(int height, int width, int supersample) {
		return MODIFIED.image(height, width, supersample);
	}

	/**
	 * Analytic sinogram of a square image of side {@code width}, [angles*W, 1].
	 */
	public static INDArray sinogram(int width, double[] anglesDegrees) {
		return MODIFIED.sinogram(width, anglesDegrees);
	}

	/** Analytic sinogram of an H x W image, [angles*W, 1]. */
	public static INDArray sinogram(int height, int width,
			double[] anglesDegrees)
	{
		return MODIFIED.sinogram(height, width, anglesDegrees);
	}
}
