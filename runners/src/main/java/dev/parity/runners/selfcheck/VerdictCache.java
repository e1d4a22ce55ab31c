package dev.parity.runners.selfcheck;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.common.AtomicFiles;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Self-check reports kept on disk, one file per runtime build, CPU signature, probe set and effective environment
 * (the variables that change kernels), so the check costs once per machine. A file that cannot be read is checked
 * anew and replaced. A verdict is a fact about the machine, not about one project's cache: reports are also kept in
 * (and read from) the machine's default cache folder when a run names another one with --cache.
 */
public final class VerdictCache {
    /** Environment variables that change which kernels a runtime picks; part of every key. */
    static final String[] KERNEL_VARIABLES = {"ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA", "ONEDNN_DEFAULT_FPMATH_MODE",
            "ATEN_CPU_CAPABILITY"};
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path dir;
    private final Path machineDir;

    /** @param cacheDir Parity's cache folder; reports go to its {@code self-check} folder */
    public VerdictCache(Path cacheDir) {
        this.dir = cacheDir.resolve("self-check");
        this.machineDir = defaultDir().resolve("self-check");
    }

    /** Parity's cache folder unless told otherwise: $PARITY_CACHE, else ~/.cache/parity. */
    public static Path defaultDir() {
        String env = System.getenv("PARITY_CACHE");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache", "parity");
    }

    /** @param modeEnv the variables the mode sets over this process's environment */
    public Optional<SelfCheckReport> load(String runtime, Map<String, String> modeEnv) {
        Optional<SelfCheckReport> here = load(file(dir, runtime, modeEnv));
        return here.isPresent() ? here : load(file(machineDir, runtime, modeEnv));
    }

    private static Optional<SelfCheckReport> load(Path f) {
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(f.toFile(), SelfCheckReport.class));
        } catch (IOException e) {
            return Optional.empty(); // damaged or from another version: check again
        }
    }

    public void store(String runtime, Map<String, String> modeEnv, SelfCheckReport report) {
        for (Path d : dir.equals(machineDir) ? java.util.List.of(dir) : java.util.List.of(dir, machineDir)) {
            try {
                Files.createDirectories(d);
                byte[] text = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report);
                AtomicFiles.write(file(d, runtime, modeEnv), text);
            } catch (IOException e) {
                // a cache that cannot be written costs a check next time, nothing else
            }
        }
    }

    private static Path file(Path folder, String runtime, Map<String, String> modeEnv) {
        return folder.resolve(runtime + "-" + key(runtime, modeEnv).substring(0, 16) + ".json");
    }

    /** What makes two checks the same: probes, runtime build, CPU, and the kernel variables in force. */
    static String key(String runtime, Map<String, String> modeEnv) {
        Map<String, String> parts = new TreeMap<>();
        parts.put("probes", ProbeSet.VERSION);
        parts.put("runtime", runtime);
        parts.put("build", build(runtime));
        parts.put("cpu", CpuSignature.current().toString());
        for (String v : KERNEL_VARIABLES) {
            String value = modeEnv.containsKey(v) ? modeEnv.get(v) : System.getenv(v);
            parts.put("env." + v, value == null ? "" : value);
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(parts.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The runtime's jars (engine and natives), which name its build and version. */
    static String build(String runtime) {
        String[] resources = runtime.equals("torchscript")
                ? new String[] {"ai/djl/pytorch/engine/PtEngine.class", "native/lib/pytorch.properties"}
                : new String[] {"ai/onnxruntime/OrtEnvironment.class"};
        StringBuilder b = new StringBuilder();
        for (String r : resources) {
            URL url = VerdictCache.class.getClassLoader().getResource(r);
            String s = url == null ? "absent" : url.toString();
            int bang = s.indexOf('!');
            b.append(bang > 0 ? s.substring(s.lastIndexOf('/', bang) + 1, bang) : s).append(';');
        }
        return b.toString();
    }
}
