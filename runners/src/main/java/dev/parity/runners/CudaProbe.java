package dev.parity.runners;

import java.nio.file.Files;
import java.nio.file.Path;

/** Cheap detection of an NVIDIA driver, without loading any native library. */
public final class CudaProbe {
    private CudaProbe() {
    }

    /** True when the kernel driver is loaded (its proc entry or a device node exists). */
    public static boolean driverPresent() {
        return Files.exists(Path.of("/proc/driver/nvidia/version")) || Files.exists(Path.of("/dev/nvidia0"));
    }
}
