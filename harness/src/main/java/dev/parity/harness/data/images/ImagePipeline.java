package dev.parity.harness.data.images;

import dev.parity.harness.spec.ImageSteps;
import java.nio.file.Path;

/**
 * torchvision's usual image pipeline up to ToTensor's division, run on one file: decode and convert colour,
 * Resize, CenterCrop, channels first. Values stay 0-255 here; divide_by, mean and std follow as for every dataset.
 */
public final class ImagePipeline {
    private final ImageSteps steps;

    public ImagePipeline(ImageSteps steps) {
        this.steps = steps;
    }

    public ImageSteps steps() {
        return steps;
    }

    /** The file as 0-255 values, channels first. */
    public float[] apply(Path file) {
        return apply(ImageDecoder.decode(file, steps.color())).channelsFirst();
    }

    /** An encoded image's bytes (a table's cell) as 0-255 values, channels first; {@code where} names the cell. */
    public float[] apply(byte[] encoded, String where) {
        return apply(ImageDecoder.decode(encoded, where, steps.color())).channelsFirst();
    }

    /** The steps after decoding, on an 8-bit image. */
    public Image8 apply(Image8 img) {
        if (steps.resize() != null) {
            int[] hw = resizedSize(img.height(), img.width());
            img = PilResize.resize(img, hw[1], hw[0], steps.interpolation());
        }
        if (steps.centerCrop() != null) img = img.centerCrop(steps.centerCrop()[1], steps.centerCrop()[0]);
        return img;
    }

    /** torchvision 0.14's _compute_resized_output_size: the shorter side to size, the longer truncated. */
    int[] resizedSize(int h, int w) {
        int[] resize = steps.resize();
        if (resize.length == 2) return new int[] {resize[0], resize[1]};
        int size = resize[0];
        int shorter = Math.min(h, w), longer = Math.max(h, w);
        int newLong = (int) (size * (double) longer / shorter);
        return w <= h ? new int[] {newLong, size} : new int[] {size, newLong};
    }
}
