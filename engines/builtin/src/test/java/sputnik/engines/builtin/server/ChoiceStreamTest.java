package sputnik.engines.builtin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import sputnik.engines.builtin.engine.Generator;

class ChoiceStreamTest {
    @Test
    void textHeldBackForAStopStringIsNeverTakenBack() {
        List<String> stops = List.of("STOP", "\n\n");
        String[] alphabet = {"a", "S", "T", "O", "P", "\n", "ST", "OP", "xS", "é", "\uD83D\uDE00"};
        SplittableRandom random = new SplittableRandom(1);
        for (int trial = 0; trial < 2000; trial++) {
            ChoiceStream s = new ChoiceStream(stops, null, 0);
            StringBuilder raw = new StringBuilder(), sent = new StringBuilder();
            String finalText = null;
            for (int i = 0; i < 12 && finalText == null; i++) {
                int before = raw.length();
                raw.append(alphabet[random.nextInt(alphabet.length)]);
                sent.append(s.token(i, raw.substring(before), null).content());
                StringBuilder cut = new StringBuilder(raw);
                // the decoder's rule: cut at the first stop string that starts at or after before - (longest - 1)
                if (cutAtStop(cut, Math.max(0, before - 3), stops)) finalText = cut.toString();
            }
            if (finalText == null) finalText = raw.toString();
            assertThat(finalText).as("trial %d", trial).startsWith(sent.toString());
            sent.append(s.finish(finalText).content());
            assertThat(sent.toString()).isEqualTo(finalText);
            for (int k = 0; k < sent.length(); k++) {
                assertThat(Character.isLowSurrogate(sent.charAt(k)) && (k == 0 || !Character.isHighSurrogate(sent.charAt(k - 1)))).isFalse();
            }
        }
    }

    private static boolean cutAtStop(StringBuilder text, int from, List<String> stops) {
        int cut = -1;
        for (String s : stops) {
            int i = text.indexOf(s, from);
            if (i >= 0 && (cut < 0 || i < cut)) cut = i;
        }
        if (cut < 0) return false;
        text.setLength(cut);
        return true;
    }

    @Test
    void withoutStopStringsEveryPieceGoesOutAtOnce() {
        ChoiceStream s = new ChoiceStream(List.of(), null, 0);
        assertThat(s.token(1, "Hello", null).content()).isEqualTo("Hello");
        assertThat(s.token(2, " world", null).content()).isEqualTo(" world");
        assertThat(s.finish("Hello world").isEmpty()).isTrue();
    }

    @Test
    void logprobsGoWithTheNextDeltaWithTheirTextOffsets() {
        ChoiceStream s = new ChoiceStream(List.of("XYZ"), null, 0);
        Generator.TokenLogprobs lp = new Generator.TokenLogprobs(-0.5f, new int[0], new float[0]);
        ChoiceStream.Delta d1 = s.token(7, "ab", lp);
        ChoiceStream.Delta d2 = s.token(8, "cd", lp);
        assertThat(d1.tokens()).extracting(ChoiceStream.TokenEntry::textOffset).containsExactly(0);
        assertThat(d2.tokens()).extracting(ChoiceStream.TokenEntry::textOffset).containsExactly(2);
        assertThat(s.tokens()).hasSize(2);
    }

    @Test
    void reasoningIsSplitOffTheReleasedText() {
        ChoiceStream s = new ChoiceStream(List.of(), new ReasoningSplitter(true), 0);
        s.token(1, "Two and two", null);
        s.token(2, "</think>", null);
        s.token(3, "Four", null);
        s.finish("Two and two</think>Four");
        assertThat(s.reasoning()).isEqualTo("Two and two");
        assertThat(s.content()).isEqualTo("Four");
    }
}
