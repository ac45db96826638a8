package io.github.reluinr.backend;

import org.nd4j.linalg.factory.Nd4j;

/** Which ND4J backend this JVM runs, in words for logs and metrics. */
public final class Backend {
    private Backend() {}

    /** e.g. "cpu (2 threads)" or "cuda (NVIDIA A100, cc 8.0)". */
    public static String describe() {
        if (io.github.reluinr.nn.Kernels.isCpuBackend()) {
            return "cpu (" + Nd4j.getEnvironment().maxThreads() + " threads)";
        }
        Object name = Nd4j.getExecutioner().getEnvironmentInformation().get("cuda.devicesInformation");
        return "cuda" + (name == null ? "" : " (" + name + ")");
    }
}
