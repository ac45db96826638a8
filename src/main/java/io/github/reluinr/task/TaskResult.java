package io.github.reluinr.task;

import java.util.List;

/**
 * What a task hands back to the command: named images (in the input's units, 32-bit) and metrics rows.
 * The first image is the task's main result.
 */
public record TaskResult(List<NamedImage> images, List<MetricsRow> metrics) {
    /** An output image with its role, e.g. "INR", "FBP", "sinogram". */
    public record NamedImage(String role, Image2D image) {}

    public Image2D main() {
        return images.get(0).image();
    }

    public Image2D image(String role) {
        return images.stream().filter(i -> i.role().equals(role)).map(NamedImage::image).findFirst().orElse(null);
    }
}
