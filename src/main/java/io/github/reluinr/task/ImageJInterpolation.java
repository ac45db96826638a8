package io.github.reluinr.task;

/**
 * ImageJ 1.54's bilinear resize, reproduced:
 * {@code FloatProcessor.resize(dstWidth, dstHeight)} with interpolation
 * BILINEAR, which Image > Scale and Image > Adjust > Size use in-plane and, on
 * the XZ plane at each y, for the depth ({@code ij.plugin.Resizer.zScale} ->
 * resizeZ). Its sampling convention: with scale s = dst / src along an axis
 * whose size changes, destination sample k reads source position (k - dst/2 -
 * s/4) / s + src/2 (ImageJ's centre plus a quarter of the scale), clamped to
 * [0, src - 1.001] (positions at or past the last sample read src - 1.001, i.e.
 * 0.1 % of the one before); an axis whose size does not change reads position k
 * (and its last sample the same 0.1 % blend). So at s = 4 output plane k
 * samples input plane k/4 - 1/4, not the block centre k/4 - 3/8. The arithmetic
 * (double, the same expression order, cast to float) matches ImageJ's to the
 * bit; a test holds it to ij.plugin.Resizer.
 */
public final class ImageJInterpolation {

	private ImageJInterpolation() {
	}

	/**
	 * FloatProcessor.resize, bilinear: a W x H image (row-major) to dstWidth x
	 * dstHeight. Needs W, H >= 2.
	 */
	public static float[] resize(float[] pixels, int width, int height,
			int dstWidth, int dstHeight)
	{
		if (width < 2 || height < 2)
			throw new IllegalArgumentException(
					"ImageJ's bilinear resize needs at least 2 x 2 pixels (got "
							+ width + " x " + height + ")");
		if (dstWidth == width && dstHeight == height) return pixels.clone();
		double srcCenterX = width / 2.0, srcCenterY = height / 2.0;
		double dstCenterX = dstWidth / 2.0, dstCenterY = dstHeight / 2.0;
		double xScale = (double) dstWidth / width,
				yScale = (double) dstHeight / height;
		if (dstWidth != width) dstCenterX += xScale / 4.0;
		if (dstHeight != height) dstCenterY += yScale / 4.0;
		double xlimit = width - 1.0, xlimit2 = width - 1.001;
		double ylimit = height - 1.0, ylimit2 = height - 1.001;
		float[] out = new float[dstWidth * dstHeight];
		int index2 = 0;
		for (int y = 0; y <= dstHeight - 1; y++) {
			double ys = (y - dstCenterY) / yScale + srcCenterY;
			if (ys < 0.0) ys = 0.0;
			if (ys >= ylimit) ys = ylimit2;
			for (int x = 0; x <= dstWidth - 1; x++) {
				double xs = (x - dstCenterX) / xScale + srcCenterX;
				if (xs < 0.0) xs = 0.0;
				if (xs >= xlimit) xs = xlimit2;
				out[index2++] = (float) interpolated(xs, ys, pixels, width);
			}
		}
		return out;
	}

	private static double interpolated(double x, double y, float[] pixels,
			int width)
	{
		int xbase = (int) x, ybase = (int) y;
		double xFraction = x - xbase, yFraction = y - ybase;
		int offset = ybase * width + xbase;
		double lowerLeft = pixels[offset];
		double lowerRight = pixels[offset + 1];
		double upperRight = pixels[offset + width + 1];
		double upperLeft = pixels[offset + width];
		double upperAverage = upperLeft + xFraction * (upperRight - upperLeft);
		double lowerAverage = lowerLeft + xFraction * (lowerRight - lowerLeft);
		return lowerAverage + yFraction * (upperAverage - lowerAverage);
	}

	/**
	 * Image > Scale of a one-channel stack with bilinear interpolation: each
	 * plane to (W*scaleXY) x (H*scaleXY), then the depth to D*scaleZ through
	 * the XZ plane at each y, as ImageJ orders them. voxels: natural order.
	 */
	public static float[] scale(float[] voxels, int depth, int height,
			int width, int scaleZ, int scaleXY)
	{
		int w2 = width * scaleXY, h2 = height * scaleXY, d2 = depth * scaleZ;
		float[] planes = voxels;
		if (scaleXY != 1) {
			planes = new float[depth * h2 * w2];
			float[] plane = new float[width * height];
			for (int z = 0; z < depth; z++) {
				System.arraycopy(voxels, z * width * height, plane, 0,
						width * height);
				System.arraycopy(resize(plane, width, height, w2, h2), 0,
						planes, z * w2 * h2, w2 * h2);
			}
		}
		if (scaleZ == 1) return planes == voxels ? voxels.clone() : planes;
		if (depth < 2)
			throw new IllegalArgumentException(
					"interpolation along z needs at least 2 planes");
		float[] out = new float[d2 * h2 * w2];
		float[] xz = new float[w2 * depth];
		for (int y = 0; y < h2; y++) {
			for (int z = 0; z < depth; z++)
				System.arraycopy(planes, (z * h2 + y) * w2, xz, z * w2, w2);
			float[] r = resize(xz, w2, depth, w2, d2);
			for (int z = 0; z < d2; z++)
				System.arraycopy(r, z * w2, out, (z * h2 + y) * w2, w2);
		}
		return out;
	}
}
