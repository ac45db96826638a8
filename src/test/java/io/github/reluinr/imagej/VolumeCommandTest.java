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

	/**
	 * A learning rate given is kept even when it equals BW-ReLU's default (the
	 * bug issue 16 removed from the image commands), 0 takes the chosen
	 * method's own default, and a run has a 15-minute budget by default.
	 */
	@Test
	void learningRateGivenIsKeptAndTheBudgetIsFifteenMinutes() {
		FitVolumeCommand bw = new FitVolumeCommand();
		double bwDefault = bw.defaults().lr();
		assertEquals(bwDefault, bw.config().lr(), 0, "0: BW-ReLU's default");
		assertEquals(15 * 60, bw.config().maxSeconds(), 1e-9);
		FitVolumeCommand siren = new FitVolumeCommand();
		siren.activation = "siren";
		double sirenDefault = siren.config().lr();
		siren.lr = bwDefault; // given, and equal to BW-ReLU's default
		assertEquals(bwDefault, siren.config().lr(), 0, "a given lr is kept");
		org.junit.jupiter.api.Assertions.assertNotEquals(bwDefault,
				sirenDefault, "siren's own default differs from BW-ReLU's");
	}
}
