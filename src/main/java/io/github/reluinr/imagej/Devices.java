package io.github.reluinr.imagej;

import org.scijava.log.LogService;

/** Checks the requested device against the backend ND4J chose for this JVM (it cannot switch later). */
public final class Devices {
    private Devices() {}

    public static void check(String device, String backend, LogService log) {
        boolean gpu = backend.startsWith("cuda");
        if ("gpu".equals(device) && !gpu) {
            throw new InvalidInputException("device = gpu, but this JVM runs ND4J's CPU backend: install the CUDA variant "
                    + "(scripts/install-fiji --gpu, or scripts/relu-inr --device gpu with the cuda profile built) on a machine "
                    + "with an NVIDIA GPU of compute capability 3.7-8.x and CUDA 11.6; or use device = auto or cpu");
        }
        if ("cpu".equals(device) && gpu && log != null) {
            log.warn("device = cpu, but ND4J chose its CUDA backend when this JVM started and cannot switch; running on " + backend);
        }
    }
}
