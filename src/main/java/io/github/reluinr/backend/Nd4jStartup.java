package io.github.reluinr.backend;

import org.nd4j.common.config.ND4JClassLoading;

/**
 * Starts ND4J from the plugin's own class loader: inside Fiji the thread's
 * context class loader does not see the plugin's jars, and ND4J finds its
 * backend through ServiceLoader on that loader (deeplearning4j issues 9058,
 * 9506). Must run before the first Nd4j call of the JVM.
 */
public final class Nd4jStartup {

	private static volatile Backend.Info backend;

	private Nd4jStartup() {
	}

	/**
	 * Idempotent; returns the backend description ("cpu (2 threads)", "cuda
	 * (NVIDIA A100, cc 8.0)").
	 */
	public static String start() {
		return info().describe();
	}

	/**
	 * Idempotent; starts ND4J if needed and returns the backend and device it
	 * chose for this JVM.
	 */
	public static synchronized Backend.Info info() {
		if (backend == null) {
			io.github.reluinr.nn.NativeKernels.quietIdleThreads(); // before ND4J loads OpenBLAS
			quietNd4jLogging();
			ND4JClassLoading.setNd4jClassloaderFromClass(Nd4jStartup.class);
			ClassLoader previous = Thread.currentThread()
					.getContextClassLoader();
			Thread.currentThread()
					.setContextClassLoader(Nd4jStartup.class.getClassLoader());
			try {
				backend = Backend.current();
			}
			finally {
				Thread.currentThread().setContextClassLoader(previous);
			}
		}
		return backend;
	}

	/**
	 * The idle-thread settings of OpenBLAS and libgomp this JVM runs with
	 * ({@link io.github.reluinr.nn.NativeKernels#quietIdleThreads()}).
	 */
	public static String idleThreads() {
		return io.github.reluinr.nn.NativeKernels.quietIdleThreads(); // cached: what the first call did
	}

	/**
	 * ND4J logs a dozen INFO lines at start-up (backend, BLAS vendor, build
	 * flags). Inside Fiji they reach standard output through logback and pop up
	 * the Console window; the plugin's own log line names the backend instead.
	 * So under logback (Fiji's binding) the org.nd4j loggers are set to WARN:
	 * warnings and errors still show. Other bindings (the CLI's slf4j-simple)
	 * are configured by their launcher.
	 */
	static void quietNd4jLogging() {
		try {
			Object logger = org.slf4j.LoggerFactory.getLogger("org.nd4j");
			if (!logger.getClass().getName().startsWith("ch.qos.logback."))
				return;
			Class<?> level = Class.forName("ch.qos.logback.classic.Level", true,
					logger.getClass().getClassLoader());
			Object warn = level.getField("WARN").get(null);
			logger.getClass().getMethod("setLevel", level).invoke(logger, warn);
		}
		catch (ReflectiveOperationException | LinkageError
				| RuntimeException e)
		{
			// logging stays as configured
		}
	}
}
