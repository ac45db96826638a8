package io.github.reluinr.imagej;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.backend.Backend;
import io.github.reluinr.backend.DeviceSelection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command's device check: user errors (InvalidInputException) carrying the
 * restart advice.
 */
class DevicesTest {

	@Test
	void refusesWhatTheBackendCannotRun() {
		Backend.Info cpu = Backend.Info.cpu(2);
		assertDoesNotThrow(() -> Devices.check("auto", cpu, null));
		assertDoesNotThrow(() -> Devices.check("cpu", cpu, null));
		InvalidInputException gpuOnCpu = assertThrows(
				InvalidInputException.class,
				() -> Devices.check("gpu", cpu, null));
		assertTrue(gpuOnCpu.getMessage().startsWith("device = gpu"),
				gpuOnCpu.getMessage());

		Backend.Info hopper = Backend.Info.cuda(List.of(
				new Backend.CudaDevice(0, "NVIDIA H100 PCIe", 9, 0, 80L << 30)),
				0);
		InvalidInputException auto = assertThrows(InvalidInputException.class,
				() -> Devices.check("auto", hopper, null));
		assertTrue(((DeviceSelection.DeviceException) auto.getCause())
				.restartOnCpu());
		InvalidInputException gpu = assertThrows(InvalidInputException.class,
				() -> Devices.check("gpu", hopper, null));
		assertFalse(((DeviceSelection.DeviceException) gpu.getCause())
				.restartOnCpu());
		assertThrows(InvalidInputException.class,
				() -> Devices.check("tpu", cpu, null));
	}
}
