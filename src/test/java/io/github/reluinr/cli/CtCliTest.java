package io.github.reluinr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.process.FloatProcessor;
import io.github.reluinr.op.ScikitImageFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ct on scikit-image's sinograms through the command line: both layouts
 * upright, bad combinations refused.
 */
class CtCliTest {

	private static final int N = 182, K = 30;

	private static Path tiff(Path dir, String name, float[] v, int rows,
			int columns)
	{
		Path p = dir.resolve(name);
		IJ.saveAsTiff(new ImagePlus(name, new FloatProcessor(columns, rows, v)),
				p.toString());
		return p;
	}

	private static float[] read(Path p) {
		ImagePlus imp = IJ.openImage(p.toString());
		return (float[]) imp.getProcessor().convertToFloatProcessor()
				.getPixels();
	}

	private static float[] camera() {
		return io.github.reluinr.task.TestImages.load("camera-128.png").pixels()
				.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c')
				.data().asFloat();
	}

	@Test
	void scikitImageSinogramsReconstructUprightInBothLayouts(@TempDir Path dir)
			throws Exception
	{
		float[] skimage = ScikitImageFixtures.floats("camera128-radon30.f32"); // detectors x angles
		Path detectorsByAngles = tiff(dir, "radon.tif", skimage, N, K);
		Path anglesByDetectors = tiff(dir, "radon-t.tif",
				ScikitImageFixtures.transpose(skimage, N, K), K, N);
		Path angles = dir.resolve("theta.txt");
		StringBuilder sb = new StringBuilder();
		for (double a : ScikitImageFixtures.theta())
			sb.append(a).append('\n');
		Files.writeString(angles, sb.toString());
		float[] truth = camera();
		float[] flipped = new float[truth.length];
		for (int y = 0; y < 128; y++)
			System.arraycopy(truth, (127 - y) * 128, flipped, y * 128, 128);
		Path gt = dir.resolve("gt.tif");
		IJ.saveAsTiff(new ImagePlus("gt", new FloatProcessor(128, 128, truth)),
				gt.toString());

		// scikit-image's layout with its angle list; the transposed layout with --angles N --angle-range R
		String[][] runs = {
				{"--sinogram", detectorsByAngles.toString(), "--angles-file",
						angles.toString()},
				{"--sinogram", anglesByDetectors.toString(), "--angles", "30",
						"--angle-range", "180"}};
		for (int i = 0; i < runs.length; i++) {
			Path out = dir.resolve("inr" + i + ".tif"),
					fbp = dir.resolve("fbp" + i + ".tif"),
					sirt = dir.resolve("sirt" + i + ".tif");
			java.util.List<String> args = new java.util.ArrayList<>(
					java.util.List.of("ct"));
			args.addAll(java.util.List.of(runs[i]));
			args.addAll(java.util.List.of("--ground-truth", gt.toString(),
					"--epochs", "2", "--width", "8", "--sirt-iterations", "20",
					"--output", out.toString(), "--fbp-output", fbp.toString(),
					"--sirt-output", sirt.toString(), "--metrics",
					dir.resolve("m" + i + ".csv").toString(), "--quiet"));
			CliTest.Run r = CliTest.cli(args.toArray(String[]::new));
			assertEquals(0, r.exit(), r.output());
			for (Path p : new Path[]{fbp, sirt}) {
				float[] rec = read(p);
				assertEquals(128 * 128, rec.length,
						"cropped to the ground truth's size");
				double c = ScikitImageFixtures.correlation(rec, truth);
				assertTrue(c > 0.9, p + ": correlation " + c);
				assertTrue(ScikitImageFixtures.correlation(rec, flipped) < 0.5);
			}
			String csv = Files.readString(dir.resolve("m" + i + ".csv"));
			assertTrue(csv.contains("\nct,fbp,"), csv);
			assertTrue(csv.contains(",hann\n"), csv);
			assertTrue(csv.contains("\nct,sirt,"), csv);
		}
	}

	@Test
	void badCombinationsAreOneLineAndExitTwo(@TempDir Path dir)
			throws Exception
	{
		Path out = dir.resolve("o.tif");
		float[] ramp = new float[K * K];
		for (int i = 0; i < ramp.length; i++)
			ramp[i] = i % 7;
		Path square = tiff(dir, "square.tif", ramp, K, K);
		CliTest.Run ambiguous = CliTest.cli("ct", "--sinogram",
				square.toString(), "--angles", "30", "--output",
				out.toString());
		assertEquals(2, ambiguous.exit(), ambiguous.output());
		assertEquals(
				"relu-inr: the sinogram is 30 x 30 (rows x columns) and there are 30 angles: the layout is ambiguous, set"
						+ " sinogram_layout to say which of angles x detectors = 30 x N (angles-by-detectors) or detectors x angles = N x 30"
						+ " (detectors-by-angles)",
				ambiguous.output().strip());

		Path sino = tiff(dir, "radon.tif",
				ScikitImageFixtures.floats("camera128-radon30.f32"), N, K);
		CliTest.Run mismatch = CliTest.cli("ct", "--sinogram", sino.toString(),
				"--angles", "20", "--output", out.toString());
		assertEquals(2, mismatch.exit(), mismatch.output());
		assertEquals(
				"relu-inr: the sinogram is 182 x 30 (rows x columns) but there are 20 angles: it must be angles x detectors"
						+ " = 20 x N (angles-by-detectors) or detectors x angles = N x 20 (detectors-by-angles)",
				mismatch.output().strip());

		CliTest.Run wrongLayout = CliTest.cli("ct", "--sinogram",
				sino.toString(), "--angles", "30", "--sinogram-layout",
				"angles-by-detectors", "--output", out.toString());
		assertEquals(2, wrongLayout.exit(), wrongLayout.output());
		assertEquals(1, wrongLayout.output().strip().lines().count(),
				wrongLayout.output());
		assertTrue(wrongLayout.output().contains("needs 30 rows"),
				wrongLayout.output());

		Path words = dir.resolve("angles.txt");
		Files.writeString(words, "0\n6\ntwelve\n");
		CliTest.Run nonNumbers = CliTest.cli("ct", "--sinogram",
				sino.toString(), "--angles-file", words.toString(), "--output",
				out.toString());
		assertEquals(2, nonNumbers.exit(), nonNumbers.output());
		assertEquals(
				"relu-inr: angles_file angles.txt line 3: 'twelve' is not a number (degrees, one per line or comma-separated)",
				nonNumbers.output().strip());

		CliTest.Run noAngles = CliTest.cli("ct", "--sinogram", sino.toString(),
				"--output", out.toString());
		assertEquals(2, noAngles.exit(), noAngles.output());
		assertEquals(
				"relu-inr: a sinogram needs its angles: give angles_file (--angles-file), or angles (--angles N with"
						+ " --angle-range R)",
				noAngles.output().strip());
	}
}
