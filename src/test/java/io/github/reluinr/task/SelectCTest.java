package io.github.reluinr.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.phantom.SheppLogan;
import io.github.reluinr.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Selecting c by the variation norm: the rule on canned results, then end to
 * end on a CT phantom.
 */
class SelectCTest {

	/**
	 * A task whose network row has the given norm and final loss per c, plus an
	 * "fbp" baseline.
	 */
	static TaskRun canned(Map<Double, double[]> normAndLoss,
			AtomicInteger calls)
	{
		return (cfg, listener, cancelled) -> {
			calls.incrementAndGet();
			double[] nl = normAndLoss.get(cfg.c());
			for (int e = 1; e <= 3; e++)
				if (listener != null)
					listener.epochDone(e, 3, nl[1], Double.NaN, e);
			Image2D img = new Image2D(
					Nd4j.valueArrayOf(new long[]{4, 1}, (float) cfg.c()), 2, 2);
			Image2D fbp = new Image2D(Nd4j.zeros(4, 1), 2, 2);
			MetricsRow net = new MetricsRow("ct", "bw-relu", cfg.c(), 3, 0.1,
					nl[1], 20.0, null, nl[0], "cpu",
					io.github.reluinr.train.StopReason.EPOCHS);
			MetricsRow base = new MetricsRow("ct", "fbp", null, null, 0.01,
					null, 18.0, null, null, "cpu", null);
			return new TaskResult(
					List.of(TaskResult.NamedImage.of(OutputRole.INR, img),
							TaskResult.NamedImage.of(OutputRole.FBP, fbp)),
					List.of(net, base));
		};
	}

	static final Map<Double, double[]> CANNED = Map.of(1.0,
			new double[]{10, 0.5}, 2.0, new double[]{30, 0.05}, 3.0,
			new double[]{20, 0.08});

	@Test
	void selectsTheLowestNormAmongThoseThatReachedTheTarget() {
		AtomicInteger calls = new AtomicInteger();
		List<int[]> progress = new ArrayList<>();
		SelectC.Selection s = SelectC.run(List.of(1.0, 2.0, 3.0),
				TrainingConfig.ct().targetLoss(0.1), canned(CANNED, calls),
				(e, n, loss, psnr, sec) -> progress.add(new int[]{e, n}), null);
		assertEquals(3, calls.get());
		// c = 1 has the lowest norm but missed the target: c = 3 (norm 20) beats c = 2 (norm 30)
		assertFalse(s.candidates().get(0).eligible());
		assertTrue(
				s.candidates().get(0).reason()
						.contains("missed the target loss 0.1"),
				s.candidates().get(0).reason());
		assertEquals(2, s.selected());
		assertEquals(3.0, s.selectedCandidate().c());
		List<MetricsRow> rows = s.rows();
		assertEquals(4, rows.size()); // three c, then FBP once
		assertEquals(List.of(false, false, true, false),
				rows.stream().map(MetricsRow::selected).toList());
		assertEquals("fbp", rows.get(3).method());
		TaskResult r = s.result();
		assertEquals(3.0f, r.main().pixels().getFloat(0), 0f);
		assertEquals(List.of("INR", "FBP"),
				r.images().stream().map(TaskResult.NamedImage::name).toList());
		assertTrue(MetricsCsv.format(r.metrics()).startsWith(
				String.join(",", MetricsRow.COLUMNS) + ",selected\n"));
		// one progress run over all c: 3 epochs each, 9 in all
		assertEquals(9, progress.size());
		assertEquals(7, progress.get(6)[0]);
		assertEquals(9, progress.get(6)[1]);
	}

	@Test
	void withoutTargetEveryFiniteRunIsEligibleAndNoneEligibleIsExplained() {
		SelectC.Selection s = SelectC.run(List.of(2.0, 1.0, 3.0),
				TrainingConfig.ct(), canned(CANNED, new AtomicInteger()), null,
				null);
		assertEquals(1.0, s.selectedCandidate().c());
		assertEquals(1, s.rows().stream().filter(MetricsRow::selected).count());

		SelectC.Selection none = SelectC.run(List.of(1.0, 2.0),
				TrainingConfig.ct().targetLoss(0.01),
				canned(CANNED, new AtomicInteger()), null, null);
		assertNull(none.selectedCandidate());
		assertTrue(none.rows().stream().noneMatch(MetricsRow::selected));
		IllegalStateException e = assertThrows(IllegalStateException.class,
				none::result);
		assertTrue(
				e.getMessage()
						.contains("no c is eligible for target_loss 0.01"),
				e.getMessage());
		assertTrue(e.getMessage().contains("c 2 missed the target loss"),
				e.getMessage());
	}

