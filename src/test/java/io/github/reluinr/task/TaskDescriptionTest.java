package io.github.reluinr.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.reluinr.train.TrainingConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The task descriptions' own rules: "not given" resolved once, checks, sizes,
 * ground-truth shapes, names.
 */
class TaskDescriptionTest {

	private static TrainingRequest given(int epochs, double lr, int horizon,
			String activation)
	{
		return new TrainingRequest(epochs, 0, 0, 0, lr, 0, horizon, activation,
				0, 0, 7, 0, false);
	}

	@Test
	void whatIsNotGivenTakesTheTasksDefaultsAndWhatIsGivenIsKept() {
		TaskDescription fit = new TaskDescription.Fit();
		TrainingConfig d = fit.config(TrainingRequest.defaults());
		// Appendix D, fit: 1000 epochs, 3 x 300, c 9, lr 4e-3, decay 0.1 over all epochs
		assertEquals(List.of(1000, 300, 3, 1000),
				List.of(d.epochs(), d.width(), d.layers(), d.decayHorizon()));
		assertEquals(List.of(9.0, 4e-3, 0.1),
				List.of(d.c(), d.lr(), d.lrDecay()));
		TrainingConfig g = fit.config(given(200, 4e-3, 0, "siren"));
		assertEquals(4e-3, g.lr(), 0,
				"a given lr equal to BW-ReLU's default is still given");
		assertEquals(50, g.omega0(), 0); // SIREN's fit omega0, not given
		assertEquals(200, g.decayHorizon());
		assertEquals(7, g.seed());
		assertEquals(2e-3, fit.config(given(200, 0, 0, "siren")).lr(), 0,
				"not given: SIREN's fit lr");
	}

	/**
	 * CT's start from SIRT trains the data term at 0.5 x the method's rate when
	 * no rate is given; a random start keeps the paper's; a given rate wins.
	 */
	@Test
	void theSirtStartLowersTheDefaultLearningRateOnly() {
		double[] theta = CtTask.angles(30, 180, false, false);
		TaskDescription warm = new TaskDescription.CtFromImage(
				CtTask.Standard.of(theta), 0);
		TaskDescription random = new TaskDescription.CtFromImage(
				CtTask.Standard.paper(theta), 0);
		assertEquals(1e-3, warm.config(TrainingRequest.defaults()).lr(), 1e-12);
		assertEquals(2e-3, random.config(TrainingRequest.defaults()).lr(), 0);
		assertEquals(5e-4, warm.config(given(0, 0, 0, "siren")).lr(), 1e-12,
				"SIREN's CT rate, 1e-3, times 0.5");
		assertEquals(2e-3, warm.config(given(0, 2e-3, 0, null)).lr(), 0);
	}

	@Test
	void quickIsATenthOfTheTasksEpochsWhenNoneAreGiven() {
		TaskDescription sr = TaskDescription.SuperResolution.paper(4, null);
		TrainingRequest quick = new TrainingRequest(0, 0, 0, 0, 0, 0, 0, null,
				0, 0, 0, 0, true);
		assertEquals(200, sr.config(quick).epochs(),
				"Appendix D's 2000 epochs / 10");
		assertEquals(200, sr.config(quick).decayHorizon(),
				"the schedule over the epochs run");
		assertEquals(50, sr.config(new TrainingRequest(50, 0, 0, 0, 0, 0, 0,
				null, 0, 0, 0, 0, true)).epochs(), "epochs given win");
	}

	@Test
	void ctDecaysOverHalfTheEpochsUnlessAHorizonIsGiven() {
		TaskDescription ct = TaskDescription.byName(TaskDescription.CT, 4, 30,
				180, 0, null);
		assertEquals(750, ct.config(TrainingRequest.defaults()).decayHorizon());
		assertEquals(151, ct.config(given(301, 0, 0, null)).decayHorizon());
		assertEquals(40, ct.config(given(301, 0, 40, null)).decayHorizon());
		// the measured-sinogram recipe (a start from SIRT) trains 3000 epochs on the data term by default
		TaskDescription warm = new TaskDescription.CtFromImage(
				CtTask.Standard.of(CtTask.angles(30, 180, false, false)), 0);
		assertEquals(3000, warm.config(TrainingRequest.defaults()).epochs());
		assertEquals(1500,
				warm.config(TrainingRequest.defaults()).decayHorizon());
		assertEquals(1500, ct.config(TrainingRequest.defaults()).epochs(),
				"the paper's random start (compare, select-c)");
	}

	@Test
	void selectCAndCompareRunCtInTheCtCommandsGeometry() {
		TaskDescription ct = TaskDescription.byName(TaskDescription.CT, 4, 30,
				180, 0, null);
		CtTask.Standard s = (CtTask.Standard) assertInstanceOf(
				TaskDescription.CtFromImage.class, ct).geometry();
		// scikit-image's numpy.linspace(0, 180, 30, endpoint=False)
		assertEquals(30, s.anglesDegrees().length);
		assertEquals(0, s.anglesDegrees()[0], 0);
		assertEquals(174, s.anglesDegrees()[29], 1e-9);
		assertEquals(List.of("hann"), s.filters());
		assertEquals(List.of("fbp", "sirt"), ct.baselines());
		assertEquals("ct", ct.name());
		assertEquals("ground truth", ct.inputCaption());
	}

