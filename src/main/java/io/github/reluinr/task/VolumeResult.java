package io.github.reluinr.task;

import java.util.List;

/**
 * What a volume task hands back: named volumes (in the input's units, 32-bit)
 * and metrics rows; the first volume is the main result.
 */
public record VolumeResult(List<NamedVolume> volumes,
		List<MetricsRow> metrics) {

	/** A result volume with its role, e.g. "INR", "z-interpolation". */
	public record NamedVolume(String role, Volume volume) {
	}

	public Volume main() {
		return volumes.get(0).volume();
	}

	public Volume volume(String role) {
		return volumes.stream().filter(v -> v.role().equals(role))
				.map(NamedVolume::volume).findFirst().orElse(null);
	}
}
