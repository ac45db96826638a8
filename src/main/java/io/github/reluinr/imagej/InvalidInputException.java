package io.github.reluinr.imagej;

/**
 * A user error: the message names the parameter and the allowed range, and is
 * all the user sees.
 */
public final class InvalidInputException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public InvalidInputException(String message) {
		super(message);
	}

	public InvalidInputException(String message, Throwable cause) {
		super(message, cause);
	}
}
