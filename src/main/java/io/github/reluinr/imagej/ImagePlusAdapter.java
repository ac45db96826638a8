package io.github.reluinr.imagej;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import io.github.reluinr.image.ImageTensors;
import io.github.reluinr.task.Image2D;
import java.awt.Rectangle;
import net.imglib2.FinalInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * ImagePlus -> ImgLib2 view -> engine image, and back. The input side wraps the
 * processor's own pixel array (no copy) and never writes to it.
 */
public final class ImagePlusAdapter {

	private ImagePlusAdapter() {
	}

	/**
	 * An ImgLib2 view of one plane of an ImagePlus: (x, y) for gray, (x, y,
	 * channel) for RGB.
	 */
	public static RandomAccessibleInterval<? extends RealType<?>> view(
			ImageProcessor ip, Rectangle region)
	{
		int w = ip.getWidth(), h = ip.getHeight();
		Rectangle r = region == null
				? new Rectangle(0, 0, w, h)
				: region.intersection(new Rectangle(0, 0, w, h));
		FinalInterval xy = new FinalInterval(new long[]{r.x, r.y},
				new long[]{r.x + r.width - 1L, r.y + r.height - 1L});
		Object pixels = ip.getPixels();
		if (pixels instanceof byte[] b)
			return Views.interval(ArrayImgs.unsignedBytes(b, w, h), xy);
		if (pixels instanceof short[] s)
			return Views.interval(ArrayImgs.unsignedShorts(s, w, h), xy);
		if (pixels instanceof float[] f)
			return Views.interval(ArrayImgs.floats(f, w, h), xy);
		if (pixels instanceof int[] rgb) {
			RandomAccessibleInterval<ARGBType> argb = Views
					.interval(ArrayImgs.argbs(rgb, w, h), xy);
			return Converters.argbChannels(argb, 1, 2, 3);
		}
		throw new IllegalArgumentException(
				"unsupported pixel type " + pixels.getClass().getSimpleName());
	}

	/**
	 * One plane (1-based stack index) of the image, restricted to a region
	 * (null: all).
	 */
	@SuppressWarnings({"unchecked", "rawtypes"})
	public static Image2D toImage2D(ImagePlus imp, int stackIndex,
			Rectangle region)
	{
		ImageProcessor ip = imp.getStack().getProcessor(stackIndex);
		RandomAccessibleInterval v = view(ip, region);
		return new Image2D(ImageTensors.toTensor(v), (int) v.dimension(1),
				(int) v.dimension(0));
	}

	/**
	 * The bounds of the image's rectangular selection, or null when it has
	 * none.
	 */
	public static Rectangle selection(ImagePlus imp) {
		return imp.getRoi() == null || !imp.getRoi().isArea()
				? null
				: imp.getRoi().getBounds();
	}

	/**
	 * The processors of one result (one per channel, 32-bit) via an ImgLib2
	 * float image.
	 */
	public static FloatProcessor[] toProcessors(Image2D image) {
		ArrayImg<FloatType, FloatArray> img = ImageTensors.toImg(image.pixels(),
				image.height(), image.width(), true);
		float[] all = img.update(null).getCurrentStorageArray();
		int plane = image.height() * image.width();
		FloatProcessor[] out = new FloatProcessor[image.channels()];
		for (int c = 0; c < out.length; c++) {
			float[] p = new float[plane];
			System.arraycopy(all, c * plane, p, 0, plane);
			out[c] = new FloatProcessor(image.width(), image.height(), p);
		}
		return out;
	}

	/**
	 * A 32-bit ImagePlus of a list of planes (slices), each with C channels.
	 * Three channels become a composite shown as RGB; the display range follows
	 * the source when given.
	 */
	public static ImagePlus toImagePlus(String title,
			java.util.List<Image2D> planes, Calibration calibration,
			double[] displayRange)
	{
		Image2D first = planes.get(0);
		ImageStack stack = new ImageStack(first.width(), first.height());
		for (Image2D plane : planes)
			for (FloatProcessor fp : toProcessors(plane))
				stack.addSlice(fp);
		ImagePlus imp = new ImagePlus(title, stack);
		int channels = first.channels();
		imp.setDimensions(channels, planes.size(), 1);
		if (calibration != null) imp.setCalibration(calibration);
		if (channels > 1) {
			imp = new CompositeImage(imp,
					channels == 3 ? IJ_COMPOSITE : CompositeImage.COLOR);
			if (displayRange != null) {
				for (int c = 1; c <= channels; c++) {
					((CompositeImage) imp).setC(c);
					imp.setDisplayRange(displayRange[0], displayRange[1]);
				}
				((CompositeImage) imp).setC(1);
			}
		}
		else if (displayRange != null) {
			imp.setDisplayRange(displayRange[0], displayRange[1]);
		}
		else {
			imp.resetDisplayRange();
		}
		return imp;
	}

	private static final int IJ_COMPOSITE = ij.IJ.COMPOSITE;

	/** The display range an 8-bit preview should map to black and white. */
	public static double[] range(Image2D image) {
		return new double[]{image.pixels().minNumber().doubleValue(),
				image.pixels().maxNumber().doubleValue()};
	}

	/** An RGB or 8-bit flattened rendering for PNG previews and montages. */
	public static ImageProcessor preview(Image2D image, double[] range) {
		FloatProcessor[] ch = toProcessors(image);
		if (ch.length == 3) {
			ColorProcessor cp = new ColorProcessor(image.width(),
					image.height());
			byte[][] rgb = new byte[3][];
			for (int c = 0; c < 3; c++) {
				ch[c].setMinAndMax(range[0], range[1]);
				rgb[c] = (byte[]) ch[c].convertToByte(true).getPixels();
			}
			cp.setRGB(rgb[0], rgb[1], rgb[2]);
			return cp;
		}
		ch[0].setMinAndMax(range[0], range[1]);
		return ch[0].convertToByte(true);
	}
}
