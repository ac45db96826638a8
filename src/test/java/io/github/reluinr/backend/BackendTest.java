package io.github.reluinr.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Device names from ND4J's environment information, as CudaExecutioner of M2.1
 * fills it.
 */
class BackendTest {

	private static Map<String, Object> device(String name, Object major,
			Object minor)
	{
		Map<String, Object> m = new HashMap<>();
		m.put("cuda.deviceName", name);
		m.put("cuda.freeMemory", 39_000_000_000L);
		m.put("cuda.totalMemory", 42_000_000_000L);
		m.put("cuda.deviceMajor", major);
		m.put("cuda.deviceMinor", minor);
		return m;
	}

	@Test
	void parsesDevicesInformation() {
		Properties env = new Properties();
		env.put("backend", "CUDA");
		env.put("cuda.availableDevices", 2);
		env.put("cuda.devicesInformation",
				List.of(device("NVIDIA A100-SXM4-40GB", 8L, 0L),
						device("NVIDIA GeForce RTX 3090", 8L, 6L)));
		List<Backend.CudaDevice> devices = Backend.cudaDevices(env);
		assertEquals(2, devices.size());
		assertEquals(new Backend.CudaDevice(0, "NVIDIA A100-SXM4-40GB", 8, 0,
				42_000_000_000L), devices.get(0));
		assertEquals("8.6", devices.get(1).computeCapability());
		assertEquals("cuda (NVIDIA A100-SXM4-40GB, cc 8.0)",
				Backend.Info.cuda(devices, 0).describe());
		assertEquals("cuda (NVIDIA GeForce RTX 3090, cc 8.6)",
				Backend.Info.cuda(devices, 1).describe());
	}

	@Test
	void toleratesOtherNumberTypesAndMissingValues() {
		Map<String, Object> env = Map.of("cuda.devicesInformation",
				List.of(device("NVIDIA H100 80GB HBM3", 9, "0"),
						device(null, null, "x")));
		List<Backend.CudaDevice> devices = Backend.cudaDevices(env);
		assertEquals("cuda (NVIDIA H100 80GB HBM3, cc 9.0)",
				Backend.Info.cuda(devices, 0).describe());
		assertTrue(!devices.get(0).supported());
		assertEquals("cuda (device 1, cc unknown)",
				Backend.Info.cuda(devices, 1).describe());
		assertTrue(devices.get(1).supported());
	}

	@Test
	void cpuAndEmptyInformation() {
		assertTrue(Backend.cudaDevices(Map.of("backend", "CPU")).isEmpty());
		assertTrue(Backend
				.cudaDevices(Map.of("cuda.devicesInformation", "garbage"))
				.isEmpty());
		assertTrue(Backend.cudaDevices(null).isEmpty());
		assertEquals("cuda (device unknown)",
				Backend.Info.cuda(List.of(), 0).describe());
		assertEquals("cpu (2 threads)", Backend.Info.cpu(2).describe());
		assertEquals("cpu (1 thread)", Backend.Info.cpu(1).describe());
	}
}
