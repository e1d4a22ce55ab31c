package dev.parity.harness.data.images;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.spec.ImageSteps.Color;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes an image file to 8-bit RGB or gray, as {@code PIL.Image.open(f).convert("RGB" or "L")} does: alpha is
 * dropped (not composited), palettes are looked up, gray is replicated to RGB or RGB reduced to luma. The JDK's
 * ImageIO reads PNG, BMP, GIF and JPEG; TwelveMonkeys' plug-in (on the class path) reads the JPEGs it refuses
 * (CMYK, some progressive files). 8-bit gray is read from the raster: asking a gray image for sRGB would apply a
 * gamma curve and change every value.
 */
public final class ImageDecoder {
    private ImageDecoder() {
    }

    /** @throws ParityInputException naming the file when it cannot be read as an 8-bit image */
    public static Image8 decode(Path file, Color color) {
        BufferedImage img;
        try {
            if (!Files.isRegularFile(file)) throw new IOException("no such file");
            img = read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new ParityInputException(file + ": cannot be decoded as an image (" + e.getMessage() + ")");
        }
        return converted(img, file.toString(), color);
    }

    /**
     * An image's encoded bytes (a table's image cell).
     *
     * @param where the cell, for messages (file, row group, row, column)
     */
    public static Image8 decode(byte[] encoded, String where, Color color) {
        BufferedImage img;
        try {
            img = read(new java.io.ByteArrayInputStream(encoded));
        } catch (IOException | RuntimeException e) {
            throw new ParityInputException(where + ": cannot be decoded as an image (" + e.getMessage() + ")");
        }
        return converted(img, where, color);
    }

    private static Image8 converted(BufferedImage img, String where, Color color) {
        ColorModel cm = img.getColorModel();
        int bits = cm.getComponentSize(0);
        if (!(cm instanceof java.awt.image.IndexColorModel) && bits != 8) {
            throw new ParityInputException(where + ": " + bits + "-bit samples; Parity reads 8-bit images only");
        }
        Image8 decoded = isGray(cm) ? gray(img) : rgb(img);
        return color == Color.GRAY ? decoded.toGray() : toRgb(decoded);
    }

    /** @param source a File or an InputStream, as ImageIO takes them */
    private static BufferedImage read(Object source) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(source)) {
            if (in == null) throw new IOException("cannot open");
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new IOException("not an image format Parity reads (PNG, JPEG, BMP, GIF)");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                BufferedImage img = reader.read(0);
                if (img == null) throw new IOException("no image in the file");
                return img;
            } finally {
                reader.dispose();
            }
        }
    }

    private static boolean isGray(ColorModel cm) {
        return cm instanceof ComponentColorModel && cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
    }

    private static Image8 gray(BufferedImage img) {
        Raster r = img.getRaster();
        int w = img.getWidth(), h = img.getHeight();
        byte[] out = new byte[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            r.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) out[y * w + x] = (byte) row[x];
        }
        return new Image8(w, h, 1, out);
    }

    private static Image8 rgb(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] out = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            out[i * 3] = (byte) (argb[i] >> 16);
            out[i * 3 + 1] = (byte) (argb[i] >> 8);
            out[i * 3 + 2] = (byte) argb[i];
        }
        return new Image8(w, h, 3, out);
    }

    private static Image8 toRgb(Image8 im) {
        if (im.channels() == 3) return im;
        byte[] out = new byte[im.width() * im.height() * 3];
        for (int i = 0; i < im.width() * im.height(); i++) {
            out[i * 3] = out[i * 3 + 1] = out[i * 3 + 2] = im.pixels()[i];
        }
        return new Image8(im.width(), im.height(), 3, out);
    }
}
