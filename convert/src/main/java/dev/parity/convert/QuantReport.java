package dev.parity.convert;

import java.util.List;
import java.util.Map;

/**
 * What an INT8 quantization did.
 *
 * @param quantizedNodes   nodes whose weights and activations were quantized, by op type
 * @param excludedNodes    nodes kept in float32 (asked for, or chosen automatically, with the reason)
 * @param foldedRelus      ReLUs removed because the output quantization clamps at zero
 * @param quantizedTensors activation tensors given Q/DQ
 * @param degenerate       tensors whose calibrated range was empty or constant (a warning)
 * @param calibrationSamples samples the ranges were collected on
 */
public record QuantReport(Map<String, Integer> quantizedNodes, Map<String, String> excludedNodes, int foldedRelus,
                          int quantizedTensors, List<String> degenerate, long calibrationSamples) {
}
