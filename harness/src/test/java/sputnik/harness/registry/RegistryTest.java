package sputnik.harness.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.UsageException;

class RegistryTest {

    private static Registry<String> registry(String kind, String... names) {
        return new Registry<>(kind, Arrays.stream(names).map(n -> new Named<>(n, "the " + n, "value of " + n)).toList());
    }

    private static String failureFor(Registry<String> registry, String name) {
        try {
            registry.get(name);
        } catch (UsageException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a UsageException for '" + name + "'");
    }

    @Test
    void exactNameFindsItsValue() throws UsageException {
        Registry<String> engines = registry("engine", "replay", "openai", "llama");

        assertThat(engines.get("openai")).isEqualTo("value of openai");
        assertThat(engines.find("llama")).contains("value of llama");
    }

    @Test
    void lookupIsCaseSensitive() {
        Registry<String> engines = registry("engine", "replay");

        assertThat(engines.find("Replay")).isEmpty();
        assertThat(failureFor(engines, "Replay")).contains("did you mean 'replay'?");
    }

    @Test
    void namesAreListedSorted() {
        Registry<String> suites = registry("suite", "math500", "aime2024", "arith");

        assertThat(suites.names()).containsExactly("aime2024", "arith", "math500");
        assertThat(suites.entries()).extracting(Named::name).containsExactly("aime2024", "arith", "math500");
    }

    @Test
    void unknownNameIsAUsageExceptionListingTheValidNames() {
        Registry<String> engines = registry("engine", "replay", "openai", "llama");

        assertThatThrownBy(() -> engines.get("zzzzzzzz"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown engine 'zzzzzzzz'; valid: llama, openai, replay");
    }

    @Test
    void transposedLettersSuggestTheIntendedName() {
        Registry<String> engines = registry("engine", "replay", "openai", "llama");

        assertThat(failureFor(engines, "repaly"))
                .isEqualTo("unknown engine 'repaly'; did you mean 'replay'?; valid: llama, openai, replay");
    }

    @Test
    void missingCharacterSuggestsTheIntendedName() {
        Registry<String> suites = registry("suite", "aime2024", "arith", "gsm8k", "math500");

        assertThat(failureFor(suites, "aime204")).contains("did you mean 'aime2024'?");
    }

    @Test
    void uniquePrefixSuggestsTheOnlyNameStartingWithIt() {
        Registry<String> suites = registry("suite", "aime2024", "arith", "gsm8k", "math500");

        assertThat(failureFor(suites, "aime")).contains("did you mean 'aime2024'?");
    }

    @Test
    void uniquePrefixSuggestsItsNameEvenWhenAnotherNameIsCloserByEdits() {
        // "aim" is 4 edits from gsm8k and 5 from aime2024, yet only aime2024 starts with it.
        Registry<String> suites = registry("suite", "aime2024", "gsm8k", "math500");

        assertThat(failureFor(suites, "aim")).contains("did you mean 'aime2024'?");
    }

    @Test
    void ambiguousPrefixSuggestsNothing() {
        Registry<String> suites = registry("suite", "aime2024", "aime2025", "gsm8k");

        assertThat(failureFor(suites, "aime"))
                .doesNotContain("did you mean")
                .endsWith("valid: aime2024, aime2025, gsm8k");
    }

    @Test
    void farOffNameGetsNoSuggestion() {
        Registry<String> engines = registry("engine", "replay", "openai", "llama");

        assertThat(failureFor(engines, "vllm-server")).doesNotContain("did you mean").contains("valid: llama, openai, replay");
    }

    @Test
    void singleLetterIsNotTreatedAsAPrefix() {
        Registry<String> engines = registry("engine", "replay", "openai", "llama");

        assertThat(engines.suggest("o")).isEmpty();
    }

    @Test
    void duplicateNamesAreRejected() {
        List<Named<String>> twice = List.of(new Named<>("replay", "a", "1"), new Named<>("llama", "b", "2"),
                new Named<>("replay", "c", "3"));

        assertThatThrownBy(() -> new Registry<>("engine", twice))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two engines are named 'replay'");
    }

    @Test
    void emptyRegistrySaysNoneIsInstalled() {
        Registry<String> none = registry("suite");

        assertThatThrownBy(() -> none.get("arith"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown suite 'arith'; none is installed");
    }
}
