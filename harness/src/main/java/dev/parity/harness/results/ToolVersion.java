package dev.parity.harness.results;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Parity's version, filtered into parity-version.properties by Maven at build time. */
public final class ToolVersion {
    private ToolVersion() {
    }

    public static String get() {
        try (InputStream in = ToolVersion.class.getResourceAsStream("/parity-version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
