package sputnik.datasets.code;

/**
 * The code found in a response, and the rule that found it: {@code fenced} (the last ```python
 * block), {@code fenced_untagged} (the last ``` block with no language, when none is tagged python),
 * {@code unclosed_fence} (a python block the response never closed, e.g. cut at max_tokens),
 * {@code whole_response} (no fence at all), or {@code none} (no final answer: the think block never
 * closed). {@code truncated}: there is no final answer, or the response was cut at max_tokens.
 */
public record ExtractedCode(String code, String rule, boolean truncated) {
    public boolean found() {
        return code != null;
    }
}
