package io.github.reluinr.nn;

import java.util.List;

/** The activations by the names users type. */
public final class Activations {
    public static final List<String> NAMES = List.of("bw-relu", "relu");

    private Activations() {}

    public static Activation create(String name, double c, double omega0, double sigma0) {
        switch (name) {
            case "bw-relu": return new BwRelu(c);
            case "relu": return new Relu();
            default: throw new IllegalArgumentException("activation must be one of " + NAMES + ", got '" + name + "'");
        }
    }
}
