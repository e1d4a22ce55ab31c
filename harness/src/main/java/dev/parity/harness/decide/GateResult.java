package dev.parity.harness.decide;

/**
 * One gate for one variant.
 *
 * @param status   pass, fail, or skipped (cannot be evaluated: no labels, no benchmark; never counted as a pass)
 * @param measured the figure measured (null when skipped)
 * @param limit    the limit it was held to
 * @param detail   one sentence a reader understands without the spec at hand
 */
public record GateResult(String variant, String gate, Status status, Double measured, Double limit, String detail) {

    public enum Status { PASS, FAIL, SKIPPED }

    static GateResult atLeast(String variant, String gate, double measured, double limit, String what) {
        boolean ok = measured >= limit;
        return new GateResult(variant, gate, ok ? Status.PASS : Status.FAIL, measured, limit,
                what + " " + Format.num(measured) + (ok ? " >= " : " < ") + Format.num(limit));
    }

    static GateResult atMost(String variant, String gate, double measured, double limit, String what) {
        boolean ok = measured <= limit;
        return new GateResult(variant, gate, ok ? Status.PASS : Status.FAIL, measured, limit,
                what + " " + Format.num(measured) + (ok ? " <= " : " > ") + Format.num(limit));
    }

    static GateResult skipped(String variant, String gate, Double limit, String why) {
        return new GateResult(variant, gate, Status.SKIPPED, null, limit, why);
    }
}
