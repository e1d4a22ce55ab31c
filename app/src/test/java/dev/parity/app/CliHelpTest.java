package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option of every command says what it does in --help, and README's CLI list names every option --help has
 * (before: export-torch --help described 4 of its 18 options, init --inputs/--name/--out none, and the README list
 * lacked options that exist). export-torch's options are its Python helper's, read from the helper's argparse.
 */
class CliHelpTest {
    static final Path README = Path.of("../README.md");

    /** README's "The CLI" list: each item's text by command name ("history", "history import" shares it). */
    static Map<String, String> readmeItems() throws IOException {
        String text = Files.readString(README);
        int from = text.indexOf("## The CLI"), to = text.indexOf("\n## ", from + 5);
        Map<String, String> items = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^- `parity ([a-z-]+)").matcher(text.substring(from, to));
        List<int[]> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start()});
            names.add(m.group(1));
        }
        String section = text.substring(from, to);
        for (int i = 0; i < names.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : section.indexOf("\n\n", starts.get(i)[0]);
            items.merge(names.get(i), section.substring(starts.get(i)[0], end), String::concat);
        }
        return items;
    }

    /** Commands by name; an alias (localize) is the command it names, listed once. */
    private static void walk(CommandLine c, String path, Map<String, CommandLine> out) {
        if (out.containsValue(c)) return;
        out.put(path, c);
        c.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) walk(sub, path.isEmpty() ? name : path + " " + name, out);
        });
    }

    @Test
    void everyOptionIsDescribedAndListedInTheReadme() throws IOException {
        Map<String, CommandLine> commands = new LinkedHashMap<>();
        walk(new CommandLine(new ParityCli()), "", commands);
        Map<String, String> readme = readmeItems();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : commands.entrySet()) {
            if (e.getKey().isEmpty()) continue;
            String top = e.getKey().split(" ")[0];
            String item = readme.get(top);
            if (item == null) {
                problems.add("README's CLI list has no item for 'parity " + top + "'");
                continue;
            }
            for (OptionSpec o : e.getValue().getCommandSpec().options()) {
                if (o.usageHelp() || o.versionHelp()) continue;
                if (String.join("", o.description()).isBlank()) {
                    problems.add("parity " + e.getKey() + " " + o.longestName() + ": no --help description");
                }
                if (!item.contains(o.longestName())) {
                    problems.add("parity " + e.getKey() + " " + o.longestName() + ": not in README's CLI list");
                }
            }
        }
        String helper = Files.readString(Path.of("..", ExportTorchCommand.SCRIPT));
        String exportHelp = String.join(" ", commands.get("export-torch").getCommandSpec().usageMessage()
                .description());
        Matcher arg = Pattern.compile("add_argument\\(\"(--[a-z-]+)\"").matcher(helper);
        while (arg.find()) {
            if (!readme.get("export-torch").contains(arg.group(1))) {
                problems.add("parity export-torch " + arg.group(1) + ": not in README's CLI list");
            }
            if (!exportHelp.contains(arg.group(1))) {
                problems.add("parity export-torch " + arg.group(1) + ": not in export-torch --help");
            }
        }
        assertEquals(List.of(), problems);
    }
}
