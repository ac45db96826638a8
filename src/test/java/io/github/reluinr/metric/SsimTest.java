package io.github.reluinr.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class SsimTest {

	private static final int H = 20;
	private static final int W = 23;

	private static float[] random(int n, long seed) {
		Random r = new Random(seed);
		float[] a = new float[n];
		for (int i = 0; i < n; i++)
			a[i] = r.nextFloat();
		return a;
	}

	@Test
	void imageWithItselfIsExactlyOne() {
		float[] gray = random(H * W, 1);
		assertEquals(1.0, Ssim.compute(gray, gray.clone(), H, W, 1, 1.0), 0);
		float[] rgb = random(H * W * 3, 2);
		assertEquals(1.0, Ssim.compute(rgb, rgb.clone(), H, W, 3, 1.0), 0);
	}

	@Test
	void symmetric() {
		float[] a = random(H * W * 3, 3);
		float[] b = random(H * W * 3, 4);
		double ab = Ssim.compute(a, b, H, W, 3, 1.0);
		assertTrue(ab < 0.5, "unrelated noise should score low, got " + ab);
		assertEquals(ab, Ssim.compute(b, a, H, W, 3, 1.0), 0);
	}

	@Test
	void constantImagesScoreTheLuminanceTermOnly() {
		double a = 0.3;
		double b = 0.5;
		double c1 = (0.01 * 1.0) * (0.01 * 1.0);
		float[] x = new float[H * W];
		float[] y = new float[H * W];
		java.util.Arrays.fill(x, (float) a);
		java.util.Arrays.fill(y, (float) b);
		double fa = (float) a;
		double fb = (float) b;
		double expected = (2 * fa * fb + c1) / (fa * fa + fb * fb + c1);
		assertEquals(expected, Ssim.compute(x, y, H, W, 1, 1.0), 1e-12);
	}

	@Test
	void offsetImageScoresTheLuminanceTermOfItsFilteredMeans() {
		float[] x = random(H * W, 5);
		float[] y = new float[x.length];
		for (int i = 0; i < x.length; i++)
			y[i] = x[i] + 0.25f;
		double[] dx = toDouble(x);
		double[] dy = toDouble(y);
		double[] mx = NaiveSsim.filter(dx, H, W);
		double[] my = NaiveSsim.filter(dy, H, W);
		double c1 = 1e-4;
		double sum = 0;
		int count = 0;
		for (int r = 5; r < H - 5; r++) {
			for (int q = 5; q < W - 5; q++) {
				double u = mx[r * W + q];
				double v = my[r * W + q];
				sum += (2 * u * v + c1) / (u * u + v * v + c1);
				count++;
			}
		}
		assertEquals(sum / count, Ssim.compute(x, y, H, W, 1, 1.0), 1e-9);
	}

	@Test
	void matchesNaiveDirectImplementation() {
		float[] a = random(H * W, 6);
		float[] b = random(H * W, 7);
		for (int i = 0; i < b.length; i++)
			b[i] = 0.6f * a[i] + 0.4f * b[i];
		double expected = NaiveSsim.ssim(toDouble(a), toDouble(b), H, W, 1.0);
		assertTrue(expected > 0.3 && expected < 0.99,
				"test image should be neither equal nor unrelated");
		assertEquals(expected, Ssim.compute(a, b, H, W, 1, 1.0), 1e-9);
		assertEquals(NaiveSsim.ssim(toDouble(a), toDouble(b), H, W, 0.7),
				Ssim.compute(a, b, H, W, 1, 0.7), 1e-9);

		float[] rgbA = random(H * W * 3, 8);
		float[] rgbB = random(H * W * 3, 9);
		double mean = 0;
		for (int c = 0; c < 3; c++) {
			double[] pa = new double[H * W];
			double[] pb = new double[H * W];
			for (int i = 0; i < H * W; i++) {
				pa[i] = rgbA[i * 3 + c];
				pb[i] = rgbB[i * 3 + c];
			}
			mean += NaiveSsim.ssim(pa, pb, H, W, 1.0) / 3;
		}
		assertEquals(mean, Ssim.compute(rgbA, rgbB, H, W, 3, 1.0), 1e-9);
	}

	/**
	 * scikit-image is not installed on the development machine; these values
	 * come from its SSIM formula transcribed onto scipy 1.17.1's
	 * gaussian_filter (numpy 2.4.6, float64):
	 * 
	 * <pre>
	 * from scipy.ndimage import gaussian_filter
	 * def ssim2d(a, b, L):
	 *     f = lambda z: gaussian_filter(z, sigma=1.5, truncate=3.5, mode='reflect')
	 *     ux, uy = f(a), f(b)
	 *     vx = f(a * a) - ux * ux; vy = f(b * b) - uy * uy; vxy = f(a * b) - ux * uy
	 *     C1, C2 = (0.01 * L) ** 2, (0.03 * L) ** 2
	 *     S = ((2*ux*uy + C1) * (2*vxy + C2)) / ((ux**2 + uy**2 + C1) * (vx + vy + C2))
	 *     return S[5:-5, 5:-5].mean(dtype=np.float64)
	 * def pattern(H, W, C):
	 *     y, x, c = np.meshgrid(np.arange(H), np.arange(W), np.arange(C), indexing='ij')
	 *     t = ((3*x*x + 7*y + x*y + 50*c) % 256).astype(np.float64)
	 *     return t, 0.75 * t + 8 * ((5*x + 3*y + 2*c) % 11) - 20
	 * t, e = pattern(24, 20, 1); ssim2d(t[..., 0], e[..., 0], 255.0)
	 * t, e = pattern(16, 19, 3); np.mean([ssim2d(t[..., k], e[..., k], L) for k in range(3)])  # L = 255, 40
	 * </pre>
	 */
	@Test
	void matchesScipyTranscriptionOfSkimage() {
		assertEquals(0.8936915346562052, pattern(24, 20, 1, 255.0), 1e-12);
		assertEquals(0.891524914631756, pattern(16, 19, 3, 255.0), 1e-12);
		assertEquals(0.8908637553062033, pattern(16, 19, 3, 40.0), 1e-12);
	}

	private static double pattern(int h, int w, int channels, double range) {
		float[] t = new float[h * w * channels];
		float[] e = new float[t.length];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				for (int c = 0; c < channels; c++) {
					int i = (y * w + x) * channels + c;
					t[i] = (3 * x * x + 7 * y + x * y + 50 * c) % 256;
					e[i] = 0.75f * t[i] + 8 * ((5 * x + 3 * y + 2 * c) % 11)
							- 20;
				}
			}
		}
		return Ssim.compute(t, e, h, w, channels, range);
	}

	@Test
	void indArrayOverloadsAgreeWithArrays() {
		float[] a = random(H * W * 3, 10);
		float[] b = random(H * W * 3, 11);
		double expected = Ssim.compute(a, b, H, W, 3, 1.0);
		assertEquals(expected,
				Ssim.compute(Nd4j.create(a, new long[]{H * W, 3}, 'c'),
						Nd4j.create(b, new long[]{H * W, 3}, 'c'), H, W, 1.0),
				0);
		// Default data range is the truth's max - min.
		double range = NaiveSsim.range(toDouble(a));
		assertEquals(Ssim.compute(a, b, H, W, 3, range),
				Ssim.compute(a, b, H, W, 3), 0);
	}

	@Test
	void rejectsImagesSmallerThanTheWindowAndBadLayouts() {
		IllegalArgumentException e = assertThrows(
				IllegalArgumentException.class,
				() -> Ssim.compute(new float[10 * 11], new float[10 * 11], 10,
						11, 1, 1.0));
		assertTrue(e.getMessage().contains("11 x 11"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Ssim
				.compute(new float[H * W], new float[H * W], H, W, 2, 1.0));
		assertThrows(IllegalArgumentException.class, () -> Ssim
				.compute(random(H * W, 1), random(H * W, 2), H, W, 1, 0));
	}

	private static double[] toDouble(float[] a) {
		double[] d = new double[a.length];
		for (int i = 0; i < a.length; i++)
			d[i] = a[i];
		return d;
	}

	/**
	 * Deliberately direct: a 2-D 11x11 kernel, per-pixel loops, reflection by
	 * repeated mirroring.
	 */
	static final class NaiveSsim {

		static double[][] kernel() {
			double[][] k = new double[11][11];
			double total = 0;
			for (int i = -5; i <= 5; i++) {
				for (int j = -5; j <= 5; j++) {
					k[i + 5][j + 5] = Math
							.exp(-(i * i + j * j) / (2 * 1.5 * 1.5));
					total += k[i + 5][j + 5];
				}
			}
			for (double[] row : k)
				for (int j = 0; j < 11; j++)
					row[j] /= total;
			return k;
		}

		static int mirror(int i, int n) {
			while (i < 0 || i >= n)
				i = i < 0 ? -i - 1 : 2 * n - 1 - i;
			return i;
		}

		static double[] filter(double[] img, int h, int w) {
			double[][] k = kernel();
			double[] out = new double[h * w];
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					double s = 0;
					for (int dy = -5; dy <= 5; dy++) {
						for (int dx = -5; dx <= 5; dx++) {
							s += k[dy + 5][dx + 5] * img[mirror(y + dy, h) * w
									+ mirror(x + dx, w)];
						}
					}
					out[y * w + x] = s;
				}
			}
			return out;
		}

		static double ssim(double[] a, double[] b, int h, int w, double range) {
			double[] aa = new double[a.length];
			double[] bb = new double[a.length];
			double[] ab = new double[a.length];
			for (int i = 0; i < a.length; i++) {
				aa[i] = a[i] * a[i];
				bb[i] = b[i] * b[i];
				ab[i] = a[i] * b[i];
			}
			double[] ma = filter(a, h, w);
			double[] mb = filter(b, h, w);
			double[] maa = filter(aa, h, w);
			double[] mbb = filter(bb, h, w);
			double[] mab = filter(ab, h, w);
			double c1 = Math.pow(0.01 * range, 2);
			double c2 = Math.pow(0.03 * range, 2);
			double sum = 0;
			int n = 0;
			for (int y = 5; y < h - 5; y++) {
				for (int x = 5; x < w - 5; x++) {
					int i = y * w + x;
					double va = maa[i] - ma[i] * ma[i];
					double vb = mbb[i] - mb[i] * mb[i];
					double cov = mab[i] - ma[i] * mb[i];
					sum += (2 * ma[i] * mb[i] + c1) * (2 * cov + c2)
							/ ((ma[i] * ma[i] + mb[i] * mb[i] + c1)
									* (va + vb + c2));
					n++;
				}
			}
			return sum / n;
		}

		static double range(double[] a) {
			double min = Double.MAX_VALUE;
			double max = -Double.MAX_VALUE;
			for (double v : a) {
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
			return max - min;
		}
	}
}
