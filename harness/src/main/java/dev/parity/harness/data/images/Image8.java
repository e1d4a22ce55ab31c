package dev.parity.harness.data.images;

/** An 8-bit image, interleaved: pixel (x, y) channel c is {@code pixels[(y * width + x) * channels + c]}. */
public record Image8(int width, int height, int channels, byte[] pixels) {
    public Image8 {
        if ((long) width * height * channels != pixels.length) {
            throw new IllegalArgumentException(width + "x" + height + "x" + channels + " != " + pixels.length);
        }
    }

    /** The centre crop torchvision's CenterCrop takes (offsets rounded as it rounds them); pads with 0 if larger. */
    public Image8 centerCrop(int cropW, int cropH) {
        if (cropW == width && cropH == height) return this;
        // torchvision: top = int(round((h - crop_h) / 2.0)), left likewise (Python rounds half to even); a crop
        // larger than the image pads it first, (crop - size) // 2 on the top/left
        int top = cropH > height ? -((cropH - height) / 2) : (int) Math.rint((height - cropH) / 2.0);
        int left = cropW > width ? -((cropW - width) / 2) : (int) Math.rint((width - cropW) / 2.0);
        byte[] out = new byte[cropW * cropH * channels];
        for (int y = 0; y < cropH; y++) {
            int sy = y + top;
            if (sy < 0 || sy >= height) continue;
            for (int x = 0; x < cropW; x++) {
                int sx = x + left;
                if (sx < 0 || sx >= width) continue;
                System.arraycopy(pixels, (sy * width + sx) * channels, out, (y * cropW + x) * channels, channels);
            }
        }
        return new Image8(cropW, cropH, channels, out);
    }

    /** RGB to one luma channel as Pillow's convert("L") computes it (ITU-R 601-2, 16-bit fixed point). */
    public Image8 toGray() {
        if (channels == 1) return this;
        byte[] out = new byte[width * height];
        for (int i = 0; i < out.length; i++) {
            int r = pixels[i * channels] & 0xFF, g = pixels[i * channels + 1] & 0xFF, b = pixels[i * channels + 2] & 0xFF;
            out[i] = (byte) ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
        }
        return new Image8(width, height, 1, out);
    }

    /** Channels first, as floats of the 0-255 values: what ToTensor sees before it divides by 255. */
    public float[] channelsFirst() {
        float[] out = new float[pixels.length];
        int plane = width * height;
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < channels; c++) out[c * plane + i] = pixels[i * channels + c] & 0xFF;
        }
        return out;
    }
}
