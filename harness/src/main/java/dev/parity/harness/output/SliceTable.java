package dev.parity.harness.output;

import dev.parity.harness.results.RunSummary;
import dev.parity.harness.results.SliceResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The run's slices in the order every report shows them: worst agreement of any variant other than the reference
 * first (the slice to look at), larger slices first among equals. The reference's own figures stay in the rows:
 * its precision and recall are what each slice's variants are compared with.
 */
final class SliceTable {
    private SliceTable() {
    }

    /** The variants compared on slices: every one that ran except the reference, in spec order. */
    static List<String> compared(RunSummary s) {
        List<String> out = new ArrayList<>();
        for (RunSummary.VariantInfo v : s.variants()) {
            if (!v.reference() && v.atReferenceThreshold() != null) out.add(v.name());
        }
        return out;
    }

    static List<SliceResult> ordered(RunSummary s) {
        List<String> compared = compared(s);
        List<SliceResult> rows = new ArrayList<>(s.slices() == null ? List.of() : s.slices());
        rows.sort(Comparator.comparingDouble((SliceResult r) -> worst(r, compared))
                .thenComparing(Comparator.comparingLong(SliceResult::n).reversed())
                .thenComparing(SliceResult::label));
        return rows;
    }

    /** The lowest agreement on the slice among the compared variants (1 when none is compared). */
    static double worst(SliceResult r, List<String> compared) {
        double w = 1;
        for (String v : compared) {
            SliceResult.Figures f = r.variants().get(v);
            if (f != null) w = Math.min(w, f.agreement());
        }
        return w;
    }
}
