package io.github.reluinr.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output paths against inputs and each other; temporary files renamed into
 * place under a lock.
 */
class OutputPlanTest {

	static OutputPlan.Writer text(String s) {
		return (target, tmp) -> Files.writeString(tmp, s,
				StandardCharsets.UTF_8);
	}

	static List<String> names(Path dir) throws IOException {
		try (var s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	@Test
	void aWriteOntoAReadIsRefusedThroughSymlinksAndDotDot(@TempDir Path dir)
			throws Exception
	{
		Path in = Files.writeString(dir.resolve("cells.png"), "x");
		Files.createDirectory(dir.resolve("sub"));
		Files.createSymbolicLink(dir.resolve("link.png"), in);
		OutputPlan p = new OutputPlan().read("input_file",
				dir.resolve("link.png").toFile());
		OutputFiles.plan(p, "output_file",
				dir.resolve("sub/../cells.tif").toFile(), () -> null);
		InvalidInputException e = assertThrows(InvalidInputException.class,
				p::check);
		assertEquals(
				"the PNG preview of output_file would overwrite input_file ("
						+ in.toRealPath()
						+ "): choose another output_file; inputs are never written",
				e.getMessage());
		// a file that does not exist yet, in a folder reached through a symlink, is the folder's real path + its name
		Files.createSymbolicLink(dir.resolve("alias"), dir.resolve("sub"));
		assertEquals(dir.resolve("sub").toRealPath().resolve("new.tif"),
				OutputPlan.canonical(dir.resolve("alias/new.tif").toFile()));
		assertEquals(dir.toRealPath().resolve("no/such/dir/x.tif"), OutputPlan
				.canonical(dir.resolve("no/such/dir/x.tif").toFile()));
	}

	@Test
	void twoWritesOnOneFileAreRefusedNamingBoth(@TempDir Path dir) {
		OutputPlan p = new OutputPlan();
		OutputFiles.plan(p, "output_file", dir.resolve("a.tif").toFile(),
				() -> null);
		OutputFiles.plan(p, "fbp_file", dir.resolve("a.tiff").toFile(),
				() -> null);
		InvalidInputException e = assertThrows(InvalidInputException.class,
				p::check);
		assertTrue(e.getMessage().startsWith(
				"the PNG preview of output_file and the PNG preview of fbp_file are the same file"),
				e.getMessage());
		OutputPlan q = new OutputPlan()
				.write("metrics_file", dir.resolve("m.csv").toFile(), text("a"))
				.write("metrics_json", dir.resolve("m.csv").toFile(),
						text("b"));
		assertTrue(assertThrows(InvalidInputException.class, q::check)
				.getMessage()
				.startsWith("metrics_file and metrics_json are the same file"));
		// distinct names pass
		new OutputPlan()
				.write("metrics_file", dir.resolve("m.csv").toFile(), text("a"))
				.write("metrics_json", dir.resolve("m.json").toFile(),
						text("b"))
				.check();
	}

	@Test
	void aResultMustBeNamedTif(@TempDir Path dir) {
		for (String name : List.of("r.png", "r.jpg", "r")) {
			InvalidInputException e = assertThrows(InvalidInputException.class,
					() -> OutputFiles.plan(new OutputPlan(), "output_file",
							dir.resolve(name).toFile(), () -> null));
			assertTrue(e.getMessage().contains("give r.tif"), e.getMessage());
		}
		OutputFiles.plan(new OutputPlan(), "output_file",
				dir.resolve("r.TIFF").toFile(), () -> null);
	}

	@Test
	void commitReplacesEveryTargetAndLeavesNoWorkFiles(@TempDir Path dir)
			throws Exception
	{
		Files.writeString(dir.resolve("a.txt"), "old a");
		new OutputPlan()
				.write("a", dir.resolve("a.txt").toFile(), text("new a"))
				.write("b", dir.resolve("sub/b.txt").toFile(), text("new b"))
				.commit();
		assertEquals("new a", Files.readString(dir.resolve("a.txt")));
		assertEquals("new b", Files.readString(dir.resolve("sub/b.txt")));
		assertEquals(List.of("a.txt", "sub"), names(dir));
		assertEquals(List.of("b.txt"), names(dir.resolve("sub")));
	}

	@Test
	void aFailingWriterLeavesEveryTargetAsItWasAndNoWorkFiles(@TempDir Path dir)
			throws Exception
	{
		Files.writeString(dir.resolve("a.txt"), "old a");
		Files.writeString(dir.resolve("b.txt"), "old b");
		OutputPlan p = new OutputPlan()
				.write("a", dir.resolve("a.txt").toFile(), text("new a"))
				.write("b", dir.resolve("b.txt").toFile(), (t, tmp) -> {
					Files.writeString(tmp, "half");
					throw new IOException("disk full");
				});
		assertThrows(IOException.class, p::commit);
		assertEquals("old a", Files.readString(dir.resolve("a.txt")));
		assertEquals("old b", Files.readString(dir.resolve("b.txt")));
		assertEquals(List.of("a.txt", "b.txt"), names(dir));
	}

	@Test
	void concurrentCommitsOnOneSetEndWithOneRunsCompleteSet(@TempDir Path dir)
			throws Exception
	{
		// each run writes its id into both files, slowly, so that their writes overlap in time
		int runs = 6;
		ExecutorService pool = Executors.newFixedThreadPool(runs);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> fs = new ArrayList<>();
		try {
			for (int r = 0; r < runs; r++) {
				String id = "run" + r;
				fs.add(pool.submit(() -> {
					start.await();
					OutputPlan.Writer slow = (t, tmp) -> {
						Files.writeString(tmp, id);
						try {
							Thread.sleep(20);
						}
						catch (InterruptedException e) {
							throw new IOException(e);
						}
					};
					new OutputPlan()
							.write("output_file",
									dir.resolve("out.tif").toFile(), slow)
							.write("output_file", "preview",
									dir.resolve("out.png").toFile(), slow)
							.commit();
					return null;
				}));
			}
			start.countDown();
			for (Future<?> f : fs)
				f.get();
		}
		finally {
			pool.shutdown();
		}
		assertEquals(Files.readString(dir.resolve("out.tif")),
				Files.readString(dir.resolve("out.png")));
		assertEquals(List.of("out.png", "out.tif"), names(dir));
	}

	@Test
	void aHeldLockIsWaitedFor(@TempDir Path dir) throws Exception {
		Path target = dir.resolve("out.tif");
		Path lockFile = OutputPlan.lockFileFor(target);
		try (var ch = java.nio.channels.FileChannel.open(lockFile,
				java.nio.file.StandardOpenOption.CREATE,
				java.nio.file.StandardOpenOption.WRITE))
		{
			// another process would hold it with a FileLock; in one JVM a thread holding the commit turn stands in
			var lock = ch.lock();
			Thread t = new Thread(() -> {
				try {
					Thread.sleep(300);
					lock.release();
				}
				catch (Exception ignored) {
					// the test fails on the assertion below
				}
			});
			t.start();
			long t0 = System.nanoTime();
			new OutputPlan().write("output_file", target.toFile(), text("ok"))
					.commit();
			assertTrue(System.nanoTime() - t0 >= 250_000_000L,
					"waited for the lock");
			t.join();
		}
		assertEquals("ok", Files.readString(target));
		assertFalse(Files.exists(lockFile), "lock file removed");
	}

	@Test
	void metricsAppendKeepsEarlierRowsAndRefusesOtherColumns(@TempDir Path dir)
			throws Exception
	{
		Path csv = dir.resolve("m.csv");
		var row = new io.github.reluinr.task.MetricsRow("fit", "bw-relu", 9.0,
				10, 1.0, 0.5, 20.0, 0.5, 100.0, "cpu",
				io.github.reluinr.train.StopReason.EPOCHS);
		Files.writeString(csv, io.github.reluinr.task.MetricsCsv.appended(csv,
				List.of(row.withSource("a.png", null))));
		Files.writeString(csv, io.github.reluinr.task.MetricsCsv.appended(csv,
				List.of(row.withSource("b.png", 2))));
		List<String> lines = Files.readAllLines(csv);
		assertEquals(3, lines.size());
		assertEquals(
				String.join(",", io.github.reluinr.task.MetricsRow.COLUMNS),
				lines.get(0));
		assertTrue(
				lines.get(1).contains(",a.png,,epochs,")
						&& lines.get(2).contains(",b.png,2,epochs,"),
				lines.toString());
		Path other = Files.writeString(dir.resolve("o.csv"), "a,b\n1,2\n");
		assertEquals(
				"has other columns (a,b): rows cannot be appended to it; give a new file or one written by the same command",
				io.github.reluinr.task.MetricsCsv.headerConflict(other,
						io.github.reluinr.task.MetricsRow.COLUMNS));
		byte[] before = Files.readAllBytes(other);
		assertThrows(IOException.class, () -> io.github.reluinr.task.MetricsCsv
				.appended(other, List.of(row)));
		assertArrayEquals(before, Files.readAllBytes(other));
	}

	static File f(Path p) {
		return p.toFile();
	}
}
