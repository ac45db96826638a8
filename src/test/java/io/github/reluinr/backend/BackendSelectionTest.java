package io.github.reluinr.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.backend.DeviceSelection.Device;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Backend selection on a machine without CUDA: this JVM's ND4J runs the CPU
 * backend (no nd4j-cuda on the test class path), and a JVM started with the
 * environment for --device cpu or --device gpu picks the CPU backend too (gpu:
 * CUDA is not there, so ND4J falls back) and reads the priorities it was given.
 */
class BackendSelectionTest {

	@Test
	void thisJvmRunsTheCpuBackend() {
		assertEquals("org.nd4j.linalg.cpu.nativecpu.CpuBackend",
				Nd4j.getBackend().getClass().getName());
		assertTrue(Backend.isCpu());
		Backend.Info info = Backend.current();
		assertTrue(!info.cuda() && info.device() == null);
		int threads = Nd4j.getEnvironment().maxThreads();
		assertTrue(threads >= 1);
		assertEquals(
				"cpu (" + threads + (threads == 1 ? " thread)" : " threads)"),
				Backend.describe());
		assertTrue(DeviceSelection.check(Device.AUTO, info).isEmpty());
	}

	@Test
	void forkedJvmFollowsTheEnvironment() throws Exception {
		// --device cpu: GPU priority below the CPU's.
		String cpu = runBackendMain(DeviceSelection.environment(Device.CPU));
		assertTrue(cpu.matches(
				"(?sm).*^cpu \\(\\d+ threads?\\) BACKEND_PRIORITY_CPU=1000 BACKEND_PRIORITY_GPU=0$.*"),
				cpu);
		// --device gpu on a machine without CUDA: ND4J falls back to the CPU backend (then Devices.check refuses).
		String gpu = runBackendMain(DeviceSelection.environment(Device.GPU));
		assertTrue(gpu.matches(
				"(?sm).*^cpu \\(\\d+ threads?\\) BACKEND_PRIORITY_CPU=0 BACKEND_PRIORITY_GPU=1000$.*"),
				gpu);
	}

	/**
	 * Runs Backend.main in a new JVM on this test's class path with the given
	 * environment; returns stdout+stderr.
	 */
	private static String runBackendMain(Map<String, String> env)
			throws IOException, InterruptedException
	{
		String java = System.getProperty("java.home") + File.separator + "bin"
				+ File.separator + "java";
		ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp",
				System.getProperty("java.class.path"), Backend.class.getName());
		pb.environment().remove(DeviceSelection.CPU_PRIORITY);
		pb.environment().remove(DeviceSelection.GPU_PRIORITY);
		pb.environment().putAll(env);
		pb.redirectErrorStream(true);
		Process p = pb.start();
		byte[] out = p.getInputStream().readAllBytes();
		assertTrue(p.waitFor(60, TimeUnit.SECONDS),
				"forked JVM did not finish");
		String text = new String(out, StandardCharsets.UTF_8);
		assertEquals(0, p.exitValue(), text);
		return text;
	}
}
