package io.github.reluinr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --max-minutes (macro key max_minutes): the run stops at the budget with the
 * best result so far.
 */
class TimeBudgetCliTest {

	@Test
	void aTimeBudgetStopsTheRunWithStopReasonTime(@TempDir Path dir)
			throws Exception
	{
		Path img = dir.resolve("in.tif");
		ij.IJ.saveAsTiff(io.github.reluinr.imagej.CommandFixtureAccess.gray(),
				img.toString());
		// 0.0005 minutes = 30 ms: far fewer than the 100000 epochs asked for
		CliTest.Run ok = CliTest.cli("fit", "--input", img.toString(),
				"--output", dir.resolve("fit.tif").toString(), "--epochs",
				"100000", "--width", "16", "--max-minutes", "0.0005",
				"--metrics", dir.resolve("m.csv").toString());
		assertEquals(0, ok.exit(), ok.output());
		assertTrue(Files.exists(dir.resolve("fit.tif")));
		List<String> csv = Files.readAllLines(dir.resolve("m.csv"));
		List<String> header = List.of(csv.get(0).split(","));
		String[] row = csv.get(1).split(",", -1);
		assertEquals("time", row[header.indexOf("stop_reason")], csv.get(1));
		int epochs = Integer.parseInt(row[header.indexOf("epochs")]);
		assertTrue(epochs >= 1 && epochs < 100000, "epochs run: " + epochs);
		// the plan and the estimate from the first epoch are in the log
		assertTrue(ok.output().contains("training in one tile of"),
				ok.output());
		assertTrue(ok.output().contains("100000 epochs, about"), ok.output());

		CliTest.Run bad = CliTest.cli("fit", "--input", img.toString(),
				"--output", dir.resolve("o.tif").toString(), "--max-minutes",
				"-1");
		assertEquals(2, bad.exit(), bad.output());
		assertEquals(
				"relu-inr: max_minutes = -1 is out of range: allowed 0 to 100000",
				bad.output().strip());
	}
}
