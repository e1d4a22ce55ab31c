package dev.parity.harness.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RunFolder is the one place that names a run folder's files: no other main source spells them. */
class RunFolderTest {
    @TempDir
    Path dir;

    @Test
    void pathsAndKinds() throws IOException {
        RunFolder f = new RunFolder(dir);
        assertEquals(dir.resolve("summary.json"), f.summary());
        assertEquals(dir.resolve("localise-onnx-int8.png"), f.localise("onnx-int8", ".png"));
        assertEquals(dir.resolve("repair-onnx-int8.json"), f.repair("onnx-int8"));
        assertFalse(f.hasSummary());
        Files.writeString(f.summary(), "{}");
        assertTrue(f.hasSummary());
        assertFalse(f.isShard());
        Files.writeString(f.shard(), "{}");
        assertTrue(f.isShard());
    }

    /** report.html is also the HTML template's name, and "scores" the score cache's folder: those two are left. */
    @Test
    void noOtherMainSourceNamesTheRunFiles() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("../benchmarks/src/main/java"),
                Path.of("../app/src/main/java"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                    if (p.getFileName().toString().equals("RunFolder.java")) continue;
                    String text = Files.readString(p);
                    for (String name : java.util.stream.Stream.concat(RunFolder.RUN_FILES.stream(),
                            java.util.stream.Stream.of(RunFolder.EVAL_LOOP)).toList()) {
                        if (name.equals(RunFolder.RAW_SCORES) || name.equals(RunFolder.REPORT_HTML)) continue;
                        if (text.contains("\"" + name + "\"")) found.add(p.getFileName() + ": \"" + name + "\"");
                    }
                    for (String prefix : List.of(RunFolder.LOCALISE_PREFIX, RunFolder.REPAIR_PREFIX)) {
                        if (text.contains("\"" + prefix + "\"")) found.add(p.getFileName() + ": \"" + prefix + "\"");
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
