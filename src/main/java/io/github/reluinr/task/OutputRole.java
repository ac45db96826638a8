package io.github.reluinr.task;

/**
 * What an output image of a task is: the network's result, a classical
 * reconstruction that has a file of its own ({@code fbp_file},
 * {@code sirt_file}), the sinogram used, or another classical baseline (the
 * super-resolution up-samplings, named by their method).
 */
public enum OutputRole {

	INR("INR", "output_file"), FBP("FBP", "fbp_file"), SIRT("SIRT",
			"sirt_file"), SINOGRAM("sinogram",
					"sinogram_file"), BASELINE(null, null);

	private final String label;
	private final String fileKey;

	OutputRole(String label, String fileKey) {
		this.label = label;
		this.fileKey = fileKey;
	}

	/**
	 * The image's name in titles ("INR", "FBP", "sinogram"); null for a
	 * baseline, named by its method.
	 */
	public String label() {
		return label;
	}

	/**
	 * The macro key of the file this role is saved to, or null when it has
	 * none.
	 */
	public String fileKey() {
		return fileKey;
	}
}
