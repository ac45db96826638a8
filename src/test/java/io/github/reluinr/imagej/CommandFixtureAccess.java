package io.github.reluinr.imagej;

import ij.ImagePlus;

/** The command tests' sample image, for tests in other packages. */
public final class CommandFixtureAccess {

	private CommandFixtureAccess() {
	}

	public static ImagePlus gray() {
		return CommandFixture.gray();
	}
}
