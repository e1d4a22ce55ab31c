package dev.parity.harness.data.images;

import dev.parity.harness.spec.ImageSteps.Interpolation;

/**
 * Resizes 8-bit images exactly as Pillow does, which is what torchvision's {@code Resize} does to a PIL image:
 * bilinear is a separable convolution whose triangle filter widens with the downscale factor (so it antialiases),
 * with coefficients in 22-bit fixed point and an 8-bit image between the horizontal and the vertical pass;
 * nearest takes the source pixel under each output pixel's centre, found as Pillow finds it. Written from Pillow 9's Resample.c and
 * Geometry.c semantics, so that a model sees the pixels it saw in training (tested against torchvision 0.14).
 */
public final class PilResize {
    private static final int PRECISION_BITS = 32 - 8 - 2;

    private PilResize() {
    }

    /** Resizes an interleaved 8-bit image (height x width x channels) to {@code outW} x {@code outH}. */
    public static Image8 resize(Image8 in, int outW, int outH, Interpolation interpolation) {
        if (outW == in.width() && outH == in.height()) return in;
        return interpolation == Interpolation.NEAREST ? nearest(in, outW, outH) : bilinear(in, outW, outH);
    }

    private static Image8 nearest(Image8 in, int outW, int outH) {
        int c = in.channels();
        byte[] out = new byte[outW * outH * c];
        // Pillow's ImagingScaleAffine walks the source by repeated addition, not (x + 0.5) * scale: on exact
        // boundaries (2.5 * 2.4) the two round to different pixels, so the walk is reproduced as it is
        int[] xs = walk(in.width(), outW), ys = walk(in.height(), outH);
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                System.arraycopy(in.pixels(), (ys[y] * in.width() + xs[x]) * c, out, (y * outW + x) * c, c);
            }
        }
        return new Image8(outW, outH, c, out);
    }

    /** Source index under each output pixel's centre, accumulated in double as Pillow does. */
    private static int[] walk(int inSize, int outSize) {
        double step = (double) inSize / outSize;
        double at = step * 0.5;
        int[] out = new int[outSize];
        for (int i = 0; i < outSize; i++) {
            out[i] = Math.min(inSize - 1, (int) at);
            at += step;
        }
        return out;
    }

    private static Image8 bilinear(Image8 in, int outW, int outH) {
        Image8 horizontal = outW == in.width() ? in : horizontal(in, outW);
        return outH == in.height() ? horizontal : vertical(horizontal, outH);
    }

    /** Per output index: first source index, count, and fixed-point weights (Pillow's precompute_coeffs). */
    private record Coefficients(int[] first, int[] count, int[][] weights) {
    }

    private static Coefficients coefficients(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(1.0, scale);
        double support = 1.0 * filterScale; // bilinear's support is 1
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        int[][] weights = new int[outSize][];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            double ss = 1.0 / filterScale;
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) xmin = 0;
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) xmax = inSize;
            xmax -= xmin;
            double[] k = new double[xmax];
            double ww = 0;
            for (int x = 0; x < xmax; x++) {
                double w = triangle((x + xmin - center + 0.5) * ss);
                k[x] = w;
                ww += w;
            }
            int[] fixed = new int[xmax];
            for (int x = 0; x < xmax; x++) {
                double v = ww != 0.0 ? k[x] / ww : k[x];
                fixed[x] = (int) (v < 0 ? -0.5 + v * (1 << PRECISION_BITS) : 0.5 + v * (1 << PRECISION_BITS));
            }
            first[xx] = xmin;
            count[xx] = xmax;
            weights[xx] = fixed;
        }
        return new Coefficients(first, count, weights);
    }

    private static double triangle(double x) {
        if (x < 0) x = -x;
        return x < 1.0 ? 1.0 - x : 0.0;
    }

    private static int clip8(long acc) {
        long v = acc >> PRECISION_BITS;
        return v < 0 ? 0 : v > 255 ? 255 : (int) v;
    }

    private static Image8 horizontal(Image8 in, int outW) {
        Coefficients k = coefficients(in.width(), outW);
        int c = in.channels();
        byte[] src = in.pixels();
        byte[] out = new byte[outW * in.height() * c];
        for (int y = 0; y < in.height(); y++) {
            int row = y * in.width() * c;
            for (int xx = 0; xx < outW; xx++) {
                int[] w = k.weights()[xx];
                for (int ch = 0; ch < c; ch++) {
                    long acc = 1L << (PRECISION_BITS - 1);
                    for (int x = 0; x < k.count()[xx]; x++) {
                        acc += (src[row + (k.first()[xx] + x) * c + ch] & 0xFF) * (long) w[x];
                    }
                    out[(y * outW + xx) * c + ch] = (byte) clip8(acc);
                }
            }
        }
        return new Image8(outW, in.height(), c, out);
    }

    private static Image8 vertical(Image8 in, int outH) {
        Coefficients k = coefficients(in.height(), outH);
        int c = in.channels();
        int w = in.width();
        byte[] src = in.pixels();
        byte[] out = new byte[w * outH * c];
        for (int yy = 0; yy < outH; yy++) {
            int[] wt = k.weights()[yy];
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    long acc = 1L << (PRECISION_BITS - 1);
                    for (int y = 0; y < k.count()[yy]; y++) {
                        acc += (src[((k.first()[yy] + y) * w + x) * c + ch] & 0xFF) * (long) wt[y];
                    }
                    out[(yy * w + x) * c + ch] = (byte) clip8(acc);
                }
            }
        }
        return new Image8(w, outH, c, out);
    }
}
