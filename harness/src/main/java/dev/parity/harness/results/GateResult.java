package dev.parity.harness.results;

/**
 * One gate for one variant. Gate statuses are written in capitals (PASS, FAIL, SKIPPED) and variant statuses in
 * lower case; both are schema_version 1 as released, so the casing stays until a schema change has other reasons.
 *
 * @param status   pass, fail, or skipped (cannot be evaluated: no labels, no benchmark; never counted as a pass)
 * @param measured the figure measured (null when skipped)
 * @param limit    the limit it was held to
 * @param detail   one sentence a reader understands without the spec at hand
 * @param aspect   which figure of the gate, where one gate checks several (no_regression: "agreement",
 *                 "agreement_recalibrated"), else null; part of the gate's unique name
 */
public record GateResult(String variant, GateName gate, Status status, Double measured, Double limit, String detail,
                         String aspect) {

    public enum Status { PASS, FAIL, SKIPPED }

    public GateResult(String variant, GateName gate, Status status, Double measured, Double limit, String detail) {
        this(variant, gate, status, measured, limit, detail, null);
    }

    /** Unique among a variant's gates: "min_agreement", "no_regression:agreement". */
    public String name() {
        return aspect == null ? gate.key() : gate.key() + ":" + aspect;
    }

    /** The same result for one head of a multi-head model: named gate:head, its sentence prefixed with the head. */
    public GateResult forHead(String head) {
        return new GateResult(variant, gate, status, measured, limit, "head '" + head + "': " + detail,
                aspect == null ? head : aspect + ":" + head);
    }

    public static GateResult atLeast(String variant, GateName gate, double measured, double limit, String what) {
        boolean ok = measured >= limit;
        return new GateResult(variant, gate, ok ? Status.PASS : Status.FAIL, measured, limit,
                what + " " + Format.num(measured) + (ok ? " >= " : " < ") + Format.num(limit));
    }

    public static GateResult atMost(String variant, GateName gate, double measured, double limit, String what) {
        boolean ok = measured <= limit;
        return new GateResult(variant, gate, ok ? Status.PASS : Status.FAIL, measured, limit,
                what + " " + Format.num(measured) + (ok ? " <= " : " > ") + Format.num(limit));
    }

    public static GateResult skipped(String variant, GateName gate, Double limit, String why) {
        return new GateResult(variant, gate, Status.SKIPPED, null, limit, why);
    }
}