	@Test
	void cancellingStopsAndTheInterruptedRunIsNotEligible() {
		AtomicInteger calls = new AtomicInteger();
		TaskRun task = canned(CANNED, calls);
		// cancelled while the second c trains
		SelectC.Selection s = SelectC.run(List.of(2.0, 1.0, 3.0),
				TrainingConfig.ct(), task, null, () -> calls.get() >= 2);
		assertEquals(2, calls.get());
		assertEquals(2, s.candidates().size());
		assertEquals("cancelled", s.candidates().get(1).reason());
		assertEquals(2.0, s.selectedCandidate().c()); // c = 1 has the lower norm but did not finish
	}

	@Test
	void parsesAndChecksCValues() {
		assertEquals(List.of(1.0, 2.0, 3.5),
				SelectC.parseCValues(" 1, 2,3.5 "));
		for (String bad : new String[]{"", " ", "1,,2", "1,a", "0,1", "-1",
				"1,1", "2000", "NaN"})
		{
			assertThrows(IllegalArgumentException.class,
					() -> SelectC.parseCValues(bad), bad);
		}
		assertThrows(IllegalArgumentException.class,
				() -> SelectC.run(List.of(1.0),
						TrainingConfig.ct().activation("relu"),
						canned(CANNED, new AtomicInteger()), null, null));
	}

	/**
	 * 32x32 modified Shepp-Logan, 30 views over 180 degrees, 3x32 BW-ReLU, c in
	 * {1, 3, 8}, each trained from seed 0 with lr 5e-3 (decaying to a tenth
	 * over the first 150 epochs) until its sinogram MSE is at most 0.2, at most
	 * 300 epochs.
	 */
	@Test
	void selectsOneCOnASmallCtPhantom() {
		Image2D phantom = new Image2D(SheppLogan.image(32, 32), 32, 32);
		TrainingConfig base = TrainingConfig.ct().width(32).layers(3)
				.epochs(300).decayHorizon(150).lr(5e-3).seed(0).targetLoss(0.2);
		SelectC.Selection s = SelectC
				.run(List.of(1.0, 3.0, 8.0), base,
						new TaskDescription.CtFromImage(
								new CtTask.Reference(30, 180), 0)
								.bind(phantom, null),
						null, null);
		List<MetricsRow> rows = s.rows();
		System.out.println(
				"select-c, 32x32 Shepp-Logan, 30 views, 3x32, target loss 0.2, at most 300 epochs");
		System.out.println(
				"method     c    epochs   final loss     var. norm   PSNR dB  eligible  selected");
		for (int i = 0; i < rows.size(); i++) {
			MetricsRow r = rows.get(i);
			String eligible = i < s.candidates().size()
					? String.valueOf(s.candidates().get(i).eligible())
					: "-";
			System.out.printf(Locale.ROOT,
					"%-7s %4s %9s %12s %13s %9.2f %9s %9s%n", r.method(),
					r.c() == null ? "" : SelectC.fmt(r.c()),
					r.epochs() == null ? "" : r.epochs(),
					r.finalLoss() == null
							? ""
							: String.format(Locale.ROOT, "%.4g", r.finalLoss()),
					r.variationNorm() == null
							? ""
							: String.format(Locale.ROOT, "%.1f",
									r.variationNorm()),
					r.psnrDb(), eligible, r.selected());
		}
		assertEquals(4, rows.size());
		assertEquals("fbp", rows.get(3).method());
		assertFalse(rows.get(3).selected());
		assertEquals(1, rows.stream().filter(MetricsRow::selected).count());
		// the selected row is the lowest norm among the eligible, and ineligible rows missed the target
		SelectC.Candidate sel = s.selectedCandidate();
		assertTrue(sel.eligible() && sel.row().finalLoss() <= 0.2);
		for (SelectC.Candidate c : s.candidates()) {
			if (c.eligible())
				assertTrue(
						sel.row().variationNorm() <= c.row().variationNorm());
			else
				assertTrue(
						c.row().finalLoss() > 0.2 && c.row().epochs() == 300);
		}
		assertTrue(rows.get(s.selected()).selected());
		// the selected reconstruction is the selected c's, in the phantom's units, with FBP and the sinogram
		assertSame(sel.result().main(), s.result().main());
		assertEquals(List.of("INR", "FBP", "sinogram"), s.result().images()
				.stream().map(TaskResult.NamedImage::name).toList());
	}
}
