package io.github.reluinr.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.Resizer;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import io.github.reluinr.task.ImageJInterpolation;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The engine's copy of ImageJ's bilinear resize equals ImageJ's own (ij 1.54g)
 * to the bit.
 */
class ImageJInterpolationTest {

	private static float[] random(int n, long seed) {
		Random r = new Random(seed);
		float[] v = new float[n];
		for (int i = 0; i < n; i++)
			v[i] = (float) (r.nextGaussian() * 40 + 100);
		return v;
	}

	@Test
	void zScaleMatchesResizer() {
		int w = 9, h = 5;
		for (int[] dz : new int[][]{{8, 4}, {5, 3}, {2, 4}, {7, 2}}) {
			int d = dz[0], s = dz[1];
			float[] v = random(w * h * d, d * 31L + s);
			ImageStack stack = new ImageStack(w, h);
			for (int z = 0; z < d; z++) {
				float[] p = new float[w * h];
				System.arraycopy(v, z * w * h, p, 0, w * h);
				stack.addSlice(new FloatProcessor(w, h, p));
			}
			ImagePlus imp = new ImagePlus("s", stack);
			ImagePlus out = new Resizer().zScale(imp, d * s,
					ImageProcessor.BILINEAR);
			float[] want = new float[w * h * d * s];
			for (int z = 0; z < d * s; z++)
				System.arraycopy((float[]) out.getStack().getPixels(z + 1), 0,
						want, z * w * h, w * h);
			assertArrayEquals(want, ImageJInterpolation.scale(v, d, h, w, s, 1),
					0f, d + " planes x" + s);
		}
	}

	@Test
	void inPlaneResizeMatchesFloatProcessor() {
		int w = 11, h = 7;
		float[] v = random(w * h, 5);
		for (int s : new int[]{2, 3}) {
			FloatProcessor fp = new FloatProcessor(w, h, v.clone());
			fp.setInterpolationMethod(ImageProcessor.BILINEAR);
			float[] want = (float[]) fp.resize(w * s, h * s).getPixels();
			assertArrayEquals(want,
					ImageJInterpolation.resize(v, w, h, w * s, h * s), 0f,
					"x" + s);
		}
	}
}
