package io.github.reluinr.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compare INRs: one row per method (its own settings), one montage, a PSNR
 * curve per method.
 */
class CompareCommandTest {

	@Test
	void comparesMethodsOnCtWithFbpBaseline(@TempDir Path dir)
			throws Exception
	{
		ij.process.FloatProcessor fp = new ij.process.FloatProcessor(24, 24);
		for (int y = 0; y < 24; y++)
			for (int x = 0; x < 24; x++)
				fp.setf(x, y,
						(x - 11.5) * (x - 11.5) + (y - 9.5) * (y - 9.5) < 40
								? 1f
								: 0.2f);
		Map<String, Object> m = CommandFixture.small(new ImagePlus("disk", fp));
		m.put("task", "ct");
		m.put("angles", 10);
		m.put("methods", "bw-relu, siren,relu");
		m.put("output_file", dir.resolve("cmp.tif").toFile());
		CompareCommand cmd = CommandFixture.run(CompareCommand.class, m);
		assertNull(cmd.error());
		assertEquals(List.of("bw-relu", "siren", "relu", "fbp"),
				List.of(cmd.metrics.getStringValue("method", 0),
						cmd.metrics.getStringValue("method", 1),
						cmd.metrics.getStringValue("method", 2),
						cmd.metrics.getStringValue("method", 3)));
		// each method keeps its own Appendix D settings: c only for BW-ReLU (CT: 3)
		assertEquals(3.0, cmd.metrics.getValue("c", 0), 0);
		assertEquals("", cmd.metrics.getStringValue("c", 1));
		List<ImagePlus> out = cmd.outputImages();
		assertEquals("disk - INR comparison", out.get(0).getTitle());
		assertEquals(ImagePlus.COLOR_RGB, out.get(0).getType());
		// ground truth + 3 methods + FBP, side by side
		assertTrue(out.get(0).getWidth() > 4 * out.get(0).getHeight() * 0.8,
				"montage " + out.get(0).getWidth() + "x"
						+ out.get(0).getHeight());
		assertTrue(Files.exists(dir.resolve("cmp.png"))
				&& Files.exists(dir.resolve("cmp-psnr.png")));
		assertEquals(20, cmd.runs().get(0).get(0).psnrByEpoch().length);
		assertTrue(Double.isFinite(cmd.runs().get(0).get(1).psnrByEpoch()[19]));
	}

	@Test
	void unknownMethodIsNamed() throws Exception {
		Map<String, Object> m = CommandFixture.small(CommandFixture.gray());
		m.put("methods", "bw-relu,tanh");
		String e = CommandFixture.run(CompareCommand.class, m).error();
		assertTrue(e.startsWith("methods: ") && e.contains("tanh"), e);
	}
}
