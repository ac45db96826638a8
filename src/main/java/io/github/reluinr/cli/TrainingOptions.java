package io.github.reluinr.cli;

import java.io.File;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options every task shares; each maps to the command's macro key, and only
 * given ones are passed.
 */
final class TrainingOptions {

	@Option(names = "--epochs", description = "Training epochs (default, or 0: the task's)")
	Integer epochs;
	@Option(names = "--width", description = "Neurons per hidden layer")
	Integer width;
	@Option(names = "--layers", description = "Hidden layers (Linear + activation blocks)")
	Integer layers;
	@Option(names = "--c", description = "BW-ReLU scale c")
	Double c;
	@Option(names = "--lr", description = "Initial learning rate")
	Double lr;
	@Option(names = "--lr-decay", description = "Learning-rate factor reached at the decay horizon")
	Double lrDecay;
	@Option(names = "--decay-horizon", description = "Epochs over which the learning rate decays (0: task default)")
	Integer decayHorizon;
	@Option(names = "--activation", description = "bw-relu (default), relu, relu-pe, siren, wire or gauss")
	String activation;
	@Option(names = "--omega0", description = "SIREN/WIRE frequency (default: the method's for the task)")
	Double omega0;
	@Option(names = "--sigma0", description = "WIRE/Gauss scale (default: the method's for the task)")
	Double sigma0;
	@Option(names = "--max-minutes", description = "Time budget in minutes: stop with the best result so far (default: none)")
	Double maxMinutes;
	@Option(names = "--seed", description = "Random seed (default 0)")
	Integer seed;
	@Option(names = "--device", description = "auto, cpu or gpu (default auto)")
	String device;
	@Option(names = "--all-slices", description = "Process every slice of a stack")
	boolean allSlices;
	@Option(names = "--metrics", description = "Append the metrics rows to this CSV (a new file gets the header; one with other columns is refused)")
	File metrics;
	@Option(names = "--metrics-json", description = "Write the metrics rows as a JSON array")
	File metricsJson;
	@Option(names = "--quiet", description = "No progress or log lines (the results table is still printed)")
	boolean quiet;
	@Option(names = "--model-output", paramLabel = "FILE.inr.npz", description = "Save the trained network (NumPy .npz; see relu-inr render, info); compare and select-c add -METHOD or -cC per network")
	File modelOutput;
	@Option(names = "--init-model", paramLabel = "FILE.inr.npz", description = "Start training from a saved network (same method, width, layers, channels, scales)")
	File initModel;

	void putInto(Map<String, Object> m) {
		put(m, "epochs", epochs);
		put(m, "width", width);
		put(m, "layers", layers);
		put(m, "c", c);
		put(m, "lr", lr);
		put(m, "lr_decay", lrDecay);
		put(m, "decay_horizon", decayHorizon);
		put(m, "activation", activation);
		put(m, "omega0", omega0);
		put(m, "sigma0", sigma0);
		put(m, "max_minutes", maxMinutes);
		put(m, "seed", seed);
		put(m, "device", device);
		m.put("all_slices", allSlices);
		put(m, "metrics_file", metrics);
		put(m, "model_file", modelOutput);
		put(m, "init_model", initModel);
	}

	static void put(Map<String, Object> m, String key, Object value) {
		if (value != null) m.put(key, value);
	}
}
