package io.github.reluinr.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.Resizer;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fit-volume, iso-superres and render --plane on the command line, each in a
 * JVM of its own.
 */
class VolumeCliTest {

	static final int W = 12, H = 10, D = 4;

	/**
	 * A calibrated 12 x 10 x 4 stack (0.2 um pixels, 0.8 um steps) of smooth
	 * content.
	 */
	static Path stack(Path dir, int d) {
		ImageStack st = new ImageStack(W, H);
		for (int z = 0; z < d; z++) {
			float[] p = new float[W * H];
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++)
					p[y * W + x] = (float) (100 + 40
							* Math.sin(0.5 * x + 0.9 * z) * Math.cos(0.4 * y)
							+ 3 * z);
			st.addSlice(new FloatProcessor(W, H, p));
		}
		ImagePlus imp = new ImagePlus("s", st);
		imp.getCalibration().pixelWidth = 0.2;
		imp.getCalibration().pixelHeight = 0.2;
		imp.getCalibration().pixelDepth = 0.8;
		imp.getCalibration().setUnit("micron");
		Path f = dir.resolve("stack" + d + ".tif");
		IJ.saveAsTiff(imp, f.toString());
		return f;
	}

	@Test
	void isoSuperResThenRenderXz(@TempDir Path dir) throws Exception {
		Path in = stack(dir, D);
		Path out = dir.resolve("out/iso.tif"),
				interp = dir.resolve("out/interp.tif"),
				model = dir.resolve("out/iso.inr.npz");
		CliTest.Run r = CliTest.cli("iso-superres", "--input", in.toString(),
				"--output", out.toString(), "--interpolation-output",
				interp.toString(), "--epochs", "10", "--width", "16",
				"--layers", "2", "--model-output", model.toString(),
				"--metrics", dir.resolve("m.csv").toString(), "--quiet");
		assertEquals(0, r.exit(), r.output());
		assertTrue(r.output().contains("z-interpolation"), r.output());
		ImagePlus iso = IJ.openImage(out.toString());
		assertEquals(D * 4, iso.getNSlices(),
				"scale_z from the calibration: 0.8 / 0.2 = 4");
		assertEquals(0.2, iso.getCalibration().pixelDepth, 1e-9);
		assertEquals(0.2, iso.getCalibration().pixelWidth, 1e-9);
		// the baseline is ImageJ's own z-scale
		ImagePlus src = IJ.openImage(in.toString());
		ImagePlus want = new Resizer().zScale(src, D * 4,
				ImageProcessor.BILINEAR);
		ImagePlus got = IJ.openImage(interp.toString());
		for (int z = 1; z <= D * 4; z++) {
			assertArrayEquals((float[]) want.getStack().getPixels(z),
					(float[]) got.getStack().getPixels(z), 0f, "plane " + z);
		}
		// the XZ plane at y = 3 of the model, at its default (isotropic) size, is the result's row 3 in every plane
		Path xz = dir.resolve("xz.tif");
		CliTest.Run render = CliTest.cli("render", model.toString(), "--plane",
				"xz", "--position", "3", "--output", xz.toString());
		assertEquals(0, render.exit(), render.output());
		ImagePlus x = IJ.openImage(xz.toString());
		assertEquals(W, x.getWidth());
		assertEquals(D * 4, x.getHeight());
		float[] xp = (float[]) x.getProcessor().getPixels();
		for (int z = 0; z < D * 4; z++) {
			float[] plane = (float[]) iso.getStack().getPixels(z + 1);
			for (int i = 0; i < W; i++)
				assertEquals(plane[3 * W + i], xp[z * W + i], 1e-3f);
		}
		assertEquals(0.2, x.getCalibration().pixelHeight, 1e-9);
		CliTest.Run bad = CliTest.cli("render", model.toString(), "--plane",
				"xz", "--position", "10", "--output",
				dir.resolve("bad.tif").toString());
		assertEquals(2, bad.exit(), bad.output());
		assertTrue(bad.output().contains("position = 10"), bad.output());
		assertEquals(2, Files.readAllLines(dir.resolve("m.csv")).size() - 1,
				"two rows: the network and the interpolation");
	}

	@Test
	void fitVolumeKeepsTheCalibrationAndRefusesBadInput(@TempDir Path dir)
			throws Exception
	{
		Path in = stack(dir, D);
		Path out = dir.resolve("fit.tif");
		CliTest.Run r = CliTest.cli("fit-volume", "--input", in.toString(),
				"--output", out.toString(), "--epochs", "5", "--width", "16",
				"--quiet");
		assertEquals(0, r.exit(), r.output());
		ImagePlus fit = IJ.openImage(out.toString());
		assertEquals(D, fit.getNSlices());
		assertEquals(0.8, fit.getCalibration().pixelDepth, 1e-9);
		assertTrue(Files.exists(dir.resolve("fit.png")), "the preview");

		Path single = stack(dir, 1);
		CliTest.Run one = CliTest.cli("fit-volume", "--input",
				single.toString(), "--output", dir.resolve("o.tif").toString(),
				"--quiet");
		assertEquals(2, one.exit(), one.output());
		assertTrue(one.output().contains("at least 2"), one.output());
		assertFalse(one.output().contains("Exception"), one.output());
		CliTest.Run scale = CliTest.cli("iso-superres", "--input",
				in.toString(), "--output", dir.resolve("o2.tif").toString(),
				"--scale-z", "99", "--quiet");
		assertEquals(2, scale.exit(), scale.output());
		assertTrue(scale.output().contains("scale_z"), scale.output());
		CliTest.Run over = CliTest.cli("fit-volume", "--input", in.toString(),
				"--output", in.toString(), "--quiet");
		assertEquals(2, over.exit(), over.output());
		assertEquals(1, over.output().strip().lines().count(), over.output());
	}

	/**
	 * A refused run leaves no trace: the folders it made for its outputs are
	 * removed again (as the image commands do).
	 */
	@Test
	void aRefusedRunRemovesTheFoldersItCreated(@TempDir Path dir)
			throws Exception
	{
		Path in = stack(dir, D);
		Path out = dir.resolve("new/deeper/fit.tif");
		CliTest.Run r = CliTest.cli("fit-volume", "--input", in.toString(),
				"--output", out.toString(), "--epochs", "-3");
		assertEquals(2, r.exit(), r.output());
		assertTrue(r.output().contains("epochs"), r.output());
		assertFalse(Files.exists(dir.resolve("new")), r.output());
	}
}
