package dev.parity.harness.output;

import dev.parity.harness.run.EvaluationResult;
import java.io.IOException;
import java.nio.file.Path;

/** Writes a run's files (summary.json, scores.csv) into its output folder, all or nothing. */
public final class RunWriter {
    private RunWriter() {
    }

    public static RunSummary write(EvaluationResult result, Path outDir) throws IOException {
        RunSummary summary = SummaryFactory.from(result);
        try (OutputFolder out = new OutputFolder(outDir)) {
            out.write("summary.json", Json.MAPPER.writeValueAsString(summary) + "\n");
            out.write("scores.csv", ScoresCsv.render(result.variants(), result.labels(), (int) result.samples()));
            out.commit();
        }
        return summary;
    }
}
