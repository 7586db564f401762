package sputnik.datasets.code;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sputnik.datasets.grading.FinalAnswerText;
import sputnik.harness.api.Completion;

/**
 * Finds the program in a response, after the thinking ({@link FinalAnswerText}: a model drafts code
 * while it thinks, and a thinking block that never closes leaves no answer).
 * Then the last fenced block in Python, else the last fenced block with no language, else the whole
 * response (completion-style models answer with bare code).
 */
public final class CodeExtractor {
    private CodeExtractor() {}

    private static final Set<String> PYTHON = Set.of("python", "py", "python3", "py3");
    // An opening fence at the start of a line: 3+ backticks or tildes, an optional info string.
    private static final Pattern OPEN = Pattern.compile("(?m)^[ \\t]*(`{3,}|~{3,})[ \\t]*([^\\s`]*)[^\\n]*\\n");

    public static ExtractedCode extract(Completion completion) {
        FinalAnswerText answerText = FinalAnswerText.of(completion.text());
        if (answerText.unclosedThink()) return new ExtractedCode(null, "none", true);
        String answer = answerText.text();
        boolean cut = completion.truncated();

        String lastPython = null, lastUntagged = null, unclosedPython = null;
        Matcher m = OPEN.matcher(answer);
        int from = 0;
        while (from < answer.length() && m.find(from)) {
            String fence = m.group(1);
            String lang = m.group(2).toLowerCase(Locale.ROOT).replaceFirst("^\\{?\\.?", "").replaceFirst("}$", "");
            int bodyStart = m.end();
            Matcher end = Pattern.compile("(?m)^[ \\t]*" + Pattern.quote(fence) + "[" + fence.charAt(0) + "]*[ \\t]*$").matcher(answer);
            boolean closed = end.find(bodyStart);
            String body = closed ? answer.substring(bodyStart, end.start()) : answer.substring(bodyStart);
            if (PYTHON.contains(lang)) {
                if (closed) lastPython = body;
                else unclosedPython = body;
            } else if (lang.isEmpty() && closed) {
                lastUntagged = body;
            }
            if (!closed) break;
            from = end.end();
        }
        if (lastPython != null) return new ExtractedCode(lastPython, "fenced", cut);
        if (lastUntagged != null) return new ExtractedCode(lastUntagged, "fenced_untagged", cut);
        if (unclosedPython != null) return new ExtractedCode(unclosedPython, "unclosed_fence", true);
        return new ExtractedCode(answer, "whole_response", cut);
    }
}
