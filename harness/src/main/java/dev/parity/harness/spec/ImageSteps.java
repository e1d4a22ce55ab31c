package dev.parity.harness.spec;

import java.util.Arrays;
import java.util.Locale;

/**
 * The image steps of a dataset's preprocessing, before divide_by, mean and std: decode to {@code color}, Resize
 * (torchvision's: [size] scales the shorter side to size, [height, width] is exact) with {@code interpolation}
 * (bilinear antialiases, as torchvision on PIL images), CenterCrop [height, width]. Values stay 0-255.
 *
 * @param resize     null: no resize
 * @param centerCrop null: no crop
 */
public record ImageSteps(Color color, int[] resize, Interpolation interpolation, int[] centerCrop) {

    public enum Color {
        RGB(3), GRAY(1);

        public final int channels;

        Color(int channels) {
            this.channels = channels;
        }

        public static Color parse(String s) {
            return switch (s) {
                case "rgb" -> RGB;
                case "gray" -> GRAY;
                default -> null;
            };
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Interpolation {
        BILINEAR, NEAREST;

        public static Interpolation parse(String s) {
            return switch (s) {
                case "bilinear" -> BILINEAR;
                case "nearest" -> NEAREST;
                default -> null;
            };
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The tensor shape a sample comes out with: channels, height, width; null when it depends on each image. */
    public long[] outputShape() {
        if (centerCrop != null) return new long[] {color.channels, centerCrop[0], centerCrop[1]};
        if (resize != null && resize.length == 2) return new long[] {color.channels, resize[0], resize[1]};
        return null;
    }

    public String fingerprint() {
        return color.label() + "|" + Arrays.toString(resize) + "|" + interpolation.label() + "|"
                + Arrays.toString(centerCrop);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageSteps s && s.fingerprint().equals(fingerprint());
    }

    @Override
    public int hashCode() {
        return fingerprint().hashCode();
    }
}
