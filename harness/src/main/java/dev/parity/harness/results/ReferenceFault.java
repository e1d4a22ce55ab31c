package dev.parity.harness.results;

import java.util.List;

/**
 * The reference gave NaN or Inf scores: a runtime fault on those samples (or inputs that were not finite), which the
 * user cannot fix in the spec. The run fits the threshold on the finite samples and reports, but nothing ships.
 *
 * @param nonFinite    how many reference scores were NaN or Inf
 * @param examples     the first few of those samples, by index
 * @param inputsFinite whether the preprocessed inputs of those examples were all finite (true: the runtime made the
 *                     NaN; false: the data holds it)
 */
public record ReferenceFault(long nonFinite, List<Long> examples, boolean inputsFinite) {
    public ReferenceFault {
        examples = List.copyOf(examples);
    }
}
