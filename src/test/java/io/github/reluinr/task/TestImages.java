package io.github.reluinr.task;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads the embedded sample images for engine tests (the engine itself never
 * reads files).
 */
public final class TestImages {

	private TestImages() {
	}

	public static Image2D load(String name) {
		try (InputStream in = TestImages.class
				.getResourceAsStream("/io/github/reluinr/images/" + name))
		{
			BufferedImage im = ImageIO.read(in);
			Raster r = im.getRaster();
			int w = im.getWidth(), h = im.getHeight(), c = r.getNumBands();
			float[] v = new float[w * h * c];
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					for (int b = 0; b < c; b++)
						v[(y * w + x) * c + b] = r.getSample(x, y, b);
			return new Image2D(Nd4j.create(v, new long[]{(long) w * h, c}, 'c'),
					h, w);
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The centre crop of size h x w. */
	public static Image2D crop(Image2D im, int h, int w) {
		int y0 = (im.height() - h) / 2, x0 = (im.width() - w) / 2,
				c = im.channels();
		float[] all = im.pixels().dup('c').data().asFloat();
		float[] v = new float[h * w * c];
		for (int y = 0; y < h; y++)
			System.arraycopy(all, ((y + y0) * im.width() + x0) * c, v,
					y * w * c, w * c);
		return new Image2D(Nd4j.create(v, new long[]{(long) h * w, c}, 'c'), h,
				w);
	}
}
