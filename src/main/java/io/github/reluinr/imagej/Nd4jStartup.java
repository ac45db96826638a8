package io.github.reluinr.imagej;

import io.github.reluinr.backend.Backend;
import org.nd4j.common.config.ND4JClassLoading;

/**
 * Starts ND4J from the plugin's own class loader: inside Fiji the thread's context class loader does
 * not see the plugin's jars, and ND4J finds its backend through ServiceLoader on that loader
 * (deeplearning4j issues 9058, 9506). Must run before the first Nd4j call of the JVM.
 */
public final class Nd4jStartup {
    private static volatile Backend.Info backend;

    private Nd4jStartup() {}

    /** Idempotent; returns the backend description ("cpu (2 threads)", "cuda (NVIDIA A100, cc 8.0)"). */
    public static String start() {
        return info().describe();
    }

    /** Idempotent; starts ND4J if needed and returns the backend and device it chose for this JVM. */
    public static synchronized Backend.Info info() {
        if (backend == null) {
            ND4JClassLoading.setNd4jClassloaderFromClass(Nd4jStartup.class);
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(Nd4jStartup.class.getClassLoader());
            try {
                backend = Backend.current();
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }
        return backend;
    }
}
