package io.github.reluinr.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.backend.DeviceSelection.Device;
import io.github.reluinr.backend.DeviceSelection.DeviceException;
import io.github.reluinr.backend.DeviceSelection.Gpu;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pure parts of backend selection: environment per device, the
 * compute-capability rule, the checks.
 */
class DeviceSelectionTest {

	private static final Backend.CudaDevice A100 = new Backend.CudaDevice(0,
			"NVIDIA A100-SXM4-40GB", 8, 0, 40L << 30);
	private static final Backend.CudaDevice H100 = new Backend.CudaDevice(0,
			"NVIDIA H100 80GB HBM3", 9, 0, 80L << 30);

	@Test
	void computeCapabilityRuleIsKeplerK80ThroughAmpereAndAda() {
		// sm_37 .. sm_86 machine code and no PTX; Ada (8.9) runs the sm_86 code (same major).
		assertTrue(DeviceSelection.supported(3, 7)); // K80
		assertTrue(DeviceSelection.supported(5, 2)); // Maxwell
		assertTrue(DeviceSelection.supported(6, 1)); // Pascal
		assertTrue(DeviceSelection.supported(7, 0)); // V100
		assertTrue(DeviceSelection.supported(7, 5)); // Turing
		assertTrue(DeviceSelection.supported(8, 0)); // A100
		assertTrue(DeviceSelection.supported(8, 6)); // RTX 3090
		assertTrue(DeviceSelection.supported(8, 9)); // RTX 4090, L40
		assertFalse(DeviceSelection.supported(3, 5)); // K40: below sm_37
		assertFalse(DeviceSelection.supported(3, 0));
		assertFalse(DeviceSelection.supported(2, 1));
		assertFalse(DeviceSelection.supported(9, 0)); // H100
		assertFalse(DeviceSelection.supported(10, 0)); // Blackwell
		assertFalse(DeviceSelection.supported(12, 0));
		assertFalse(DeviceSelection.supported(-1, -1));
	}

	@Test
	void parsesComputeCapabilityText() {
		assertEquals(8,
				DeviceSelection.parseComputeCapability("8.6").orElseThrow()[0]);
		assertEquals(6, DeviceSelection.parseComputeCapability(" 8.6 ")
				.orElseThrow()[1]);
		assertEquals(10, DeviceSelection.parseComputeCapability("10.0")
				.orElseThrow()[0]);
		assertTrue(DeviceSelection.parseComputeCapability("[N/A]").isEmpty());
		assertTrue(DeviceSelection.parseComputeCapability("8").isEmpty());
		assertTrue(DeviceSelection.parseComputeCapability("8.").isEmpty());
		assertTrue(DeviceSelection.parseComputeCapability(null).isEmpty());
	}

	@Test
	void environmentForEachDevice() {
		assertEquals(Map.of("BACKEND_PRIORITY_CPU", "0", "BACKEND_PRIORITY_GPU",
				"100"), DeviceSelection.environment("auto"));
		assertEquals(Map.of("BACKEND_PRIORITY_CPU", "1000",
				"BACKEND_PRIORITY_GPU", "0"),
				DeviceSelection.environment("cpu"));
		assertEquals(Map.of("BACKEND_PRIORITY_CPU", "0", "BACKEND_PRIORITY_GPU",
				"1000"), DeviceSelection.environment("GPU"));
		assertEquals(
				"export BACKEND_PRIORITY_CPU=1000\nexport BACKEND_PRIORITY_GPU=0\n",
				DeviceSelection
						.shellExports(DeviceSelection.environment(Device.CPU)));
		assertThrows(IllegalArgumentException.class,
				() -> DeviceSelection.environment("cuda"));
	}

