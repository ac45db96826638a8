package io.github.reluinr.op;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The fixtures tools/ct-fixtures/make_fixtures.py made with scikit-image's own
 * radon and iradon (src/test/resources/io/github/reluinr/ct): raw little-endian
 * float32, row-major, shapes in fixtures.txt.
 */
public final class ScikitImageFixtures {

	private ScikitImageFixtures() {
	}

	/**
	 * The 30 angles of every fixture: numpy.linspace(0, 180, 30,
	 * endpoint=False).
	 */
	public static double[] theta() {
		return RadonOperator.anglesWithoutEnd(30, 180);
	}

	public static float[] floats(String name) {
		try (InputStream in = ScikitImageFixtures.class
				.getResourceAsStream("/io/github/reluinr/ct/" + name))
		{
			if (in == null)
				throw new IllegalStateException("missing fixture " + name);
			ByteBuffer b = ByteBuffer.wrap(in.readAllBytes())
					.order(ByteOrder.LITTLE_ENDIAN);
			float[] v = new float[b.remaining() / 4];
			b.asFloatBuffer().get(v);
			return v;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * scikit-image's iradon PSNR (in the image's crop) for an image and filter,
	 * from fixtures.txt.
	 */
	public static double iradonPsnr(String image, String filter) {
		for (String line : text().split("\n")) {
			String[] f = line.trim().split(" ");
			if (f.length == 5 && f[0].equals(image) && f[1].equals("iradon")
					&& f[2].equals(filter))
				return Double.parseDouble(f[4]);
		}
		throw new IllegalStateException(
				"no iradon PSNR for " + image + " " + filter);
	}

	private static String text() {
		try (InputStream in = ScikitImageFixtures.class
				.getResourceAsStream("/io/github/reluinr/ct/fixtures.txt"))
		{
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * A detectors x angles array (scikit-image's layout) as angles x detectors.
	 */
	public static float[] transpose(float[] v, int rows, int columns) {
		float[] t = new float[v.length];
		for (int r = 0; r < rows; r++)
			for (int c = 0; c < columns; c++)
				t[c * rows + r] = v[r * columns + c];
		return t;
	}

	/** Pearson correlation. */
	public static double correlation(float[] a, float[] b) {
		double ma = 0, mb = 0;
		for (int i = 0; i < a.length; i++) {
			ma += a[i];
			mb += b[i];
		}
		ma /= a.length;
		mb /= b.length;
		double sab = 0, saa = 0, sbb = 0;
		for (int i = 0; i < a.length; i++) {
			sab += (a[i] - ma) * (b[i] - mb);
			saa += (a[i] - ma) * (a[i] - ma);
			sbb += (b[i] - mb) * (b[i] - mb);
		}
		return sab / Math.sqrt(saa * sbb);
	}
}
