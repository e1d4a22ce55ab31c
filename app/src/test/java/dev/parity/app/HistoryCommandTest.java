package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.TestFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** parity history on a store holding two specs' runs, recorded by eval itself and by import. */
class HistoryCommandTest {
    @TempDir
    Path dir;

    Path spec(String name) throws IOException {
        return TestFiles.subsetSpec(dir, name, "", "  - {name: onnx-fp16, runtime: onnxruntime, from: onnx-fp32, "
                + "convert: {precision: fp16}}\n");
    }

    @Test
    void runsOfOneSpecAsATableAChartAndAPage() throws IOException {
        TestFiles.demoSubset(dir, 300);
        Path db = dir.resolve("history.sqlite");
        CliRunner cli = new CliRunner();
        for (String run : new String[] {"n1", "n2"}) {
            assertEquals(0, cli.run("eval", spec("nightly").toString(), "--out", dir.resolve(run).toString(),
                    "--history", db.toString(), "--cache", dir.resolve("cache").toString()) & ~1, cli.stderr);
            assertTrue(cli.stderr.contains("recorded as run #"), cli.stderr);
        }
        assertEquals(0, cli.run("eval", spec("other").toString(), "--out", dir.resolve("o1").toString(), "--no-history",
                "--cache", dir.resolve("cache").toString()) & ~1, cli.stderr);
        assertEquals(0, cli.run("history", "import", dir.resolve("o1").toString(), "--history", db.toString()),
                cli.stderr);
        assertEquals(2, cli.run("history", "--history", db.toString()));
        assertTrue(cli.stderr.contains("holds runs of 2 specs [nightly, other]; give --spec NAME"), cli.stderr);

        Path png = dir.resolve("trend.png"), html = dir.resolve("trend.html");
        assertEquals(0, cli.run("history", "--history", db.toString(), "--spec", "nightly", "--chart", png.toString(),
                "--html", html.toString()), cli.stderr);
        String[] lines = cli.stdout.split("\n");
        assertTrue(lines[0].startsWith("date (UTC)"), cli.stdout);
        assertTrue(lines[1].matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} +#1 +nightly .*"), lines[1]);
        assertTrue(lines[2].contains("#2"), cli.stdout);
        assertTrue(!cli.stdout.contains("other"), "one spec only");
        // the chart Parity wrote is replaced on the next call; a file of the user's never is (before: overwritten)
        assertEquals(0, cli.run("history", "--history", db.toString(), "--spec", "nightly", "--chart", png.toString()),
                cli.stderr);
        Path notes = Files.writeString(dir.resolve("notes.txt"), "my notes\n");
        assertEquals(2, cli.run("history", "--history", db.toString(), "--spec", "nightly", "--chart",
                notes.toString()));
        assertTrue(cli.stderr.contains("notes.txt: the file exists and Parity did not write it"), cli.stderr);
        assertEquals("my notes\n", Files.readString(notes));
        Files.writeString(html, "edited by hand");
        assertEquals(2, cli.run("history", "--history", db.toString(), "--spec", "nightly", "--html", html.toString()));
        assertTrue(cli.stderr.contains("as it is now (it was changed since)"), cli.stderr);
        assertEquals("edited by hand", Files.readString(html));
        assertEquals(0, cli.run("history", "--history", db.toString(), "--spec", "nightly", "--chart", png.toString(),
                "--html", html.toString() + "2"), cli.stderr);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(5 * 300, img.getHeight(), "five panels");
        assertTrue(Files.readString(Path.of(html + "2")).contains("data:image/png;base64,"));

        assertEquals(0, cli.run("eval", spec("nightly").toString(), "--out", dir.resolve("n3").toString(),
                "--history", db.toString(), "--baseline", "last-passing", "--cache", dir.resolve("cache").toString())
                & ~1, cli.stderr);
        assertTrue(cli.stdout.contains("run #2 of "), "the baseline is named by id and date: " + cli.stdout);
    }
}
