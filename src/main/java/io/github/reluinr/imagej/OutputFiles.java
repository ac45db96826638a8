package io.github.reluinr.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import java.io.File;
import java.io.IOException;

/** Saves a result as 32-bit TIFF with an 8-bit (or RGB) PNG preview beside it: OUT.tif -> OUT.png. */
public final class OutputFiles {
    private OutputFiles() {}

    public static void save(ImagePlus imp, File file) throws IOException {
        String path = file.getPath();
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        boolean tiff = lower.endsWith(".tif") || lower.endsWith(".tiff");
        String base = tiff ? path.substring(0, path.lastIndexOf('.')) : path;
        if (!lower.endsWith(".png")) {
            String tifPath = tiff ? path : path + ".tif";
            boolean ok = imp.getStackSize() > 1 ? new FileSaver(imp).saveAsTiffStack(tifPath) : new FileSaver(imp).saveAsTiff(tifPath);
            if (!ok) throw new IOException("cannot write " + tifPath);
        }
        ImagePlus preview = previewOf(imp);
        if (!new FileSaver(preview).saveAsPng(base + ".png")) throw new IOException("cannot write " + base + ".png");
    }

    /** The current plane as 8-bit gray or RGB, scaled by the display range. */
    public static ImagePlus previewOf(ImagePlus imp) {
        if (imp.isComposite() && imp.getNChannels() == 3) {
            ImagePlus flat = new ImagePlus(imp.getTitle(), ((ij.CompositeImage) imp).getImage());
            return new ImagePlus(imp.getTitle(), flat.getProcessor().convertToRGB());
        }
        ij.process.ImageProcessor ip = imp.getProcessor().duplicate();
        ip.setMinAndMax(imp.getDisplayRangeMin(), imp.getDisplayRangeMax());
        return new ImagePlus(imp.getTitle(), ip.convertToByte(true));
    }

    /** Used by the CLI to label console output. */
    public static String describe(ImagePlus imp) {
        return imp.getTitle() + " " + imp.getWidth() + "x" + imp.getHeight() + (imp.getNChannels() > 1 ? "x" + imp.getNChannels() : "") + " " + IJ.d2s(imp.getBitDepth(), 0) + "-bit";
    }
}
