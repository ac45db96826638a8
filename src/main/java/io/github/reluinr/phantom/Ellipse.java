package io.github.reluinr.phantom;

/**
 * An ellipse of constant density added to a phantom, in normalised coordinates:
 * x to the right, y up, the unit disk inscribed in the image (see
 * {@link EllipsePhantom}).
 *
 * @param density
 *            value added inside the ellipse
 * @param semiAxisX
 *            semi-axis along the ellipse's own x axis (before rotation)
 * @param semiAxisY
 *            semi-axis along its own y axis
 * @param centreX
 *            centre, x
 * @param centreY
 *            centre, y (up)
 * @param rotationDegrees
 *            counter-clockwise rotation (y up) of the ellipse's x axis from the
 *            image x axis
 */
public record Ellipse(double density, double semiAxisX, double semiAxisY,
		double centreX, double centreY, double rotationDegrees) {

	public Ellipse {
		if (!(semiAxisX > 0 && semiAxisY > 0))
			throw new IllegalArgumentException("semi-axes must be positive");
	}

	/** A disk of radius r about (x0, y0). */
	public static Ellipse disk(double density, double radius, double centreX,
			double centreY)
	{
		return new Ellipse(density, radius, radius, centreX, centreY, 0);
	}

	/** True if (x, y) (normalised, y up) lies inside or on the ellipse. */
	public boolean contains(double x, double y) {
		double phi = Math.toRadians(rotationDegrees);
		double dx = x - centreX;
		double dy = y - centreY;
		double along = dx * Math.cos(phi) + dy * Math.sin(phi);
		double across = -dx * Math.sin(phi) + dy * Math.cos(phi);
		return along * along / (semiAxisX * semiAxisX)
				+ across * across / (semiAxisY * semiAxisY) <= 1;
	}

	/**
	 * Line integral over the line {p : p . (cos beta, sin beta) = t}
	 * (normalised units, y up): chord length times density, 2 rho a b sqrt(s^2
	 * - tau^2) / s^2 with s^2 = a^2 cos^2(beta - phi) + b^2 sin^2(beta - phi)
	 * and tau = t - (x0 cos beta + y0 sin beta); zero when |tau| >= s.
	 */
	public double lineIntegral(double beta, double t) {
		double phi = Math.toRadians(rotationDegrees);
		double ca = Math.cos(beta - phi);
		double sa = Math.sin(beta - phi);
		double s2 = semiAxisX * semiAxisX * ca * ca
				+ semiAxisY * semiAxisY * sa * sa;
		double tau = t - (centreX * Math.cos(beta) + centreY * Math.sin(beta));
		double d = s2 - tau * tau;
		if (d <= 0) return 0;
		return 2 * density * semiAxisX * semiAxisY * Math.sqrt(d) / s2;
	}
}
