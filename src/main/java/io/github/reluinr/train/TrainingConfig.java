package io.github.reluinr.train;

/**
 * Everything that shapes one training run, with the paper's settings (Appendix
 * D) as the defaults of each task. Fluent:
 * {@code TrainingConfig.fit().epochs(300).width(64)}.
 */
public final class TrainingConfig implements Cloneable {

	private int epochs = 1000;
	private int width = 300;
	private int layers = 3;
	private double c = 9;
	private double lr = 4e-3;
	private double lrDecay = 0.1;
	private int decayHorizon = 0; // 0: the number of epochs
	private long seed = 0;
	private String activation = "bw-relu";
	private double omega0 = 50;
	private double sigma0 = 10;
	private double targetLoss = Double.NaN;
	private double maxSeconds = Double.POSITIVE_INFINITY;
	private io.github.reluinr.model.InrModel initModel;
	private java.util.function.Consumer<io.github.reluinr.model.InrModel> modelSink;
	private long tileRows = 0; // 0: the trainer's choice for the backend
	private Boolean recompute = null; // null: from the memory budget
	private Integer keptTiles = null; // null: from the memory budget
	private TotalVariation prior; // null: the data term alone

	/** Signal fitting: c 9, lr 4e-3, decay 0.1 over 1000 epochs, 3x300. */
	public static TrainingConfig fit() {
		return new TrainingConfig();
	}

	/** Super-resolution: c 3, lr 3e-3, decay 0.2 over 2000 epochs, 3x256. */
	public static TrainingConfig superResolution() {
		return new TrainingConfig().c(3).lr(3e-3).lrDecay(0.2).epochs(2000)
				.width(256).omega0(12).sigma0(6);
	}

	/**
	 * CT: c 3, lr 2e-3, decay 0.1 reached at half of 10000 epochs and held,
	 * 3x300.
	 */
	public static TrainingConfig ct() {
		return new TrainingConfig().c(3).lr(2e-3).lrDecay(0.1).epochs(10000)
				.decayHorizon(5000).omega0(25).sigma0(10);
	}

	public TrainingConfig copy() {
		try {
			return (TrainingConfig) clone();
		}
		catch (CloneNotSupportedException e) {
			throw new AssertionError(e);
		}
	}

	public TrainingConfig epochs(int v) {
		epochs = v;
		return this;
	}
	public TrainingConfig width(int v) {
		width = v;
		return this;
	}
	public TrainingConfig layers(int v) {
		layers = v;
		return this;
	}
	public TrainingConfig c(double v) {
		c = v;
		return this;
	}
	public TrainingConfig lr(double v) {
		lr = v;
		return this;
	}
	public TrainingConfig lrDecay(double v) {
		lrDecay = v;
		return this;
	}
	/**
	 * Epochs over which the learning rate decays to lr * lrDecay; 0 means the
	 * number of epochs.
	 */
	public TrainingConfig decayHorizon(int v) {
		decayHorizon = v;
		return this;
	}
	public TrainingConfig seed(long v) {
		seed = v;
		return this;
	}
	public TrainingConfig activation(String v) {
		activation = v;
		return this;
	}
	public TrainingConfig omega0(double v) {
		omega0 = v;
		return this;
	}
	public TrainingConfig sigma0(double v) {
		sigma0 = v;
		return this;
	}
	/** Stop as soon as the training loss is at most this value (NaN: never). */
	public TrainingConfig targetLoss(double v) {
		targetLoss = v;
		return this;
	}
	/**
	 * Stop after the epoch during which this much wall time has passed
	 * (infinity: never).
	 */
	public TrainingConfig maxSeconds(double v) {
		maxSeconds = v;
		return this;
	}

	/**
	 * Start from this saved network instead of a random one (its architecture
	 * must match; null: random).
	 */
	public TrainingConfig initModel(io.github.reluinr.model.InrModel v) {
		initModel = v;
		return this;
	}
	/**
	 * Receives each trained network (its lowest-loss parameters) as a model;
	 * null: none is kept.
	 */
	public TrainingConfig modelSink(
			java.util.function.Consumer<io.github.reluinr.model.InrModel> v)
	{
		modelSink = v;
		return this;
	}
	/**
	 * Rows (pixels) per training tile; 0 (default) lets the trainer choose for
	 * the backend.
	 */
	public TrainingConfig tileRows(long v) {
		tileRows = v;
		return this;
	}
	/**
	 * For a global operator: true recomputes each tile's forward pass in the
	 * backward sweep, false keeps every pixel's activations (one tile), null
	 * (default) chooses from the memory budget.
	 */
	public TrainingConfig recompute(Boolean v) {
		recompute = v;
		return this;
	}

	/**
	 * With recomputation: how many tiles keep their activations (null: as many
	 * as the memory budget holds). For tests and experiments.
	 */
	public TrainingConfig keptTiles(Integer v) {
		keptTiles = v;
		return this;
	}

	/**
	 * A total-variation prior added to the data term (null, the default: none).
	 * The epoch then runs as for a global operator, whatever the operator.
	 */
	public TrainingConfig prior(TotalVariation v) {
		prior = v;
		return this;
	}

	public TotalVariation prior() {
		return prior;
	}

	public int epochs() {
		return epochs;
	}
	public int width() {
		return width;
	}
	public int layers() {
		return layers;
	}
	public double c() {
		return c;
	}
	public double lr() {
		return lr;
	}
	public double lrDecay() {
		return lrDecay;
	}
	public int decayHorizon() {
		return decayHorizon > 0 ? decayHorizon : Math.max(1, epochs);
	}
	public long seed() {
		return seed;
	}
	public String activation() {
		return activation;
	}
	public double omega0() {
		return omega0;
	}
	public double sigma0() {
		return sigma0;
	}
	public double targetLoss() {
		return targetLoss;
	}
	public double maxSeconds() {
		return maxSeconds;
	}
	public io.github.reluinr.model.InrModel initModel() {
		return initModel;
	}
	public java.util.function.Consumer<io.github.reluinr.model.InrModel> modelSink() {
		return modelSink;
	}
	public long tileRows() {
		return tileRows;
	}
	public Boolean recompute() {
		return recompute;
	}

	public Integer keptTiles() {
		return keptTiles;
	}

	public CappedExponentialSchedule schedule() {
		return new CappedExponentialSchedule(lr, lrDecay, decayHorizon());
	}
}
