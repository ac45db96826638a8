package io.github.reluinr.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * Which ND4J backend this JVM runs, and on which device, in words for logs and
 * the metrics {@code backend} column: {@code "cpu (2 threads)"} or
 * {@code "cuda (NVIDIA A100-SXM4-40GB, cc 8.0)"}.
 *
 * <p>
 * Everything goes through ND4J's backend-neutral API, so the project has no
 * compile-time dependency on nd4j-cuda: the class of {@code Nd4j.getBackend()}
 * tells the kind, {@code Nd4j.getAffinityManager()
 * .getDeviceForCurrentThread()} the device index, and on CUDA
 * {@code Nd4j.getExecutioner()
 * .getEnvironmentInformation()} holds {@code "cuda.devicesInformation"}: a
 * {@code List<Map<String, Object>>}, one map per visible device with
 * {@code "cuda.deviceName"} (String), {@code "cuda.deviceMajor"} and
 * {@code "cuda.deviceMinor"} (Long) and {@code "cuda.totalMemory"} (Long,
 * bytes). (Read from
 * {@code org.nd4j.linalg.jcublas.ops.executioner.CudaExecutioner} of
 * nd4j-cuda-11.6 1.0.0-M2.1.)
 *
 * <p>
 * Calling any method but the pure ones starts ND4J if it has not started
 * (inside Fiji, start it through {@link Nd4jStartup} first).
 */
public final class Backend {

	public static final String DEVICES_INFORMATION = "cuda.devicesInformation";
	public static final String DEVICE_NAME = "cuda.deviceName";
	public static final String DEVICE_MAJOR = "cuda.deviceMajor";
	public static final String DEVICE_MINOR = "cuda.deviceMinor";
	public static final String DEVICE_TOTAL_MEMORY = "cuda.totalMemory";

	private Backend() {
	}

	/**
	 * One CUDA device as ND4J reports it; major/minor are -1 when ND4J did not
	 * say.
	 */
	public record CudaDevice(int index, String name, int major, int minor,
			long totalMemory) {

		public boolean knownCapability() {
			return major >= 0 && minor >= 0;
		}

		/** "8.6", or "unknown". */
		public String computeCapability() {
			return knownCapability() ? major + "." + minor : "unknown";
		}

		/**
		 * Whether ND4J M2.1's CUDA kernels run on it
		 * ({@link DeviceSelection#supported}); true if unknown.
		 */
		public boolean supported() {
			return !knownCapability()
					|| DeviceSelection.supported(major, minor);
		}

		/** "NVIDIA A100-SXM4-40GB, cc 8.0". */
		public String label() {
			return (name == null || name.isBlank()
					? "device " + index
					: name.trim()) + ", cc " + computeCapability();
		}
	}

	/**
	 * The backend of this JVM: {@code cuda} false means ND4J's CPU backend with
	 * {@code threads} OpenMP threads; {@code cuda} true means the CUDA backend,
	 * working on {@code devices.get(current)} (when ND4J reported it) with
	 * {@code devices} all devices it sees.
	 */
	public record Info(boolean cuda, int threads, List<CudaDevice> devices,
			int current) {

		public Info {
			devices = List.copyOf(devices);
		}

		public static Info cpu(int threads) {
			return new Info(false, threads, List.of(), -1);
		}

		public static Info cuda(List<CudaDevice> devices, int current) {
			return new Info(true, 0, devices, current);
		}

		/**
		 * The device this thread's ND4J operations run on, or null (CPU, or
		 * CUDA that reported none).
		 */
		public CudaDevice device() {
			for (CudaDevice d : devices)
				if (d.index() == current) return d;
			return devices.isEmpty() ? null : devices.get(0);
		}

		/** "cpu (2 threads)" or "cuda (NVIDIA A100-SXM4-40GB, cc 8.0)". */
		public String describe() {
			if (!cuda)
				return "cpu (" + threads
						+ (threads == 1 ? " thread)" : " threads)");
			CudaDevice d = device();
			return d == null
					? "cuda (device unknown)"
					: "cuda (" + d.label() + ")";
		}

		@Override
		public String toString() {
			return describe();
		}
	}

	private static volatile Boolean cpu;

	/**
	 * Whether ND4J runs its CPU backend
	 * ({@code org.nd4j.linalg.cpu.nativecpu.CpuBackend}) in this JVM; the
	 * answer cannot change once ND4J has started, so it is cached (starts
	 * ND4J).
	 */
	public static boolean isCpu() {
		Boolean c = cpu;
		if (c == null) {
			c = Nd4j.getBackend().getClass().getName()
					.toLowerCase(java.util.Locale.ROOT).contains("cpu");
			cpu = c;
		}
		return c;
	}

	/**
	 * Whether ND4J runs its CPU backend, or null while it has not started (does
	 * not start it).
	 */
	public static Boolean cpuIfStarted() {
		return cpu;
	}

	/** The backend ND4J chose for this JVM (starts ND4J). */
	public static Info current() {
		if (isCpu()) return Info.cpu(Nd4j.getEnvironment().maxThreads());
		Map<?, ?> env = Nd4j.getExecutioner().getEnvironmentInformation();
		Integer index = Nd4j.getAffinityManager().getDeviceForCurrentThread();
		return Info.cuda(cudaDevices(env), index == null ? 0 : index);
	}

	/**
	 * e.g. "cpu (2 threads)" or "cuda (NVIDIA A100-SXM4-40GB, cc 8.0)" (starts
	 * ND4J).
	 */
	public static String describe() {
		return current().describe();
	}

	/**
	 * The CUDA devices listed in ND4J's environment information (pure; an empty
	 * list when the key is missing or not a list, e.g. on CPU). Numbers may be
	 * any {@link Number} or a decimal string.
	 */
	public static List<CudaDevice> cudaDevices(
			Map<?, ?> environmentInformation)
	{
		List<CudaDevice> out = new ArrayList<>();
		if (environmentInformation == null) return out;
		Object list = environmentInformation.get(DEVICES_INFORMATION);
		if (!(list instanceof List<?> entries)) return out;
		for (int i = 0; i < entries.size(); i++) {
			if (!(entries.get(i) instanceof Map<?, ?> m)) continue;
			Object name = m.get(DEVICE_NAME);
			out.add(new CudaDevice(i, name == null ? null : name.toString(),
					(int) number(m.get(DEVICE_MAJOR)),
					(int) number(m.get(DEVICE_MINOR)),
					number(m.get(DEVICE_TOTAL_MEMORY))));
		}
		return out;
	}

	private static long number(Object o) {
		if (o instanceof Number n) return n.longValue();
		if (o != null) {
			try {
				return Long.parseLong(o.toString().trim());
			}
			catch (NumberFormatException e) {
				return -1;
			}
		}
		return -1;
	}

	/**
	 * Prints the backend ND4J picks in this environment and the priorities it
	 * read, e.g.
	 * {@code cpu (2 threads) BACKEND_PRIORITY_CPU=0 BACKEND_PRIORITY_GPU=100}:
	 * a check for a GPU machine
	 * ({@code java -cp <class path> io.github.reluinr.backend.Backend}), and
	 * what the backend test runs in a forked JVM.
	 */
	public static void main(String[] args) {
		String line = describe() + " " + DeviceSelection.CPU_PRIORITY + "="
				+ Nd4jBackend.BACKEND_PRIORITY_CPU + " "
				+ DeviceSelection.GPU_PRIORITY + "="
				+ Nd4jBackend.BACKEND_PRIORITY_GPU;
		System.out.println(line);
		System.out.flush();
		System.exit(0);
	}
}