	@Test
	void eachTaskSaysTheGridItTrainsOn() {
		assertEquals(20L * 24,
				new TaskDescription.Fit().trainingPixels(20, 24));
		assertEquals(80L * 96, TaskDescription.SuperResolution.paper(4, null)
				.trainingPixels(20, 24));
		// scikit-image's radon(circle=False) pads 20 x 24 to a square of side ceil(sqrt(2) * 24) = 34
		assertEquals(34L * 34,
				TaskDescription.byName(TaskDescription.CT, 4, 30, 180, 0, null)
						.trainingPixels(20, 24));
		TaskDescription.CtFromSinogram sino = new TaskDescription.CtFromSinogram(
				CtTask.Standard.of(CtTask.angles(30, 180, false, true)), "auto",
				0);
		assertEquals(91L * 91, sino.trainingPixels(91, 30),
				"detectors x angles: 91 detectors");
		assertEquals(91L * 91, sino.trainingPixels(30, 91),
				"angles x detectors");
		InvalidTaskException e = assertThrows(InvalidTaskException.class,
				() -> sino.trainingPixels(30, 30));
		assertEquals(true, e.getMessage().contains("the layout is ambiguous"));
	}

	@Test
	void groundTruthShapesFollowTheTask() {
		TaskDescription sr = TaskDescription.SuperResolution.paper(2, null);
		assertNull(sr.groundTruthMismatch(32, 20, 1, 16, 10, 1));
		assertEquals("is 30x20 but scale 2 makes 32x20",
				sr.groundTruthMismatch(30, 20, 1, 16, 10, 1));
		assertEquals(2, sr.groundTruthRegionScale());
		assertEquals(2, sr.pixelSizeDivisor(), 0);
		assertEquals("INR x2", sr.title("INR"));
		TaskDescription.CtFromSinogram sino = new TaskDescription.CtFromSinogram(
				CtTask.Standard.of(CtTask.angles(30, 180, false, true)), "auto",
				0);
		assertNull(sino.groundTruthMismatch(64, 64, 1, 30, 91, 1),
				"at most the 91 x 91 square");
		assertEquals(
				"is 92x64, larger than the 91x91 reconstruction (detectors x detectors)",
				sino.groundTruthMismatch(92, 64, 1, 30, 91, 1));
		assertEquals(0, sino.groundTruthRegionScale());
		assertEquals(
				"is not used by task ct from an image: the input image is the ground truth of its simulated sinogram",
				TaskDescription.byName(TaskDescription.CT, 4, 30, 180, 0, null)
						.groundTruthRefusal());
	}

	@Test
	void badParametersGetOneLineNamingThem() {
		assertEquals("scale = 1 is out of range: allowed 2 to 16", assertThrows(
				InvalidTaskException.class,
				() -> TaskDescription.SuperResolution.paper(1, null).validate())
				.getMessage());
		assertEquals("task = denoise is not allowed: use fit, superres or ct",
				assertThrows(InvalidTaskException.class, () -> TaskDescription
						.byName("denoise", 4, 30, 180, 0, null)).getMessage());
		assertEquals("noise_snr = 300 is out of range: allowed 0 to 200",
				assertThrows(InvalidTaskException.class,
						() -> new TaskDescription.CtFromImage(
								new CtTask.Reference(30, 180), 300).validate())
						.getMessage());
		assertEquals(
				"a sinogram needs its angles: give angles_file (--angles-file), or angles (--angles N with --angle-range R)",
				assertThrows(InvalidTaskException.class,
						() -> CtTask.angles(0, 180, false, true)).getMessage());
		assertEquals(100, CtTask.angles(0, 180, false, false).length,
				"an image without angles: 100 views");
	}

	@Test
	void nullSpaceWeightOutsideZeroToOneIsRefusedByName() {
		for (double bad : new double[]{-0.1, 1.5, Double.NaN}) {
			TaskDescription.SuperResolution sr = new TaskDescription.SuperResolution(
					2, "back-projection", 10, 30, bad, 0, null, true);
			InvalidTaskException e = assertThrows(InvalidTaskException.class,
					sr::validate);
			assertEquals(true,
					e.getMessage().startsWith("null_space_weight = "),
					e.getMessage());
			assertEquals(true, e.getMessage().endsWith("allowed 0 to 1"),
					e.getMessage());
		}
		new TaskDescription.SuperResolution(2, "back-projection", 10, 30, 0, 0,
				null, true).validate();
		new TaskDescription.SuperResolution(2, "back-projection", 10, 30, 1, 0,
				null, true).validate();
	}

	@Test
	void tvWeightOutsideZeroToHundredIsRefusedByName() {
		for (double bad : new double[]{-0.01, 101, Double.NaN}) {
			TaskDescription.SuperResolution sr = new TaskDescription.SuperResolution(
					2, "back-projection", 10, 30, 0.25, bad, null, true);
			InvalidTaskException e = assertThrows(InvalidTaskException.class,
					sr::validate);
			assertEquals(true, e.getMessage().startsWith("tv_weight = "),
					e.getMessage());
			assertEquals(true, e.getMessage().endsWith("allowed 0 to 100"),
					e.getMessage());
		}
		new TaskDescription.SuperResolution(2, "back-projection", 10, 30, 0.25,
				100, null, true).validate();
	}
}
