package io.github.reluinr.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.log.LogListener;
import org.scijava.log.LogService;

/**
 * The Fiji side of issue 14: the same path checks, the stack message, the input
 * and plane columns, divergence.
 */
class OutputSafetyCommandTest {

	/** Log lines of the shared context while running. */
	static List<String> logged(ThrowingRunnable r) throws Exception {
		List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
		LogService log = CommandFixture.context().service(LogService.class);
		LogListener l = m -> lines.add(m.text());
		log.addLogListener(l);
		try {
			r.run();
		}
		finally {
			log.removeLogListener(l);
		}
		return lines;
	}

	interface ThrowingRunnable {

		void run() throws Exception;
	}

	static ImagePlus stack(int n) {
		ImageStack st = new ImageStack(24, 20);
		for (int k = 0; k < n; k++) {
			ByteProcessor bp = new ByteProcessor(24, 20);
			for (int i = 0; i < 24 * 20; i++)
				bp.set(i, (i * (k + 3) + k * 40) % 256);
			st.addSlice(bp);
		}
		return new ImagePlus("st.tif", st);
	}

	@Test
	void theActiveImagesOwnFileIsAnInputToo(@TempDir Path dir)
			throws Exception
	{
		File f = dir.resolve("cells.tif").toFile();
		ij.IJ.saveAsTiff(CommandFixture.gray(), f.getPath());
		byte[] before = Files.readAllBytes(f.toPath());
		ImagePlus opened = ij.IJ.openImage(f.getPath());
		Map<String, Object> m = CommandFixture.small(opened);
		m.put("output_file", f);
		String e = CommandFixture.run(FitCommand.class, m).error();
		assertEquals("output_file would overwrite image ("
				+ f.toPath().toRealPath()
				+ "): choose another output_file; inputs are never written", e);
		m = CommandFixture.small(opened);
		m.put("metrics_file", f);
		assertTrue(CommandFixture.run(FitCommand.class, m).error()
				.startsWith("metrics_file would overwrite image"));
		m = CommandFixture.small(opened);
		m.put("model_file", f);
		assertTrue(CommandFixture.run(FitCommand.class, m).error()
				.startsWith("model_file would overwrite image"));
		assertArrayEquals(before, Files.readAllBytes(f.toPath()));
		try (var s = Files.list(dir)) {
			assertEquals(List.of("cells.tif"),
					s.map(p -> p.getFileName().toString()).toList());
		}
	}

	@Test
	void modelFilesJoinTheSetAndMeetTheOtherOutputs(@TempDir Path dir)
			throws Exception
	{
		File out = dir.resolve("out.tif").toFile();
		Map<String, Object> m = CommandFixture.small(CommandFixture.gray());
		m.put("output_file", out);
		m.put("model_file", out);
		assertEquals(
				"output_file and model_file are the same file ("
						+ out.toPath().toAbsolutePath()
						+ "): give each output its own name",
				CommandFixture.run(FitCommand.class, m).error());
		File model = dir.resolve("m.inr.npz").toFile();
		m = CommandFixture.small(CommandFixture.gray());
		m.put("epochs", 2);
		m.put("output_file", out);
		m.put("model_file", model);
		assertNull(CommandFixture.run(FitCommand.class, m).error());
		try (var s = Files.list(dir)) {
			assertEquals(List.of("m.inr.npz", "out.png", "out.tif"),
					s.map(p -> p.getFileName().toString()).sorted().toList());
		}
		assertTrue(io.github.reluinr.model.ModelFile.read(model.toPath())
				.method().equals("bw-relu"));
	}

