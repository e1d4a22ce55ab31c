package dev.parity.harness.data;

import dev.parity.harness.ParityInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An NPY file (format versions 1-3) opened for streaming: the header is parsed and checked against the file
 * size up front, then rows (slices along the first dimension) are read on demand. Nothing but the header is
 * held in memory, so a dataset of any size costs one batch of memory per read.
 */
public final class NpyFile implements SampleSource {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 20;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private final Path path;
    private final FileChannel channel;
    private final NpyDtype dtype;
    private final long[] shape;
    private final long dataOffset;
    private final long rowElements;
    private boolean closed;
    private ByteBuffer readBuffer;

    private NpyFile(Path path, FileChannel channel, NpyDtype dtype, long[] shape, long dataOffset) {
        this.path = path;
        this.channel = channel;
        this.dtype = dtype;
        this.shape = shape;
        this.dataOffset = dataOffset;
        long n = 1;
        for (int i = 1; i < shape.length; i++) n = Math.multiplyExact(n, shape[i]);
        this.rowElements = n;
    }

    /** Opens and validates; every problem is a {@link ParityInputException} naming the file. */
    public static NpyFile open(Path path) {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ParityInputException(path + ": file not found");
        } catch (IOException e) {
            throw new ParityInputException(path + ": cannot read: " + e);
        }
        try {
            return parse(path, ch);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new ParityInputException(path + ": cannot read: " + e);
        }
    }

    private static NpyFile parse(Path path, FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer pre = NpyDtype.order(ByteBuffer.allocate(12));
        readFully(ch, pre, 0);
        pre.flip();
        if (pre.limit() < 10 || !Arrays.equals(Arrays.copyOf(pre.array(), 6), MAGIC)) {
            throw new ParityInputException(path + ": not an NPY file (expected the magic bytes \\x93NUMPY at the start)");
        }
        int major = pre.get(6) & 0xFF;
        long headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = pre.getShort(8) & 0xFFFF;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (pre.limit() < 12) throw truncated(path, 12, size);
            headerLen = pre.getInt(8) & 0xFFFFFFFFL;
            headerStart = 12;
        } else {
            throw new ParityInputException(path + ": NPY format version " + major + " is not supported (1, 2 or 3)");
        }
        if (headerLen > MAX_HEADER) {
            throw new ParityInputException(path + ": NPY header claims " + headerLen + " bytes; more than "
                    + MAX_HEADER + " means the file is corrupt");
        }
        if (headerStart + headerLen > size) {
            throw truncated(path, headerStart + headerLen, size);
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        readFully(ch, hb, headerStart);
        String header = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        String descr = group(path, DESCR, header, "descr");
        NpyDtype dtype = NpyDtype.fromDescr(descr);
        if (dtype == null) {
            throw new ParityInputException(path + ": NPY element type '" + descr + "' is not supported; expected "
                    + "little-endian u1, i1, b1, i2, u2, i4, u4, i8, f4 or f8");
        }
        if (group(path, FORTRAN, header, "fortran_order").equals("True")) {
            throw new ParityInputException(path + ": NPY data is in Fortran order; save it C-contiguous "
                    + "(numpy.ascontiguousarray) so rows can be streamed");
        }
        long[] shape = parseShape(path, group(path, SHAPE, header, "shape"));
        long dataOffset = headerStart + headerLen;
        long elements = 1;
        try {
            for (long d : shape) elements = Math.multiplyExact(elements, d);
            long expected = Math.addExact(dataOffset, Math.multiplyExact(elements, dtype.size));
            if (expected > size) {
                throw truncated(path, expected, size);
            }
            if (expected < size) {
                throw new ParityInputException(path + ": " + (size - expected) + " bytes follow the data that shape "
                        + Arrays.toString(shape) + " of " + descr + " describes; the file is not one NPY array");
            }
        } catch (ArithmeticException e) {
            throw new ParityInputException(path + ": NPY shape " + Arrays.toString(shape) + " is too large to be real");
        }
        return new NpyFile(path, ch, dtype, shape, dataOffset);
    }

    private static long[] parseShape(Path path, String text) {
        String[] parts = text.split(",");
        long[] dims = Arrays.stream(parts).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(s -> {
            try {
                long d = Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
                if (d < 0) throw new NumberFormatException();
                return d;
            } catch (NumberFormatException e) {
                throw new ParityInputException(path + ": NPY shape (" + text + ") has an invalid dimension '" + s + "'");
            }
        }).toArray();
        if (dims.length == 0) {
            throw new ParityInputException(path + ": NPY array is a scalar; expected samples along the first dimension");
        }
        return dims;
    }

    private static String group(Path path, Pattern p, String header, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new ParityInputException(path + ": NPY header has no readable '" + key + "' entry: " + header.trim());
        }
        return m.group(1);
    }

    private static ParityInputException truncated(Path path, long expected, long actual) {
        return new ParityInputException(path + ": truncated: the NPY header promises " + expected
                + " bytes but the file has " + actual);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) break;
            pos += n;
        }
    }

    public Path path() {
        return path;
    }

    public NpyDtype dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public long rows() {
        return shape[0];
    }

    /** Elements in one row: the product of the dimensions after the first. */
    public long rowElements() {
        return rowElements;
    }

    /**
     * Reads rows [first, first + count) into a little-endian buffer, reusing {@code reuse} when it is big
     * enough. Element k of the result is {@code dtype().get(buffer, k)}.
     */
    public ByteBuffer readRows(long first, int count, ByteBuffer reuse) {
        if (first < 0 || count < 0 || first + count > rows()) {
            throw new IndexOutOfBoundsException("rows " + first + ".." + (first + count) + " of " + rows());
        }
        long bytes = (long) count * rowElements * dtype.size;
        if (bytes > Integer.MAX_VALUE) {
            throw new ParityInputException(path + ": a batch of " + count + " rows is over 2 GB; lower batch_size");
        }
        ByteBuffer buf = reuse != null && reuse.capacity() >= bytes ? reuse : ByteBuffer.allocate((int) bytes);
        buf.clear().limit((int) bytes);
        try {
            readFully(channel, buf, dataOffset + first * rowElements * dtype.size);
        } catch (IOException e) {
            throw new ParityInputException(path + ": read failed at row " + first + ": " + e);
        }
        if (buf.hasRemaining()) {
            throw new ParityInputException(path + ": file shrank while being read (row " + first + ")");
        }
        buf.flip();
        return NpyDtype.order(buf);
    }

    /**
     * Checks rows [first, end) hold only finite numbers that float32 can hold, as the models receive them. A NaN or
     * infinite input makes a model's score NaN; caught at open, it is named where it is instead of being blamed on
     * the reference's scores. Integer files cannot hold one and are not read.
     *
     * @throws ParityInputException naming the row, the element's position in the sample and the value
     */
    public void requireFinite(long first, long end) {
        if (dtype != NpyDtype.FLOAT32 && dtype != NpyDtype.FLOAT64) return;
        int perRead = (int) Math.max(1, Math.min(end - first, (8L << 20) / Math.max(1, rowElements * dtype.size)));
        ByteBuffer buf = null;
        for (long row = first; row < end; row += perRead) {
            int count = (int) Math.min(perRead, end - row);
            buf = readRows(row, count, buf);
            long elements = count * rowElements;
            for (int i = 0; i < elements; i++) {
                double v = dtype.get(buf, i);
                if (Double.isFinite(v) && !Float.isInfinite((float) v)) continue;
                long r = row + i / rowElements;
                String what = Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? (v > 0 ? "+Inf" : "-Inf")
                        : v + ", beyond float32's range (the models are fed float32)";
                throw new ParityInputException(path + ": row " + r + " (sample " + r + "), element "
                        + position((int) (i % rowElements)) + ": expected a finite number, found " + what
                        + "; every input must be finite, or every variant's score for it is NaN");
            }
        }
    }

    /** An element's index within a sample as its position in the sample's shape: "[0, 7, 3]". */
    private String position(int index) {
        long[] dims = java.util.Arrays.copyOfRange(shape, 1, shape.length);
        if (dims.length == 0) return "[0]";
        long[] at = new long[dims.length];
        long rest = index;
        for (int d = dims.length - 1; d >= 0; d--) {
            at[d] = rest % dims[d];
            rest /= dims[d];
        }
        return java.util.Arrays.toString(at);
    }

    /** Element i of a buffer returned by {@link #readRows}. */
    public double get(ByteBuffer rows, int i) {
        return dtype.get(rows, i);
    }

    /** Elements [0, count) of a buffer returned by {@link #readRows}, as float32 (see {@link NpyDtype#toFloats}). */
    public void toFloats(ByteBuffer rows, float[] out, int count) {
        dtype.toFloats(rows, out, count);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing useful to add to the error already being thrown
        }
    }

    @Override
    public String elementType() {
        return dtype.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void read(long first, int count, float[] out) {
        readBuffer = readRows(first, count, readBuffer);
        toFloats(readBuffer, out, Math.toIntExact(count * rowElements));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeQuietly(channel);
        }
    }
}
