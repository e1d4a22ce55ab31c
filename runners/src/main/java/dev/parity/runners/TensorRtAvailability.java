package dev.parity.runners;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Loader;

/**
 * Whether TensorRT can run here, and if not, why. The driver is checked first, without touching any native
 * library, so that a CPU-only machine gets a plain reason instead of a linker error.
 */
public final class TensorRtAvailability {
    private TensorRtAvailability() {
    }

    /** @return null when TensorRT can run; otherwise the reason it cannot */
    public static String unavailableReason() {
        if (!CudaProbe.driverPresent()) {
            return "no NVIDIA driver on this machine (no /proc/driver/nvidia/version); TensorRT needs a GPU";
        }
        try {
            Loader.load(org.bytedeco.tensorrt.global.nvinfer.class);
            int[] count = new int[1];
            int status = cudart.cudaGetDeviceCount(count);
            if (status != 0 || count[0] == 0) {
                return "CUDA reports no usable device (cudaGetDeviceCount status " + status + ")";
            }
            return null;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            return "TensorRT/CUDA native libraries cannot load (" + OnnxRuntimeRunner.firstLine(e)
                    + "); build with -Ptensorrt on a machine with an NVIDIA driver";
        }
    }

    /** @throws RunnerUnavailableException with the reason, when TensorRT cannot run here */
    public static void require() throws RunnerUnavailableException {
        String reason = unavailableReason();
        if (reason != null) {
            throw new RunnerUnavailableException(reason, null);
        }
    }
}
