package io.github.reluinr.backend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code --device auto|cpu|gpu}: the environment a JVM must be started with,
 * and the check, once ND4J has started, that the backend it chose can run the
 * request.
 *
 * <p>
 * ND4J picks its backend once per JVM, when {@code Nd4j} is first used: among
 * the backends that ServiceLoader finds (nd4j-native always; nd4j-cuda-11.6
 * with the {@code cuda} Maven profile or {@code install-fiji --gpu}) it takes
 * the one with the highest priority whose {@code isAvailable()} succeeds. The
 * priorities come from the environment variables {@value #CPU_PRIORITY}
 * (default 0) and {@value #GPU_PRIORITY} (default 100), read once when
 * {@code Nd4jBackend} is loaded. So:
 * <ul>
 * <li>{@code auto}: ND4J's own order, written out (CPU 0, GPU 100): CUDA if it
 * starts, else the CPU. A launcher that knows the GPU's compute capability
 * (nvidia-smi; see {@link #main}) picks the CPU instead when ND4J's kernels do
 * not support that GPU.</li>
 * <li>{@code cpu}: CPU 1000, GPU 0: the CUDA backend is never tried.</li>
 * <li>{@code gpu}: CPU 0, GPU 1000: CUDA when it starts; if it cannot, ND4J
 * still falls back to the CPU, and {@link #check} turns that into an
 * error.</li>
 * </ul>
 *
 * <p>
 * The backend cannot be switched inside a running JVM (Fiji included): a
 * request the chosen backend cannot serve ends in a {@link DeviceException}
 * before any training, whose message says how to restart.
 */
public final class DeviceSelection {

	public static final String CPU_PRIORITY = "BACKEND_PRIORITY_CPU";
	public static final String GPU_PRIORITY = "BACKEND_PRIORITY_GPU";
	/**
	 * Compute capabilities libnd4jcuda of ND4J 1.0.0-M2.1 has machine code for
	 * (sm_37 .. sm_86, no PTX).
	 */
	public static final String SUPPORTED_RANGE = "3.7-8.x";
	/**
	 * Exit code a launcher may use for "restart me with --device cpu"
	 * (EX_TEMPFAIL): see {@link DeviceException#restartOnCpu()}.
	 */
	public static final int EXIT_RESTART_ON_CPU = 75;

	static final int HIGH = 1000;

	private DeviceSelection() {
	}

	public enum Device {

		AUTO, CPU, GPU;

		/**
		 * "auto", "cpu" or "gpu" (case-insensitive); anything else is an
		 * IllegalArgumentException.
		 */
		public static Device parse(String s) {
			if (s != null) {
				for (Device d : values())
					if (d.key().equalsIgnoreCase(s.trim())) return d;
			}
			throw new IllegalArgumentException(
					"device = " + s + " is not allowed: use auto, cpu or gpu");
		}

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/**
	 * The request cannot run on the backend this JVM has; nothing has been
	 * trained.
	 */
	public static final class DeviceException extends RuntimeException {

		private static final long serialVersionUID = 1L;
		private final boolean restartOnCpu;

		public DeviceException(String message, boolean restartOnCpu) {
			super(message);
			this.restartOnCpu = restartOnCpu;
		}

		/**
		 * True when the same run would work in a new JVM started for the CPU
		 * ({@code --device cpu}): the case of {@code device = auto} on a GPU
		 * that ND4J's kernels do not support. A launcher may then exit with
		 * {@link #EXIT_RESTART_ON_CPU} and start again with
		 * {@code --device cpu}.
		 */
		public boolean restartOnCpu() {
			return restartOnCpu;
		}
	}

	/**
	 * Whether ND4J 1.0.0-M2.1's CUDA kernels run on a GPU of compute capability
	 * {@code major.minor}: 3.7 (Kepler K80) up to 8.x (Ampere, Ada: A100, RTX
	 * 3090/4090, L40). 9.0 (Hopper H100) and newer fail at the first kernel
	 * with "no kernel image is available", since libnd4jcuda carries no PTX.
	 */
	public static boolean supported(int major, int minor) {
		if (major < 0 || minor < 0) return false;
		if (major == 3) return minor >= 7;
		return major >= 4 && major <= 8;
	}

	/**
	 * "8.6" -> {8, 6}; empty when the text is not a compute capability (e.g.
	 * "[N/A]").
	 */
	public static Optional<int[]> parseComputeCapability(String text) {
		if (text == null) return Optional.empty();
		String t = text.trim();
		int dot = t.indexOf('.');
		if (dot <= 0 || dot == t.length() - 1) return Optional.empty();
		try {
			int major = Integer.parseInt(t.substring(0, dot));
			int minor = Integer.parseInt(t.substring(dot + 1));
			if (major < 0 || minor < 0) return Optional.empty();
			return Optional.of(new int[]{major, minor});
		}
		catch (NumberFormatException e) {
			return Optional.empty();
		}
	}

	/**
	 * The environment variables for a JVM that should run {@code device}
	 * (insertion order: CPU, GPU).
	 */
	public static Map<String, String> environment(Device device) {
		Map<String, String> env = new LinkedHashMap<>();
		switch (device) {
			case CPU -> {
				env.put(CPU_PRIORITY, Integer.toString(HIGH));
				env.put(GPU_PRIORITY, "0");
			}
			case GPU -> {
				env.put(CPU_PRIORITY, "0");
				env.put(GPU_PRIORITY, Integer.toString(HIGH));
			}
			default -> {
				env.put(CPU_PRIORITY, "0");
				env.put(GPU_PRIORITY, "100");
			}
		}
		return env;
	}

	public static Map<String, String> environment(String device) {
		return environment(Device.parse(device));
	}

	/** A GPU as nvidia-smi lists it. */
	public record Gpu(String name, int major, int minor) {

		public boolean supported() {
			return DeviceSelection.supported(major, minor);
		}

		public String label() {
			return name + " (cc " + major + "." + minor + ")";
		}
	}

	/**
	 * What a launcher should do for a request, given the GPUs it saw (may be
	 * empty: unknown).
	 */
	public record Decision(Device device, Map<String, String> environment,
			String note) {
	}

	/**
	 * The device a launcher should start the JVM for. {@code gpus} is what
	 * nvidia-smi listed (empty when it is missing or too old to report compute
	 * capability). {@code auto} with a GPU that ND4J cannot run becomes
	 * {@code cpu}; {@code gpu} with one is an error (DeviceException);
	 * otherwise the request stands.
	 */
	public static Decision decide(Device requested, List<Gpu> gpus) {
		List<Gpu> bad = gpus.stream().filter(g -> !g.supported()).toList();
		if (bad.isEmpty() || requested == Device.CPU)
			return new Decision(requested, environment(requested), null);
		String why = unsupportedText(
				bad.stream().map(Gpu::label).collect(Collectors.joining(", ")));
		if (requested == Device.GPU) {
			throw new DeviceException("device = gpu: " + why
					+ " Use --device cpu" + visibleDevicesHint(gpus) + ".",
					false);
		}
		return new Decision(Device.CPU, environment(Device.CPU),
				"device = auto: " + why + " Running on the CPU.");
	}

	private static String unsupportedText(String devices) {
		return devices + (devices.contains(",") ? " are" : " is")
				+ " not supported by ND4J 1.0.0-M2.1's CUDA kernels, "
				+ "which run on compute capability " + SUPPORTED_RANGE
				+ " only (Kepler K80 to Ampere/Ada; "
				+ "not Hopper H100 or newer); its first kernel would fail with \"no kernel image is available\".";
	}

	private static String visibleDevicesHint(List<Gpu> gpus) {
		List<Integer> good = new ArrayList<>();
		for (int i = 0; i < gpus.size(); i++)
			if (gpus.get(i).supported()) good.add(i);
		if (good.isEmpty()) return "";
		return ", or make only supported GPUs visible: CUDA_DEVICE_ORDER=PCI_BUS_ID CUDA_VISIBLE_DEVICES="
				+ good.stream().map(String::valueOf)
						.collect(Collectors.joining(","));
	}

	/**
	 * Checks, once ND4J has started and before any training, that the backend
	 * it chose can serve {@code requested}. Throws DeviceException when it
	 * cannot (the message is for the user and says what to restart with);
	 * returns a warning for the user when it can but not as asked (device = cpu
	 * on a JVM that started CUDA), else empty.
	 *
	 * <ul>
	 * <li>gpu on the CPU backend: error (no nd4j-cuda on the class path, or
	 * CUDA could not start).</li>
	 * <li>CUDA backend with a visible GPU outside {@value #SUPPORTED_RANGE}:
	 * error for gpu; for auto and cpu an error with
	 * {@link DeviceException#restartOnCpu()} true, since this JVM cannot switch
	 * to the CPU backend: the user (or launcher) restarts with
	 * {@code --device cpu}, or, in Fiji, starts Fiji with
	 * {@code BACKEND_PRIORITY_CPU=1000}.</li>
	 * <li>cpu on a supported CUDA device: runs there, with a warning.</li>
	 * </ul>
	 */
	public static Optional<String> check(Device requested,
			Backend.Info backend)
	{
		if (!backend.cuda()) {
			if (requested == Device.GPU) {
				throw new DeviceException(
						"device = gpu, but ND4J started its CPU backend in this JVM: either nd4j-cuda-11.6 "
								+ "is not on the class path (build with mvn -Pcuda, or install with scripts/install-fiji --gpu), "
								+ "or CUDA could not start here (no NVIDIA GPU, or a driver older than CUDA 11.6 needs; ND4J logs the "
								+ "reason at start-up). Use device = auto or cpu to run on the CPU.",
						false);
			}
			return Optional.empty();
		}
		List<Backend.CudaDevice> bad = backend.devices().stream()
				.filter(d -> !d.supported()).toList();
		if (!bad.isEmpty()) {
			String why = unsupportedText(bad.stream().map(d -> d.label())
					.collect(Collectors.joining("; ")));
			if (requested == Device.GPU) {
				throw new DeviceException("device = gpu: " + why
						+ " Restart with --device cpu (scripts/relu-inr), or start "
						+ "Fiji with " + CPU_PRIORITY + "=" + HIGH
						+ " in its environment.", false);
			}
			throw new DeviceException("device = " + requested.key() + ": " + why
					+ " ND4J chose its CUDA backend when this JVM "
					+ "started and cannot switch to the CPU inside it, so nothing was run. Restart with --device cpu "
					+ "(scripts/relu-inr), or start Fiji with " + CPU_PRIORITY
					+ "=" + HIGH + " (higher than " + GPU_PRIORITY
					+ ") in its environment.", true);
		}
		if (requested == Device.CPU) {
			return Optional.of(
					"device = cpu, but ND4J chose its CUDA backend when this JVM started and cannot switch; running on "
							+ backend.describe() + ". Start with "
							+ CPU_PRIORITY + "=" + HIGH + " to use the CPU.");
		}
		return Optional.empty();
	}

	/** {@code export NAME=VALUE} lines for a POSIX shell. */
	public static String shellExports(Map<String, String> env) {
		StringBuilder sb = new StringBuilder();
		for (Map.Entry<String, String> e : env.entrySet())
			sb.append("export ").append(e.getKey()).append('=')
					.append(e.getValue()).append('\n');
		return sb.toString();
	}

	/**
	 * Parses
	 * {@code nvidia-smi --query-gpu=name,compute_cap --format=csv,noheader}
	 * output ("NVIDIA A100-SXM4-40GB, 8.0" per line); lines without a readable
	 * capability (old drivers print an error or "[N/A]") are skipped.
	 */
	public static List<Gpu> parseNvidiaSmi(String output) {
		List<Gpu> gpus = new ArrayList<>();
		if (output == null) return gpus;
		for (String line : output.split("\\R")) {
			int comma = line.lastIndexOf(',');
			if (comma <= 0) continue;
			Optional<int[]> cc = parseComputeCapability(
					line.substring(comma + 1));
			if (cc.isEmpty()) continue;
			gpus.add(new Gpu(line.substring(0, comma).trim(), cc.get()[0],
					cc.get()[1]));
		}
		return gpus;
	}

	/**
	 * Runs nvidia-smi (5 s at most); empty when it is missing, fails or cannot
	 * report compute capability.
	 */
	public static List<Gpu> probeNvidiaSmi() {
		try {
			Process p = new ProcessBuilder("nvidia-smi",
					"--query-gpu=name,compute_cap", "--format=csv,noheader")
					.redirectErrorStream(true).start();
			String out;
			try (BufferedReader r = new BufferedReader(new InputStreamReader(
					p.getInputStream(), StandardCharsets.UTF_8)))
			{
				out = r.lines().collect(Collectors.joining("\n"));
			}
			if (!p.waitFor(5, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				return List.of();
			}
			return p.exitValue() == 0 ? parseNvidiaSmi(out) : List.of();
		}
		catch (IOException e) {
			return List.of();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return List.of();
		}
	}

	/**
	 * For launchers: prints the {@code export} lines for a JVM that should run
	 * the request, without starting ND4J (so it takes a fraction of a second):
	 * 
	 * <pre>
	 *   java -cp CLASSPATH io.github.reluinr.backend.DeviceSelection --device auto [--probe | --compute-capability 9.0]
	 * </pre>
	 * 
	 * {@code --probe} asks nvidia-smi for the GPUs' compute capabilities;
	 * {@code --compute-capability X.Y} (repeatable) gives them. With
	 * {@code auto} and an unsupported GPU it prints the CPU environment and a
	 * note on stderr. Exit 0 with the lines on stdout; 2 with a message on
	 * stderr for a bad argument or for {@code gpu} on an unsupported GPU.
	 */
	public static void main(String[] args) {
		Device device = Device.AUTO;
		List<Gpu> gpus = new ArrayList<>();
		boolean probe = false;
		try {
			for (int i = 0; i < args.length; i++) {
				switch (args[i]) {
					case "--device" ->
						device = Device.parse(value(args, ++i, "--device"));
					case "--probe" -> probe = true;
					case "--compute-capability" -> {
						String v = value(args, ++i, "--compute-capability");
						int[] cc = parseComputeCapability(v)
								.orElseThrow(() -> new IllegalArgumentException(
										"--compute-capability " + v
												+ ": expected MAJOR.MINOR, e.g. 8.6"));
						gpus.add(new Gpu("GPU " + gpus.size(), cc[0], cc[1]));
					}
					default ->
						throw new IllegalArgumentException("unknown argument "
								+ args[i]
								+ " (usage: DeviceSelection --device auto|cpu|gpu [--probe | --compute-capability X.Y])");
				}
			}
			if (probe && device != Device.CPU) gpus.addAll(probeNvidiaSmi());
			Decision d = decide(device, gpus);
			if (d.note() != null) System.err.println("relu-inr: " + d.note());
			System.out.print(shellExports(d.environment()));
			System.out.flush();
		}
		catch (IllegalArgumentException | DeviceException e) {
			System.err.println("relu-inr: " + e.getMessage());
			System.exit(2);
		}
	}

	private static String value(String[] args, int i, String flag) {
		if (i >= args.length)
			throw new IllegalArgumentException(flag + " needs a value");
		return args[i];
	}
}
