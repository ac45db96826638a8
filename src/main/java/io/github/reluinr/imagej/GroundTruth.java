package io.github.reluinr.imagej;

import ij.ImagePlus;
import io.github.reluinr.task.Image2D;
import java.awt.Rectangle;
import java.io.File;

/** Resolves an optional ground truth given as an open image or a file, cropped like the input. */
final class GroundTruth {
    private GroundTruth() {}

    static ImagePlus resolve(ImagePlus image, File file) {
        return resolve(image, file, null);
    }

    /**
     * The file if given, else the open image unless it is the input itself (imagej-legacy fills an unset
     * optional ImagePlus input with the active image, i.e. the input: that is no ground truth).
     */
    static ImagePlus resolve(ImagePlus image, File file, ImagePlus input) {
        if (file != null && !file.getPath().isEmpty()) return Checks.open("ground_truth_file", file);
        return image == input ? null : image;
    }

    /** The current plane of the ground truth, restricted to the input's region scaled by factor. */
    static Image2D plane(ImagePlus gt, Rectangle inputRegion, int factor) {
        Rectangle r = inputRegion == null ? null
                : new Rectangle(inputRegion.x * factor, inputRegion.y * factor, inputRegion.width * factor, inputRegion.height * factor);
        return ImagePlusAdapter.toImage2D(gt, gt.getCurrentSlice(), r);
    }
}
