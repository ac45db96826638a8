package io.github.reluinr.task;

/**
 * A task description that cannot run, with a one-line message for the user
 * naming the parameter and what is allowed (the command layer shows it as it
 * is, the command line exits with code 2).
 */
public final class InvalidTaskException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	public InvalidTaskException(String message) {
		super(message);
	}

	static void range(String key, double value, double min, double max) {
		if (!(value >= min && value <= max))
			throw new InvalidTaskException(
					key + " = " + fmt(value) + " is out of range: allowed "
							+ fmt(min) + " to " + fmt(max));
	}

	/** min < value <= max */
	static void rangeOpenBelow(String key, double value, double min,
			double max)
	{
		if (!(value > min && value <= max)) {
			throw new InvalidTaskException(key + " = " + fmt(value)
					+ " is out of range: allowed above " + fmt(min) + " up to "
					+ fmt(max));
		}
	}

	static void oneOf(String key, String value,
			java.util.List<String> allowed)
	{
		if (!allowed.contains(value))
			throw new InvalidTaskException(
					key + " = " + value + " is not allowed: use one of "
							+ String.join(", ", allowed));
	}

	static String fmt(double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15
				? String.valueOf((long) v)
				: String.valueOf(v);
	}
}
