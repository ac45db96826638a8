package io.github.reluinr.task;

import java.util.List;

/**
 * What a task hands back to the command: named images (in the input's units,
 * 32-bit) and metrics rows. The first image is the task's main result.
 */
public record TaskResult(List<NamedImage> images, List<MetricsRow> metrics) {

	/**
	 * An output image with its role and name, e.g. (INR, "INR"), (FBP, "FBP"),
	 * (BASELINE, "bicubic-pil").
	 */
	public record NamedImage(OutputRole role, String name, Image2D image) {

		/** An image named after its role. */
		public static NamedImage of(OutputRole role, Image2D image) {
			return new NamedImage(role, role.label(), image);
		}

		/** A classical baseline, named by its method. */
		public static NamedImage baseline(String method, Image2D image) {
			return new NamedImage(OutputRole.BASELINE, method, image);
		}
	}

	public Image2D main() {
		return images.get(0).image();
	}

	/** The first image of that name, or null. */
	public Image2D image(String name) {
		return images.stream().filter(i -> i.name().equals(name))
				.map(NamedImage::image).findFirst().orElse(null);
	}

	/** The first image of that role, or null. */
	public Image2D image(OutputRole role) {
		return images.stream().filter(i -> i.role() == role)
				.map(NamedImage::image).findFirst().orElse(null);
	}
}
