package io.github.reluinr.imagej;

import io.github.reluinr.task.Image2D;
import io.github.reluinr.task.MetricsRow;
import io.github.reluinr.task.OutputRole;
import io.github.reluinr.task.SelectC;
import io.github.reluinr.task.TaskDescription;
import io.github.reluinr.task.TaskResult;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Chooses the BW-ReLU scale c for a task by the variation norm (Section 5.4,
 * Appendix C/D.4): one network per value in {@code c_values}, each optionally
 * trained until {@code target_loss}; the one with the lowest norm among those
 * that reached it is shown, and the metrics table lists every c (column
 * {@code selected}) and the task's baseline (FBP, bicubic; never selected).
 *
 * <p>
 * The training parameters are shared by all c. Their defaults are the paper's
 * for the chosen task: the dialog switches them when the task changes; in a
 * macro, keys that are not given keep the defaults of {@value #DEFAULT_TASK} (a
 * recorded macro gives them all). The {@code c} field is not used.
 */
@Plugin(type = Command.class, menuPath = InrCommand.MENU
		+ "Select c (variation norm)", headless = true, label = "Select c (variation norm)", description = "Train one BW-ReLU network per c and keep the one with the lowest variation norm")
public class SelectCCommand extends TaskChoiceCommand {

	public static final String DEFAULT_TASK = TaskDescription.CT;

	@Parameter(persist = false, label = "c values (comma-separated)", description = "The scales to try, e.g. 1,2,3,5 (the c field is not used)", callback = "networksChanged")
	protected String c_values = "1,2,3,5";

	@Parameter(persist = false, label = "Target training loss (0 = none)", min = "0", style = "format:0.000000", description = "Train each c until its loss is at most this (epochs is the cap); a c that misses it is not selected")
	protected double target_loss = 0;

	/** The c selected for each plane, for result titles. */
	private final Set<Double> selectedCs = new LinkedHashSet<>();

	/**
	 * The full selection of each plane (for callers that run the command
	 * programmatically).
	 */
	private final List<SelectC.Selection> selections = new ArrayList<>();

	/** Dialog callback: the estimate counts one network per c value. */
	protected void networksChanged() {
		updateEstimate();
	}

	@Override
	protected int networksPerPlane() {
		try {
			return SelectC.parseCValues(c_values).size();
		}
		catch (RuntimeException e) {
			return 1; // the check names the bad value when OK is pressed
		}
	}

	@Override
	protected List<String> leadingInputs() {
		List<String> l = new ArrayList<>(super.leadingInputs());
		l.addAll(List.of("c_values", "target_loss"));
		return l;
	}

	@Override
	protected String defaultTask() {
		return DEFAULT_TASK;
	}

	public List<SelectC.Selection> selections() {
		return selections;
	}

	@Override
	protected void checkCommandParameters() {
		if (!"bw-relu".equals(activation))
			throw new InvalidInputException("activation = " + activation
					+ ": select-c compares BW-ReLU networks (the variation norm is theirs); use bw-relu");
		try {
			SelectC.parseCValues(c_values);
		}
		catch (IllegalArgumentException e) {
			throw new InvalidInputException(e.getMessage());
		}
		if (!(target_loss >= 0) || Double.isInfinite(target_loss))
			throw new InvalidInputException("target_loss = " + target_loss
					+ " is out of range: use 0 (none) or a positive loss");
	}

	@Override
	protected List<String> metricsHeader() {
		List<String> h = new ArrayList<>(MetricsRow.COLUMNS);
		h.add("selected");
		return h;
	}

	@Override
	protected String titleFor(TaskDescription task, String name) {
		if (!name.equals(OutputRole.INR.label())) return task.title(name);
		String c = selectedCs.size() == 1
				? " c=" + SelectC.fmt(selectedCs.iterator().next())
				: "";
		return task.title(name) + c + " (lowest variation norm)";
	}

	@Override
	protected TaskResult runTask(TaskDescription task, Image2D plane,
			Image2D groundTruth, TrainingConfig config,
			TrainingListener listener, BooleanSupplier cancelled)
	{
		List<Double> cs = SelectC.parseCValues(c_values);
		TrainingConfig base = config.copy()
				.targetLoss(target_loss > 0 ? target_loss : Double.NaN);
		log.info("select c among " + cs + (target_loss > 0
				? String.format(Locale.ROOT,
						", each trained until loss <= %.3g (at most %d epochs)",
						target_loss, base.epochs())
				: String.format(Locale.ROOT,
						", %d epochs each, no target loss (norms are compared at unequal losses)",
						base.epochs())));
		java.util.function.Consumer<SelectC.Candidate> report = cand -> log
				.info(describe(cand));
		SelectC.Selection s = SelectC.run(cs, base,
				task.bind(plane, groundTruth), listener, cancelled, report);
		selections.add(s);
		SelectC.Candidate sel = s.selectedCandidate();
		if (sel == null)
			throw new InvalidInputException(s.noneEligibleMessage());
		selectedCs.add(sel.c());
		log.info(String.format(Locale.ROOT,
				"selected c = %s: the lowest variation norm (%.4g) among %d eligible of %d",
				SelectC.fmt(sel.c()), sel.row().variationNorm(), s.candidates()
						.stream().filter(SelectC.Candidate::eligible).count(),
				s.candidates().size()));
		return s.result();
	}

	@Override
	protected String modelSuffix(io.github.reluinr.model.InrModel m) {
		return "-c" + SelectC.fmt(m.c());
	}

	/**
	 * The selected c's network goes to model_file itself, every c's to
	 * model_file with -cC.
	 */
	@Override
	protected io.github.reluinr.model.InrModel selectedModel(int planeIndex,
			List<io.github.reluinr.model.InrModel> models)
	{
		SelectC.Candidate sel = planeIndex < selections.size()
				? selections.get(planeIndex).selectedCandidate()
				: null;
		if (sel == null) return null;
		return models.stream().filter(m -> m.c() == sel.c()).findFirst()
				.orElse(null);
	}

	private static String describe(SelectC.Candidate cand) {
		MetricsRow r = cand.row();
		String psnr = r.psnrDb() == null
				? ""
				: String.format(Locale.ROOT, ", PSNR %.2f dB", r.psnrDb());
		String why = cand.eligible() ? "" : " - not eligible: " + cand.reason();
		return String.format(Locale.ROOT,
				"c = %s: loss %.4g after %d epochs, variation norm %.4g%s%s",
				SelectC.fmt(cand.c()), r.finalLoss(), r.epochs(),
				r.variationNorm(), psnr, why);
	}
}
