package dev.parity.runners;

import org.bytedeco.tensorrt.nvinfer.ILogger;

/** Passes TensorRT's warnings and errors to stderr and keeps the last error for exception messages. */
public final class TensorRtLogger extends ILogger {
    private volatile String lastError = "";

    @Override
    public void log(Severity severity, String msg) {
        if (severity == Severity.kERROR || severity == Severity.kINTERNAL_ERROR) {
            lastError = msg;
            System.err.println("[tensorrt] error: " + msg);
        } else if (severity == Severity.kWARNING) {
            System.err.println("[tensorrt] warning: " + msg);
        }
    }

    public String lastError() {
        return lastError;
    }
}