	@Test
	void aStackWithoutAllSlicesSaysSoAndRowsNamePlanes(@TempDir Path dir)
			throws Exception
	{
		ImagePlus imp = stack(3);
		Map<String, Object> m = CommandFixture.small(imp);
		m.put("epochs", 3);
		FitCommand[] cmd = new FitCommand[1];
		List<String> lines = logged(
				() -> cmd[0] = CommandFixture.run(FitCommand.class, m));
		assertNull(cmd[0].error());
		assertTrue(lines.contains(
				"st.tif has 3 planes (3 slices): running plane 1 only; all_slices (--all-slices) runs them all"),
				lines.toString());
		assertEquals(1, cmd[0].metrics.getValue("plane", 0), 0);

		Map<String, Object> all = CommandFixture.small(imp);
		all.put("epochs", 3);
		all.put("all_slices", true);
		all.put("metrics_file", dir.resolve("m.csv").toFile());
		lines = logged(
				() -> cmd[0] = CommandFixture.run(FitCommand.class, all));
		assertNull(cmd[0].error());
		assertTrue(lines.stream().noneMatch(l -> l.contains("runs them all")),
				lines.toString());
		List<String> csv = Files.readAllLines(dir.resolve("m.csv"));
		assertEquals(4, csv.size());
		int plane = List.of(csv.get(0).split(",")).indexOf("plane");
		int input = List.of(csv.get(0).split(",")).indexOf("input");
		for (int k = 1; k <= 3; k++) {
			assertEquals(String.valueOf(k), csv.get(k).split(",", -1)[plane]);
			assertEquals("st.tif", csv.get(k).split(",", -1)[input]);
		}
	}

	@Test
	void aThreeChannelCompositeSaysItsChannels() {
		ImagePlus imp = stack(3);
		imp.setDimensions(3, 1, 1);
		ImagePlus comp = new ij.CompositeImage(imp,
				ij.CompositeImage.COMPOSITE);
		assertEquals(
				"st.tif has 3 planes (3 channels): running plane 1 only; all_slices (--all-slices) runs them all",
				InrCommand.planesMessage(comp));
	}

	/**
	 * A fit whose training reports divergence (the trainer's own test makes a
	 * loss NaN; here the command's handling is checked).
	 */
	public static final class DivergingFit extends FitCommand {

		@Override
		protected io.github.reluinr.task.TaskResult runTask(
				io.github.reluinr.task.TaskDescription task,
				io.github.reluinr.task.Image2D plane,
				io.github.reluinr.task.Image2D groundTruth,
				io.github.reluinr.train.TrainingConfig config,
				io.github.reluinr.train.TrainingListener listener,
				java.util.function.BooleanSupplier cancelled)
		{
			io.github.reluinr.task.TaskResult r = super.runTask(task, plane,
					groundTruth, config, listener, cancelled);
			io.github.reluinr.task.MetricsRow row = r.metrics().get(0);
			io.github.reluinr.task.MetricsRow diverged = new io.github.reluinr.task.MetricsRow(
					row.task(), row.method(), row.c(), 7, row.seconds(),
					row.finalLoss(), row.psnrDb(), row.ssim(),
					row.variationNorm(), row.backend(),
					io.github.reluinr.train.StopReason.DIVERGED);
			return new io.github.reluinr.task.TaskResult(r.images(),
					List.of(diverged));
		}
	}

	@Test
	void divergenceIsOneLineAndTheStopReason() throws Exception {
		Map<String, Object> m = CommandFixture.small(CommandFixture.gray());
		m.put("epochs", 3);
		DivergingFit[] cmd = new DivergingFit[1];
		List<String> lines = logged(
				() -> cmd[0] = CommandFixture.run(DivergingFit.class, m));
		assertNull(cmd[0].error());
		assertEquals("diverged",
				cmd[0].metrics.getStringValue("stop_reason", 0));
		assertEquals("true", cmd[0].metrics.getStringValue("stopped_early", 0));
		List<String> diverged = new ArrayList<>(
				lines.stream().filter(l -> l.contains("diverged")).toList());
		assertEquals(List.of(
				"bw-relu diverged after 7 epochs (the loss became NaN or infinite): the best result before that is kept; try a smaller lr"),
				diverged);
	}
}
