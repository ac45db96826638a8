package io.github.reluinr.imagej;

import io.github.reluinr.backend.Backend;
import io.github.reluinr.backend.DeviceSelection;
import org.scijava.log.LogService;

/**
 * Checks the requested device against the backend ND4J chose for this JVM (it
 * cannot switch later), before any training: see {@link DeviceSelection#check}
 * for the rules. A request the backend cannot serve is an
 * {@link InvalidInputException} whose cause is the
 * {@link DeviceSelection.DeviceException} (which tells whether a restart with
 * device = cpu would run it).
 */
public final class Devices {

	private Devices() {
	}

	public static void check(String device, Backend.Info backend,
			LogService log)
	{
		DeviceSelection.Device requested;
		try {
			requested = DeviceSelection.Device.parse(device);
		}
		catch (IllegalArgumentException e) {
			throw new InvalidInputException(e.getMessage());
		}
		try {
			DeviceSelection.check(requested, backend).ifPresent(w -> {
				if (log != null) log.warn(w);
			});
		}
		catch (DeviceSelection.DeviceException e) {
			throw new InvalidInputException(e.getMessage(), e);
		}
	}
}
