package io.github.reluinr.nn;

import java.util.List;

/**
 * The methods by the names users type, and what each builds:
 * <ul>
 * <li>{@code bw-relu}: {@link Mlp} with {@link BwRelu}(c), the paper's method;
 * <li>{@code relu}: {@link Mlp} with {@link Relu} on the raw coordinates, the
 * failing baseline;
 * <li>{@code relu-pe}: {@link Mlp} with {@link Relu} on
 * {@link PositionalEncoding positionally encoded} coordinates (the network's
 * input count is the encoding's feature count);
 * <li>{@code siren}: {@link Mlp} with {@link Siren}(omega0) and SIREN's
 * initialisation;
 * <li>{@code wire}: {@link WireMlp}(omega0, sigma0), complex Gabor layers;
 * <li>{@code gauss}: {@link Mlp} with {@link Gauss}(sigma0).
 * </ul>
 */
public final class Activations {

	public static final List<String> NAMES = List.of("bw-relu", "relu",
			"relu-pe", "siren", "wire", "gauss");

	private Activations() {
	}

	/** Throws unless name is one of {@link #NAMES}. */
	public static String check(String name) {
		if (!NAMES.contains(name))
			throw new IllegalArgumentException("activation must be one of "
					+ NAMES + ", got '" + name + "'");
		return name;
	}

	/**
	 * The element-wise activation of a real network. {@code wire} has none (its
	 * layers are complex): build it with {@link #network}.
	 */
	public static Activation create(String name, double c, double omega0,
			double sigma0)
	{
		switch (check(name)) {
			case "bw-relu" :
				return new BwRelu(c);
			case "relu" :
			case "relu-pe" :
				return new Relu();
			case "siren" :
				return new Siren(omega0);
			case "gauss" :
				return new Gauss(sigma0);
			default :
				throw new IllegalArgumentException("'" + name
						+ "' is a complex-valued network, not an element-wise activation: use Activations.network");
		}
	}

	/**
	 * Whether the method feeds the network the positional encoding of the
	 * coordinates instead of the coordinates.
	 */
	public static boolean encodesPositions(String name) {
		return "relu-pe".equals(check(name));
	}

	/**
	 * The network of a method. {@code inputs} is the column count of what the
	 * network is fed: 2 for image coordinates,
	 * {@link PositionalEncoding#features} for {@code relu-pe}. {@code width} is
	 * the real width; WIRE turns it into (int) (width / sqrt 2) complex units.
	 */
	public static Network network(String name, int inputs, int width,
			int layers, int outputs, double c, double omega0, double sigma0,
			long seed)
	{
		if ("wire".equals(check(name)))
			return new WireMlp(inputs, width, layers, outputs, omega0, sigma0,
					seed);
		return new Mlp(inputs, width, layers, outputs,
				create(name, c, omega0, sigma0), seed);
	}
}
