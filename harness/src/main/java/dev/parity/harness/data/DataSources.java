package dev.parity.harness.data;

import dev.parity.convert.Fp16Converter;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.runners.DType;

/** Opens a spec's samples as the {@link SampleSource} its kind of data needs. */
public final class DataSources {
    private DataSources() {
    }

    /** With the dataset's own preprocessing. */
    public static SampleSource open(ResolvedSpec spec) {
        return open(spec, spec.preprocessing());
    }

    /** @param pre the preprocessing whose image steps decode the images (a variant may have its own) */
    public static SampleSource open(ResolvedSpec spec, ResolvedSpec.Preprocessing pre) {
        ResolvedSpec.Dataset d = spec.dataset();
        return switch (d.kind()) {
            case NPY -> NpyFile.open(spec.inputs());
            case CSV -> CsvTable.open(spec.inputs(), d.features(), SampleInfoLoader.keptColumns(spec), maxMagnitude(spec));
            case PARQUET -> ParquetTable.open(spec.inputs(), d.features(), pre.elementsPerSample(), maxMagnitude(spec),
                    pre.image(), pre.shape());
            case IMAGE_FOLDER, IMAGE_LIST -> ImageSet.open(spec.inputs(), d.pathColumn(), pre.image(), pre.shape(),
                    d.skipUnreadable());
        };
    }

    /** The largest |value| the model's input type holds. */
    private static double maxMagnitude(ResolvedSpec spec) {
        return spec.contract().inputType() == DType.FLOAT16 ? Fp16Converter.FP16_MAX : Float.MAX_VALUE;
    }
}
