package dev.parity.convert;

import dev.parity.runners.Batch;
import java.util.Iterator;

/** Preprocessed calibration samples, streamed in batches; each call to {@link #batches()} starts a new pass. */
public interface CalibrationData {
    Iterator<Batch> batches();

    long samples();

    /** Hash of the calibration set (and its preprocessing), recorded in the made model's provenance. */
    String sha256();
}
