package io.github.reluinr.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import io.github.reluinr.phantom.CellVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped sample stack is what its generator makes, and demo-volume runs
 * end to end (a few epochs on a small crop).
 */
class VolumeDemoTest {

	@Test
	void shippedStackIsTheZAverageOfTheAnalyticCell() throws Exception {
		ImagePlus imp = VolumeDemo.sampleStack();
		assertEquals(CellVolume.SIDE, imp.getWidth());
		assertEquals(CellVolume.PLANES, imp.getNSlices());
		assertEquals(0.5, imp.getCalibration().pixelDepth, 1e-12);
		assertEquals(0.1, imp.getCalibration().pixelWidth, 1e-12);
		float[] want = CellVolume.stack();
		int plane = CellVolume.SIDE * CellVolume.SIDE;
		for (int z = 0; z < CellVolume.PLANES; z++) {
			float[] got = (float[]) imp.getStack().getPixels(z + 1);
			assertArrayEquals(java.util.Arrays.copyOfRange(want, z * plane,
					(z + 1) * plane), got, 0f, "plane " + (z + 1));
		}
	}

	@Test
	void quickDemoWritesTheXzMontage(@TempDir Path dir) throws Exception {
		CliTest.Run r = CliTest.cli("demo-volume", "--quick", "--crop",
				"56,60,16,8", "--output-dir", dir.toString(), "--quiet");
		assertEquals(0, r.exit(), r.output());
		assertTrue(Files.size(dir.resolve("volume-xz.png")) > 0);
		ImagePlus m = ij.IJ.openImage(dir.resolve("volume-xz.png").toString());
		assertEquals(4 * 32 + 3 * 6, m.getWidth(),
				"four 16-pixel panels at 2x with 6-pixel gaps");
		assertTrue(r.output().contains("z-interpolation"), r.output());
		CliTest.Run bad = CliTest.cli("demo-volume", "--crop", "120,0,16,8",
				"--output-dir", dir.toString());
		assertEquals(2, bad.exit(), bad.output());
	}
}
