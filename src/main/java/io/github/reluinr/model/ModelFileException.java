package io.github.reluinr.model;

/**
 * A model file that cannot be read or used; the message is one line for the
 * user.
 */
public final class ModelFileException extends RuntimeException {

	public ModelFileException(String message) {
		super(message);
	}
}
