package dev.parity.harness.spec;

import dev.parity.harness.results.Classes;
import dev.parity.runners.Device;
import dev.parity.runners.ModelContract;
import dev.parity.runners.RuntimeKind;
import dev.parity.runners.kserve.KServeSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A checked spec: defaults filled in, paths resolved against the spec's folder, every value valid.
 *
 * @param source          the spec file
 * @param labels          null when the spec gives none (then {@code fixedThreshold} is set)
 * @param calibration     calibration samples for INT8 variants; null when the spec gives none
 * @param dataset         what kind of data {@code inputs} is, and which of its columns mean what
 * @param positiveLabel   null when labels must be 0/1
 * @param fixedThreshold  null when the threshold is fitted to {@code targetPrecision}
 * @param threads         intra-op threads per runtime; 0: the cores divided among the variants scored at once
 * @param workers         variants scored at once; 0: one per core (served variants do not count: they wait)
 * @param classes         a multi-class score's classes (the decision is the top class); null for one
 *                        positive-class score
 * @param heads           a multi-head model's binary decisions, each on its own element of the output; empty for
 *                        one score
 * @param origin          the command line a spec was made from (parity compare), for provenance; null for a file
 */
public record ResolvedSpec(
        Path source,
        String name,
        Path inputs,
        Dataset dataset,
        Path labels,
        Path calibration,
        String positiveLabel,
        Preprocessing preprocessing,
        ModelContract contract,
        int scoreIndex,
        ScoreTransform transform,
        Classes classes,
        List<Head> heads,
        double targetPrecision,
        Double fixedThreshold,
        int batchSize,
        int threads,
        int workers,
        String reference,
        List<Variant> variants,
        Gates gates,
        Objective objective,
        String origin) {

    /** What the recommendation maximises among variants that pass every gate. */
    public enum Objective {
        THROUGHPUT, P99_LATENCY;

        public String label() {
            return this == THROUGHPUT ? "highest throughput" : "lowest p99 latency";
        }
    }

    public ResolvedSpec {
        variants = List.copyOf(variants);
        heads = heads == null ? List.of() : List.copyOf(heads);
    }

    /** What decides the scores kept per sample, as one string: part of the key checkpointed scores are kept under. */
    public String scoreFingerprint() {
        StringBuilder b = new StringBuilder().append(scoreIndex).append('|').append(transform.label()).append('|')
                .append(scoreWidth());
        for (Head h : heads) b.append('|').append(h.index()).append(':').append(h.transform().label());
        return b.toString();
    }

    /** Whether the model makes several binary decisions, one per head. */
    public boolean multiHead() {
        return !heads.isEmpty();
    }

    /**
     * One head of a multi-head model: a binary score (element {@code index} of the output, then {@code transform})
     * with its own labels and operating point.
     *
     * @param fixedThreshold null when the head's threshold is fitted to its target precision
     * @param labels         NPY labels of this head, or null
     * @param labelColumn    CSV label column of this head, or null
     * @param positiveLabel  null when its labels must be 0/1
     */
    public record Head(String name, int index, ScoreTransform transform, double targetPrecision, Double fixedThreshold,
                       Path labels, String labelColumn, String positiveLabel) {
    }

    /**
     * The binary spec one head is judged by: its score (the head's column of the scores, so index 0), its labels,
     * its operating point; everything else the spec's.
     */
    public ResolvedSpec forHead(Head h) {
        return headSpec(h, 0);
    }

    /**
     * One head as a binary spec of its own, scoring the head's element of the model's output: what localise and
     * repair work on for one head's decisions.
     */
    public ResolvedSpec binaryHead(String head, String option) {
        Head h = heads.stream().filter(x -> x.name().equals(head)).findFirst().orElseThrow(() ->
                new dev.parity.harness.ParityInputException(option + " " + head + ": " + (heads.isEmpty()
                        ? "the spec's model has no heads" : "no such head; the heads are "
                        + heads.stream().map(Head::name).toList())));
        return headSpec(h, h.index());
    }

    private ResolvedSpec headSpec(Head h, int index) {
        Dataset d = new Dataset(dataset.kind(), dataset.features(), h.labelColumn(), dataset.id(),
                dataset.pathColumn(), dataset.slices(), dataset.metadata(), dataset.skipUnreadable(),
                dataset.sampleColumn());
        return new ResolvedSpec(source, name + "/" + h.name(), inputs, d, h.labels(), calibration, h.positiveLabel(),
                preprocessing, contract, index, h.transform(), null, List.of(), h.targetPrecision(),
                h.fixedThreshold(), batchSize, threads, workers, reference, variants, gates, objective, origin);
    }

    /** Whether the decision is a sample's top class rather than a positive-class score against a threshold. */
    public boolean multiClass() {
        return classes != null;
    }

    /** Values kept per sample: K for a multi-class score, one per head of a multi-head model, else one. */
    public int scoreWidth() {
        return classes != null ? classes.count() : heads.isEmpty() ? 1 : heads.size();
    }


    /** A table column that holds each whole sample. */
    public enum SampleColumn {
        /** none: each feature column holds one number */
        NONE,
        /** a list of numbers: the sample's tensor */
        NUMBERS,
        /** an encoded image (PNG, JPEG, ...), decoded through the image steps */
        IMAGE
    }

    /** What {@code inputs} is. */
    public enum DataKind {
        NPY, CSV, PARQUET, IMAGE_FOLDER, IMAGE_LIST;

        /** A table of named columns: features, label, id and slices are its columns. */
        public boolean table() {
            return this == CSV || this == PARQUET;
        }
    }

    /**
     * @param features       a table's input columns in order (a Parquet list column alone: each sample's tensor)
     * @param label          a table's label column, or null
     * @param id             a table's or the metadata's column naming each sample, or null
     * @param pathColumn     image list: the column of image paths
     * @param slices         columns grouping samples into slices (possibly empty)
     * @param metadata       a CSV of per-sample columns joined to NPY or image data, or null
     * @param skipUnreadable images: skip undecodable files instead of stopping
     * @param sampleColumn   Parquet: whether features is one column holding each whole sample (a list of numbers
     *                       laid out by the preprocessing's shape, or an encoded image), or NONE (number columns)
     */
    public record Dataset(DataKind kind, List<String> features, String label, String id, String pathColumn,
                          List<String> slices, Path metadata, boolean skipUnreadable, SampleColumn sampleColumn) {
        public static final Dataset NPY = new Dataset(DataKind.NPY, null, null, null, null, List.of(), null, false,
                SampleColumn.NONE);
        /** An image folder's built-in slice column: each sample's class folder. */
        public static final String CLASS_SLICE = "class";

        public Dataset {
            slices = List.copyOf(slices);
            features = features == null ? null : List.copyOf(features);
        }

        public boolean images() {
            return kind == DataKind.IMAGE_FOLDER || kind == DataKind.IMAGE_LIST || sampleColumn == SampleColumn.IMAGE;
        }
    }

    /** The preprocessing a variant's inputs get: its own when the spec overrides any key, else the dataset's. */
    public Preprocessing preprocessingOf(Variant v) {
        return v.preprocessing() != null ? v.preprocessing() : preprocessing;
    }

    /**
     * @param artifact   the model file; null for a made variant (VariantMaker says where it made it) and a served one
     * @param from       the source variant of a made variant, else null
     * @param conversion how a made variant is made, else null
     * @param preprocessing its own preprocessing when the spec overrides the dataset's, else null
     * @param informational  its failures are reported, not counted in the exit code; never shipped
     * @param cpuIsa     the instruction set its runtime is held to (host.cpu_isa), else null: the self-check's mode
     * @param batchSize  its own batch size (kernels and servers' batching change results with it), else null
     * @param required   the run fails (outcome INCOMPLETE, exit 1) when it cannot be evaluated; served variants are
     *                   required unless the spec says otherwise, local ones are not (see {@link #requiredByDefault})
     */
    public record Variant(String name, RuntimeKind runtime, Path artifact, Device device, String from,
                          Conversion conversion, KServeSettings server, Preprocessing preprocessing,
                          boolean informational, String cpuIsa, Integer batchSize, boolean required) {

        public Variant(String name, RuntimeKind runtime, Path artifact, Device device, String from,
                       Conversion conversion, KServeSettings server, Preprocessing preprocessing,
                       boolean informational, String cpuIsa, Integer batchSize) {
            this(name, runtime, artifact, device, from, conversion, server, preprocessing, informational, cpuIsa,
                    batchSize, !informational && requiredByDefault(runtime));
        }

        public Variant(String name, RuntimeKind runtime, Path artifact, Device device, String from,
                       Conversion conversion, KServeSettings server, Preprocessing preprocessing,
                       boolean informational) {
            this(name, runtime, artifact, device, from, conversion, server, preprocessing, informational, null, null);
        }

        public Variant(String name, RuntimeKind runtime, Path artifact, Device device, String from,
                       Conversion conversion, KServeSettings server, Preprocessing preprocessing) {
            this(name, runtime, artifact, device, from, conversion, server, preprocessing, false);
        }

        public Variant(String name, RuntimeKind runtime, Path artifact, Device device, String from,
                       Conversion conversion, KServeSettings server) {
            this(name, runtime, artifact, device, from, conversion, server, null, false);
        }

        public Variant(String name, RuntimeKind runtime, Path artifact, Device device, String from,
                       Conversion conversion) {
            this(name, runtime, artifact, device, from, conversion, null, null, false);
        }

        /**
         * A served variant is one a team deployed and asked about: a nightly that says PASSED while its server is
         * down hides the outage. A local variant that cannot run here (a GPU engine on a CPU machine) is a fact
         * about the machine, reported and carried past.
         */
        public static boolean requiredByDefault(RuntimeKind runtime) {
            return runtime.served();
        }

        public Variant withPreprocessing(Preprocessing p) {
            return new Variant(name, runtime, artifact, device, from, conversion, server, p, informational, cpuIsa,
                    batchSize, required);
        }

        /** Watched, never counted: an informational variant is never required. */
        public Variant asInformational() {
            return new Variant(name, runtime, artifact, device, from, conversion, server, preprocessing, true, cpuIsa,
                    batchSize, false);
        }

        public Variant withRequired(boolean r) {
            return new Variant(name, runtime, artifact, device, from, conversion, server, preprocessing, informational,
                    cpuIsa, batchSize, r);
        }

        /** The same variant under another name (a host's copy in a join: "onnx-int8@host-a"). */
        public Variant withName(String other) {
            return new Variant(other, runtime, artifact, device, from, conversion, server, preprocessing, informational,
                    cpuIsa, batchSize, required);
        }

        public Variant withHost(String isa, Integer batch) {
            return new Variant(name, runtime, artifact, device, from, conversion, server, preprocessing, informational,
                    isa, batch, required);
        }

        /** The batch size this variant is scored at: its own, or the spec's. */
        public int batchSizeOr(int specBatchSize) {
            return batchSize != null ? batchSize : specBatchSize;
        }

        /** Served by a KServe v2 server: checked against the reference, never a candidate to ship. */
        public boolean remote() {
            return runtime.served();
        }

        public boolean made() {
            return conversion != null;
        }
    }

    public ResolvedSpec withVariants(List<Variant> replaced) {
        return new ResolvedSpec(source, name, inputs, dataset, labels, calibration, positiveLabel, preprocessing, contract,
                scoreIndex, transform, classes, heads, targetPrecision, fixedThreshold, batchSize, threads, workers, reference, replaced,
                gates, objective, origin);
    }

    /** The same spec, recorded as made from this command line. */
    /** The same spec with another variant as the reference (joins of runs name it by host). */
    public ResolvedSpec withReference(String variant) {
        return new ResolvedSpec(source, name, inputs, dataset, labels, calibration, positiveLabel, preprocessing,
                contract, scoreIndex, transform, classes, heads, targetPrecision, fixedThreshold, batchSize, threads, workers,
                variant, variants, gates, objective, origin);
    }

    /** The same spec scored at another batch size (a variant's own). */
    public ResolvedSpec withBatchSize(int batch) {
        return new ResolvedSpec(source, name, inputs, dataset, labels, calibration, positiveLabel, preprocessing,
                contract, scoreIndex, transform, classes, heads, targetPrecision, fixedThreshold, batch, threads, workers,
                reference, variants, gates, objective, origin);
    }

    public ResolvedSpec withOrigin(String commandLine) {
        return new ResolvedSpec(source, name, inputs, dataset, labels, calibration, positiveLabel, preprocessing,
                contract, scoreIndex, transform, classes, heads, targetPrecision, fixedThreshold, batchSize, threads, workers,
                reference, variants, gates, objective, commandLine);
    }

    /**
     * Per-sample preprocessing, already validated: mean/std have 1 or C entries, std non-zero.
     *
     * @param image        the image steps (decode, resize, crop); null for NPY and CSV data
     * @param roundToUint8 round raw values to whole numbers in 0-255 before divide_by
     */
    public record Preprocessing(double divideBy, double[] mean, double[] std, long[] shape, ImageSteps image,
                                boolean roundToUint8) {

        public Preprocessing(double divideBy, double[] mean, double[] std, long[] shape) {
            this(divideBy, mean, std, shape, null, false);
        }

        /**
         * Everything that decides what a model sees, as one string: part of every key under which scores or
         * calibration ranges are kept, so that data preprocessed otherwise never passes for the same.
         */
        public String fingerprint() {
            return divideBy + "|" + java.util.Arrays.toString(mean) + "|" + java.util.Arrays.toString(std) + "|"
                    + java.util.Arrays.toString(shape) + (image == null ? "" : "|" + image.fingerprint())
                    + (roundToUint8 ? "|uint8" : "");
        }

        /** The keys a reader sees, for reports: what differs between variants shows here. */
        public String describe() {
            StringBuilder b = new StringBuilder();
            if (image != null) {
                b.append(image.color().label());
                if (image.resize() != null) b.append(", resize ").append(java.util.Arrays.toString(image.resize()))
                        .append(' ').append(image.interpolation().label());
                if (image.centerCrop() != null) b.append(", center crop ")
                        .append(java.util.Arrays.toString(image.centerCrop()));
                b.append(", ");
            }
            if (roundToUint8) b.append("rounded to uint8, ");
            b.append("/").append(divideBy).append(", mean ").append(java.util.Arrays.toString(mean))
                    .append(", std ").append(java.util.Arrays.toString(std));
            return b.toString();
        }

        public long elementsPerSample() {
            long n = 1;
            for (long d : shape) n *= d;
            return n;
        }
    }

    /** The variant a command-line option names, or an error listing the variants the spec has. */
    public Variant requireVariant(String name, String option) {
        return variant(name).orElseThrow(() -> new dev.parity.harness.ParityInputException(option + " " + name
                + ": the spec has no such variant; it has " + variants.stream().map(Variant::name).toList()));
    }

    /** The named variants plus every variant they are made from, in spec order. */
    public List<Variant> withSources(java.util.Collection<String> names) {
        java.util.Set<String> wanted = new java.util.HashSet<>(names);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Variant v : variants) {
                if (wanted.contains(v.name()) && v.from() != null && wanted.add(v.from())) grew = true;
            }
        }
        return variants.stream().filter(v -> wanted.contains(v.name())).toList();
    }

    public Variant referenceVariant() {
        return variant(reference).orElseThrow();
    }

    public Optional<Variant> variant(String variantName) {
        return variants.stream().filter(v -> v.name().equals(variantName)).findFirst();
    }

}
