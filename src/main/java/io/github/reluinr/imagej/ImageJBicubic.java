package io.github.reluinr.imagej;

import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import io.github.reluinr.image.ImageTensors;
import io.github.reluinr.task.Image2D;
import io.github.reluinr.task.TaskDescription;
import net.imglib2.img.array.ArrayImgs;

/**
 * ImageJ's bicubic resize, channel by channel: the super-resolution baseline
 * only ImageJ has.
 */
public final class ImageJBicubic
		implements
			TaskDescription.SuperResolution.Upsampler {

	/** Its method name (metrics' {@code method}, the result's name). */
	public static final String METHOD = "bicubic-imagej";
	public static final ImageJBicubic INSTANCE = new ImageJBicubic();

	private ImageJBicubic() {
	}

	@Override
	public String method() {
		return METHOD;
	}

	@Override
	public Image2D upsample(Image2D plane, int scale) {
		return bicubic(plane, scale);
	}

	/** ImageJ's bicubic resize of each channel. */
	static Image2D bicubic(Image2D plane, int scale) {
		FloatProcessor[] channels = ImagePlusAdapter.toProcessors(plane);
		int w = plane.width() * scale, h = plane.height() * scale,
				c = channels.length;
		float[] interleaved = new float[w * h * c];
		for (int ch = 0; ch < c; ch++) {
			channels[ch].setInterpolationMethod(ImageProcessor.BICUBIC);
			float[] up = (float[]) channels[ch].resize(w, h, false).getPixels();
			for (int i = 0; i < up.length; i++)
				interleaved[i * c + ch] = up[i];
		}
		return new Image2D(ImageTensors.toTensor(c == 1
				? ArrayImgs.floats(interleaved, w, h)
				: planar(interleaved, w, h, c)), h, w);
	}

	private static net.imglib2.img.array.ArrayImg<net.imglib2.type.numeric.real.FloatType, ?> planar(
			float[] interleaved, int w, int h, int c)
	{
		float[] planes = new float[interleaved.length];
		for (int i = 0; i < w * h; i++)
			for (int ch = 0; ch < c; ch++)
				planes[ch * w * h + i] = interleaved[i * c + ch];
		return ArrayImgs.floats(planes, w, h, c);
	}
}
