package dev.parity.harness.results;

import java.util.List;

/**
 * The earlier run a run was compared with, named so that a reader can find it.
 *
 * @param file        the baseline's summary.json as given
 * @param startedAt   when the baseline ran (its run.started_at)
 * @param toolVersion the Parity that wrote it
 * @param modelChanges per variant whose model file differs from the baseline's: "onnx-int8: model changed
 *                     (1a2b3c4d5e6f -> 9f8e7d6c5b4a)", so that a moved figure is read with its cause
 */
public record BaselineRun(String file, String startedAt, String toolVersion, List<String> modelChanges) {
    public BaselineRun {
        modelChanges = modelChanges == null ? List.of() : List.copyOf(modelChanges);
    }

    public BaselineRun(String file, String startedAt, String toolVersion) {
        this(file, startedAt, toolVersion, List.of());
    }
}