	@Test
	void launcherFallsBackToCpuOnlyForAuto() {
		List<Gpu> hopper = List.of(new Gpu("NVIDIA H100", 9, 0));
		List<Gpu> ampere = List.of(new Gpu("NVIDIA A100", 8, 0));
		DeviceSelection.Decision auto = DeviceSelection.decide(Device.AUTO,
				hopper);
		assertEquals(Device.CPU, auto.device());
		assertEquals(DeviceSelection.environment(Device.CPU),
				auto.environment());
		assertTrue(auto.note().contains("cc 9.0"), auto.note());
		assertEquals(Device.AUTO,
				DeviceSelection.decide(Device.AUTO, ampere).device());
		assertEquals(Device.AUTO,
				DeviceSelection.decide(Device.AUTO, List.of()).device()); // unknown: ND4J decides
		assertNull(DeviceSelection.decide(Device.GPU, ampere).note());
		assertEquals(Device.CPU,
				DeviceSelection.decide(Device.CPU, hopper).device());
		DeviceException e = assertThrows(DeviceException.class,
				() -> DeviceSelection.decide(Device.GPU, hopper));
		assertTrue(
				e.getMessage().contains("3.7-8.x")
						&& e.getMessage().contains("--device cpu"),
				e.getMessage());
		DeviceException mixed = assertThrows(DeviceException.class,
				() -> DeviceSelection.decide(Device.GPU,
						List.of(new Gpu("NVIDIA H100", 9, 0),
								new Gpu("NVIDIA A100", 8, 0))));
		assertTrue(mixed.getMessage().contains("CUDA_VISIBLE_DEVICES=1"),
				mixed.getMessage());
	}

	@Test
	void parsesNvidiaSmiOutput() {
		List<Gpu> gpus = DeviceSelection.parseNvidiaSmi(
				"NVIDIA A100-SXM4-40GB, 8.0\nNVIDIA H100 80GB HBM3, 9.0\n");
		assertEquals(List.of(new Gpu("NVIDIA A100-SXM4-40GB", 8, 0),
				new Gpu("NVIDIA H100 80GB HBM3", 9, 0)), gpus);
		assertTrue(DeviceSelection
				.parseNvidiaSmi(
						"Field \"compute_cap\" is not a valid field to query.")
				.isEmpty());
		assertTrue(
				DeviceSelection.parseNvidiaSmi("Tesla K80, [N/A]").isEmpty());
	}

	@Test
	void checkOnCpuBackend() {
		Backend.Info cpu = Backend.Info.cpu(2);
		assertTrue(DeviceSelection.check(Device.AUTO, cpu).isEmpty());
		assertTrue(DeviceSelection.check(Device.CPU, cpu).isEmpty());
		DeviceException e = assertThrows(DeviceException.class,
				() -> DeviceSelection.check(Device.GPU, cpu));
		assertFalse(e.restartOnCpu());
		assertTrue(e.getMessage().contains("CPU backend"), e.getMessage());
	}

	@Test
	void checkOnCudaBackend() {
		Backend.Info ampere = Backend.Info.cuda(List.of(A100), 0);
		assertTrue(DeviceSelection.check(Device.AUTO, ampere).isEmpty());
		assertTrue(DeviceSelection.check(Device.GPU, ampere).isEmpty());
		String warning = DeviceSelection.check(Device.CPU, ampere)
				.orElseThrow();
		assertTrue(
				warning.contains("cannot switch") && warning.contains("A100"),
				warning);

		Backend.Info hopper = Backend.Info.cuda(List.of(H100), 0);
		DeviceException auto = assertThrows(DeviceException.class,
				() -> DeviceSelection.check(Device.AUTO, hopper));
		assertTrue(auto.restartOnCpu());
		assertTrue(
				auto.getMessage().contains("cc 9.0")
						&& auto.getMessage().contains("--device cpu")
						&& auto.getMessage()
								.contains("BACKEND_PRIORITY_CPU=1000")
						&& auto.getMessage().contains("cannot switch"),
				auto.getMessage());
		DeviceException gpu = assertThrows(DeviceException.class,
				() -> DeviceSelection.check(Device.GPU, hopper));
		assertFalse(gpu.restartOnCpu());
		assertTrue(assertThrows(DeviceException.class,
				() -> DeviceSelection.check(Device.CPU, hopper))
				.restartOnCpu());

		// ND4J did not report the capability: nothing to hold against the device.
		Backend.Info unknown = Backend.Info
				.cuda(List.of(new Backend.CudaDevice(0, "GPU", -1, -1, -1)), 0);
		assertTrue(DeviceSelection.check(Device.GPU, unknown).isEmpty());
	}
}
