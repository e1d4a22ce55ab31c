package dev.parity.harness.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;

/**
 * How a variant was made, for provenance (also written into the ONNX model's metadata).
 *
 * @param converter         fp16, int8-qdq or tensorrt-engine
 * @param artifact          the made file (in the cache), or null when it could not be made
 * @param reused            true when an earlier run made the same file from the same source and settings (run-specific:
 *                          written under "run" in summary.json, not here)
 * @param settings          every setting that went into it, sorted
 * @param report            what the converter reports (counts, exclusions, warnings)
 */
public record MadeVariant(String from, String converter, String artifact, @JsonIgnore boolean reused, String sourceSha256,
                          String calibrationSha256, Map<String, Object> settings, Map<String, Object> report) {
}
