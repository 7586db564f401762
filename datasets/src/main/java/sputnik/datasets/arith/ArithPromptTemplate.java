package sputnik.datasets.arith;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.UsageException;

/**
 * The ways an arith question can be put to a model: {@code chat} for instruction-tuned models (asks
 * for a boxed answer, which the integer grader prefers) and {@code plain} for base models continuing
 * a "Question: ... Answer:" text.
 */
enum ArithPromptTemplate {
    CHAT {
        @Override
        Prompt render(String question) {
            return Prompt.user(question + "\nPlease reason step by step, and put your final answer within \\boxed{}.");
        }
    },
    PLAIN {
        @Override
        Prompt render(String question) {
            return Prompt.text("Question: " + question + "\nAnswer:");
        }
    };

    static final ArithPromptTemplate DEFAULT = CHAT;

    abstract Prompt render(String question);

    /** The name used with {@code --prompt}. */
    String templateName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static List<String> names() {
        return Arrays.stream(values()).map(ArithPromptTemplate::templateName).toList();
    }

    /** The template called {@code name}; null means the default. */
    static ArithPromptTemplate byName(String name) throws UsageException {
        if (name == null) return DEFAULT;
        for (ArithPromptTemplate t : values()) {
            if (t.templateName().equals(name)) return t;
        }
        throw new UsageException("unknown prompt template '" + name + "' for suite " + ArithSuiteProvider.NAME
                + "; valid: " + String.join(", ", names()));
    }
}
