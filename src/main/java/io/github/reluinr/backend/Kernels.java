package io.github.reluinr.backend;

/**
 * Chooses between the two forms every hot path has: plain ND4J operations,
 * which any backend (CUDA included) runs, and fused Java kernels over the
 * off-heap buffers, which only make sense on the CPU backend, where each
 * separate ND4J element-wise op is a full pass over memory plus an allocation.
 *
 * <p>
 * The choice is made per call so tests can hold both forms equal in one JVM:
 * the system property {@code reluinr.kernels} forces {@code java} or
 * {@code nd4j}; otherwise Java kernels run on CPU only.
 */
public final class Kernels {

	public enum Form {
		JAVA, ND4J
	}

	private static volatile Form forced = null;

	private Kernels() {
	}

	/** The form to use now. */
	public static Form form() {
		Form f = forced;
		if (f != null) return f;
		String p = System.getProperty("reluinr.kernels");
		if ("java".equalsIgnoreCase(p)) return Form.JAVA;
		if ("nd4j".equalsIgnoreCase(p)) return Form.ND4J;
		return isCpuBackend() ? Form.JAVA : Form.ND4J;
	}

	public static boolean java() {
		return form() == Form.JAVA;
	}

	/**
	 * Forces a form for this JVM (null restores automatic choice). For tests
	 * and benchmarks.
	 */
	public static void force(Form f) {
		forced = f;
	}

	public static boolean isCpuBackend() {
		return io.github.reluinr.backend.Backend.isCpu();
	}
}
