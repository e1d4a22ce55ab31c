package dev.parity.harness.results;

import java.util.List;

/**
 * What {@code parity localise} found, as written to localise-VARIANT.json: per tensor along the FP32 source's
 * graph, how far the variant's tensor is from the source's on the probe samples; and, for the nodes where drift
 * starts, how many verdicts keeping just that node in FP32 gives back.
 *
 * @param kind         fp16 (made by Parity), int8 (made by Parity) or qdq (an INT8 QDQ model made elsewhere)
 * @param probeSamples samples compared: every flipped one, then those nearest the threshold
 * @param matched      source tensors found in the variant (by name; for QDQ, the dequantized value)
 * @param compared     source tensors looked for
 * @param matchedByPosition of the matched, how many were paired by graph position (a variant that renamed them)
 */
public record LocaliseReport(int schemaVersion, String spec, String variant, String source, String kind,
                             double threshold, int probeSamples, long probeFlips, int matched, int compared,
                             int matchedByPosition, int tensorsPerSession, List<Tensor> tensors,
                             List<Attribution> attribution) {
    public static final int SCHEMA_VERSION = 1;

    /**
     * One tensor. SQNR = 10 log10(sum x^2 / sum (x - y)^2), x the source's values, y the variant's.
     *
     * @param state        measured, identical (no difference: SQNR infinite), non-finite (the variant has NaN/Inf
     *                     there), unmatched (the variant has no such tensor)
     * @param dropDb       how much SQNR this node loses against the worst of its inputs: where drift enters
     */
    public record Tensor(int index, String node, String opType, String tensor, String variantTensor, String state,
                         Double sqnrDb, Double sqnrFlippedDb, Double sqnrRestDb, Double cosine, Double maxAbsDiff,
                         Double dropDb) {
    }

    /**
     * Keeping one node in FP32: verdicts on the probe samples against the reference's.
     *
     * @param fixed  flips of the variant this removes
     * @param made   new flips it causes
     * @param gain   probe agreement after minus before
     * @param nodes  the nodes kept in FP32: one, or a block (a Conv and the Add its residual path joins)
     */
    public record Attribution(String node, String opType, Double dropDb, long fixed, long made,
                              double agreementBefore, double agreementAfter, double gain, List<String> nodes) {
    }
}
