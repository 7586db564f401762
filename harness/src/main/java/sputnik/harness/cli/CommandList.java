package sputnik.harness.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The command list of {@code sputnik --help}: each command with the first sentence of its description.
 * Picocli shows a description's first line, and descriptions are written as several lines, so the list
 * cut sentences in the middle ("...at each point of a sweep over").
 */
final class CommandList implements CommandLine.IHelpSectionRenderer {
    @Override
    public String render(Help help) {
        Map<String, Help> subs = help.subcommands();
        if (subs.isEmpty()) return "";
        int width = help.commandSpec().usageMessage().width();
        int nameWidth = 2;
        for (Map.Entry<String, Help> e : subs.entrySet()) nameWidth = Math.max(nameWidth, names(e.getValue()).length() + 4);
        nameWidth = Math.min(nameWidth, 24);
        TextTable table = TextTable.forColumns(help.colorScheme(), new Column(nameWidth, 2, Column.Overflow.SPAN),
                new Column(width - nameWidth, 1, Column.Overflow.WRAP));
        for (Help sub : subs.values()) {
            if (sub.commandSpec().usageMessage().hidden()) continue;
            table.addRowValues(names(sub), summary(sub.commandSpec().usageMessage()));
        }
        return table.toString();
    }

    private static String names(Help sub) {
        return String.join(", ", sub.commandSpec().names());
    }

    /** The header if the command has one, else the first sentence of its description. */
    static String summary(UsageMessageSpec usage) {
        String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
        String text = String.join(" ", lines).replace("%n", " ").replace("%%", "%").replaceAll("\\s+", " ").strip();
        return firstSentence(text);
    }

    static String firstSentence(String text) {
        for (int i = 0; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if ((c == '.' || c == '!' || c == '?') && text.charAt(i + 1) == ' ' && !abbreviation(text, i)) {
                return text.substring(0, i + 1);
            }
        }
        return text;
    }

    /** "e.g. x" and "i.e. y" do not end a sentence. */
    private static boolean abbreviation(String text, int dot) {
        String before = text.substring(0, dot + 1);
        return before.endsWith("e.g.") || before.endsWith("i.e.") || before.endsWith("etc.") || before.endsWith("vs.");
    }
}
