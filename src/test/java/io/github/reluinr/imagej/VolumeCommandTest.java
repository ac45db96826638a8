package io.github.reluinr.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import io.github.reluinr.task.Volume;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A hyperstack's z at one channel and frame becomes the volume, and results go
 * back as C x Z stacks with the calibration.
 */
class VolumeCommandTest {

	@Test
	void zAtTheChannelAndFrame() {
		int w = 5, h = 4, c = 2, z = 3, t = 2;
		ImageStack st = new ImageStack(w, h);
		// ImageJ's order: channel fastest, then slice, then frame
		for (int ti = 1; ti <= t; ti++)
			for (int zi = 1; zi <= z; zi++)
				for (int ci = 1; ci <= c; ci++) {
					float[] p = new float[w * h];
					java.util.Arrays.fill(p, 100 * ci + 10 * zi + ti);
					st.addSlice(new FloatProcessor(w, h, p));
				}
		ImagePlus imp = new ImagePlus("h", st);
		imp.setDimensions(c, z, t);
		imp.setOpenAsHyperStack(true);
		Calibration cal = imp.getCalibration();
		cal.pixelWidth = 0.2;
		cal.pixelHeight = 0.2;
		cal.pixelDepth = 0.6;
		cal.setUnit("micron");
		Volume v = VolumeCommand.volume(imp, 2, 2, null);
		assertEquals(z, v.depth());
		assertEquals(0.6, v.voxelDepth(), 0);
		assertEquals(0.2, v.voxelWidth(), 0);
		for (int k = 0; k < z; k++)
			assertEquals(200 + 10 * (k + 1) + 2,
					v.pixels().getDouble((long) k * w * h, 0), 0);
		Volume v2 = VolumeCommand.volume(imp, 1, 1,
				new java.awt.Rectangle(1, 1, 3, 2));
		assertEquals(3, v2.width());
		assertEquals(2, v2.height());
		ImagePlus out = VolumeCommand.toImagePlus("r",
				List.of(VolumeCommand.volume(imp, 1, 1, null), v), cal);
		assertEquals(2, out.getNChannels());
		assertEquals(z, out.getNSlices());
		assertEquals(0.6, out.getCalibration().pixelDepth, 0);
	}
}
