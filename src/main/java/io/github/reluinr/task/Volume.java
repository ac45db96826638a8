package io.github.reluinr.task;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A volume as the engine sees it: voxels [D*H*W, C] in natural order (z*H +
 * y)*W + x, in the units given, with the voxel sizes of its calibration (width,
 * height, depth: the distance between planes) in one unit.
 */
public record Volume(INDArray pixels, int depth, int height, int width,
		double voxelWidth, double voxelHeight, double voxelDepth, String unit) {

	public Volume {
		if (depth < 1 || height < 1 || width < 1)
			throw new IllegalArgumentException(
					"a volume needs at least one voxel per axis");
		if (pixels.rank() != 2
				|| pixels.size(0) != (long) depth * height * width)
		{
			throw new IllegalArgumentException("voxels must be [" + depth + "*"
					+ height + "*" + width + ", C], got "
					+ java.util.Arrays.toString(pixels.shape()));
		}
		if (!(voxelWidth > 0) || !(voxelHeight > 0) || !(voxelDepth > 0))
			throw new IllegalArgumentException("voxel sizes must be positive");
		if (unit == null || unit.isEmpty()) unit = "pixel";
	}

	/** An uncalibrated volume (unit voxels). */
	public Volume(INDArray pixels, int depth, int height, int width) {
		this(pixels, depth, height, width, 1, 1, 1, "pixel");
	}

	public int channels() {
		return (int) pixels.size(1);
	}

	public long voxels() {
		return (long) depth * height * width;
	}

	/** Plane z (0-based) as an image, a view of the voxels. */
	public Image2D plane(int z) {
		long n = (long) height * width;
		return new Image2D(
				pixels.get(
						org.nd4j.linalg.indexing.NDArrayIndex.interval(z * n,
								(z + 1) * n),
						org.nd4j.linalg.indexing.NDArrayIndex.all()),
				height, width);
	}

	/**
	 * The same calibration on other voxels (e.g. a result of the same size).
	 */
	public Volume withPixels(INDArray p, int d, int h, int w, double vw,
			double vh, double vd)
	{
		return new Volume(p, d, h, w, vw, vh, vd, unit);
	}
}
