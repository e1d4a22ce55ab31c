package dev.parity.harness.data;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.data.images.ImagePipeline;
import dev.parity.harness.results.SampleInfo;
import dev.parity.harness.spec.ImageSteps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Image files as samples: a folder laid out as {@code <class>/<file>} (classes and files in name order) or the
 * files a CSV's path column lists (in its row order, paths relative to the CSV's folder). Each read decodes its
 * block of files through the image steps; the values come out 0-255, channels first.
 */
public final class ImageSet implements SampleSource {
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    private final Path root;
    private final ImagePipeline pipeline;
    private final long[] sampleShape;
    private final List<Path> files;
    private final List<String> names;
    private final List<String> classes;
    private final int[] listingRow;
    private final List<String> skipped;

    private ImageSet(Path root, ImagePipeline pipeline, long[] sampleShape, List<Path> files, List<String> names,
                     List<String> classes, int[] listingRow, List<String> skipped) {
        this.root = root;
        this.pipeline = pipeline;
        this.sampleShape = sampleShape;
        this.files = files;
        this.names = names;
        this.classes = classes;
        this.listingRow = listingRow;
        this.skipped = skipped;
    }

    /** One listed image: where it is, its name in reports, its class (folders only) and its row in the listing. */
    private record Entry(Path file, String name, String imageClass) {
    }

    /**
     * @param pathColumn     null for a folder; else the CSV column of image paths
     * @param skipUnreadable decode every file now and leave out (and count) those that fail; otherwise a file that
     *                       cannot be decoded stops the run when it is reached, naming it
     */
    public static ImageSet open(Path inputs, String pathColumn, ImageSteps steps, long[] sampleShape,
                                boolean skipUnreadable) {
        List<Entry> listed = pathColumn == null ? folder(inputs) : listing(inputs, pathColumn);
        if (listed.isEmpty()) {
            throw new ParityInputException(inputs + ": no images found (" + (pathColumn == null
                    ? "expected <class>/<file> with extensions " + EXTENSIONS : "the listing has no rows") + ")");
        }
        ImagePipeline pipeline = new ImagePipeline(steps);
        List<Path> files = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        long elements = 1;
        for (long d : sampleShape) elements *= d;
        for (int i = 0; i < listed.size(); i++) {
            Entry e = listed.get(i);
            if (skipUnreadable) {
                try {
                    checkShape(e.file, pipeline.apply(e.file), elements, sampleShape);
                } catch (ParityInputException bad) {
                    skipped.add(e.name + ": " + bad.getMessage());
                    continue;
                }
            } else if (!Files.isRegularFile(e.file)) {
                throw new ParityInputException(e.file + ": listed in " + inputs + " but not found");
            }
            files.add(e.file);
            names.add(e.name);
            classes.add(e.imageClass);
            rows.add(i);
        }
        if (files.isEmpty()) {
            throw new ParityInputException(inputs + ": none of the " + listed.size() + " image(s) could be read, e.g. "
                    + skipped.get(0));
        }
        return new ImageSet(inputs, pipeline, sampleShape, files, names, classes,
                rows.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(skipped));
    }

    private static List<Entry> folder(Path root) {
        List<Entry> out = new ArrayList<>();
        for (Path dir : sorted(root)) {
            if (!Files.isDirectory(dir)) continue;
            String cls = dir.getFileName().toString();
            for (Path f : sorted(dir)) {
                if (Files.isRegularFile(f) && isImage(f)) out.add(new Entry(f, cls + "/" + f.getFileName(), cls));
            }
        }
        return out;
    }

    /** The files a listing names, in its row order, resolved against its folder. */
    public static List<Path> listedFiles(Path csv, String pathColumn) {
        return listing(csv, pathColumn).stream().map(Entry::file).toList();
    }

    private static List<Entry> listing(Path csv, String pathColumn) {
        SampleInfo.SliceColumn paths = CsvTable.columns(csv, List.of(pathColumn)).get(pathColumn);
        Path dir = csv.toAbsolutePath().getParent();
        List<Entry> out = new ArrayList<>();
        for (int code : paths.codes()) {
            String p = paths.levels().get(code);
            out.add(new Entry(dir.resolve(p).normalize(), p, null));
        }
        return out;
    }

    private static List<Path> sorted(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new ParityInputException(dir + ": cannot list: " + e.getMessage());
        }
    }

    private static boolean isImage(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static void checkShape(Path file, float[] values, long elements, long[] shape) {
        if (values.length != elements) {
            throw new ParityInputException(file + ": comes out of the image steps with " + values.length
                    + " values, but samples must have shape " + java.util.Arrays.toString(shape)
                    + "; give center_crop (or resize as [height, width]) so every image ends the same size");
        }
    }

    /** Each sample's name: its path under the folder, or as the listing gives it. */
    public List<String> names() {
        return names;
    }

    /** Each sample's class folder (null entries for a listing). */
    public List<String> classes() {
        return classes;
    }

    /** Each sample's row in the listing (folder order or CSV rows), which skipped files leave gaps in. */
    public int[] listingRows() {
        return listingRow.clone();
    }

    /** The files left out as unreadable, each with the reason. */
    public List<String> skipped() {
        return skipped;
    }

    @Override
    public Path path() {
        return root;
    }

    @Override
    public long rows() {
        return files.size();
    }

    @Override
    public long rowElements() {
        long n = 1;
        for (long d : sampleShape) n *= d;
        return n;
    }

    @Override
    public long[] shape() {
        long[] s = new long[sampleShape.length + 1];
        s[0] = rows();
        System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
        return s;
    }

    @Override
    public String elementType() {
        return "uint8";
    }

    @Override
    public void read(long first, int count, float[] out) {
        int per = (int) rowElements();
        for (int i = 0; i < count; i++) {
            Path f = files.get((int) first + i);
            float[] v = pipeline.apply(f);
            checkShape(f, v, per, sampleShape);
            System.arraycopy(v, 0, out, i * per, per);
        }
    }

    @Override
    public void close() {
    }
}
