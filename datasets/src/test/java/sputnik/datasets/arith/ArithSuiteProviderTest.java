package sputnik.datasets.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.Message;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Suite;
import sputnik.harness.api.SuiteContext;
import sputnik.harness.api.SuiteDefaults;
import sputnik.harness.api.SuiteInfo;
import sputnik.harness.api.SuiteProvider;
import sputnik.harness.api.UsageException;

class ArithSuiteProviderTest {

    private static final Pattern QUESTION =
            Pattern.compile("What is \\d{2,4}(?: [-+*] \\d{2,4}){2,3}\\?");

    private final ArithSuiteProvider provider = new ArithSuiteProvider();

    private static SuiteContext template(String name) {
        return new SuiteContext(null, null, true, name);
    }

    @Test
    void listsTheSuiteWithItsTemplates() {
        assertThat(provider.suites())
                .singleElement()
                .satisfies(info -> {
                    assertThat(info.name()).isEqualTo("arith");
                    assertThat(info.description()).isNotBlank().doesNotContain("\n");
                    assertThat(info.promptTemplates()).containsExactly("chat", "plain");
                });
    }

    @Test
    void isRegisteredForServiceLoader() {
        List<String> names = ServiceLoader.load(SuiteProvider.class).stream()
                .flatMap(p -> p.get().suites().stream())
                .map(SuiteInfo::name)
                .toList();
        assertThat(names).contains("arith");
    }

    @Test
    void loadsTwoHundredProblemsWithStableZeroPaddedIds() throws Exception {
        Suite suite = provider.load("arith", template(null));

        assertThat(suite.name()).isEqualTo("arith");
        assertThat(suite.version()).isEqualTo("1");
        assertThat(suite.grader()).isEqualTo("integer");
        assertThat(suite.problems()).hasSize(200);
        assertThat(suite.problems().get(0).id()).isEqualTo("arith-000");
        assertThat(suite.problems().get(7).id()).isEqualTo("arith-007");
        assertThat(suite.problems().get(199).id()).isEqualTo("arith-199");
        for (int i = 0; i < 200; i++) {
            assertThat(suite.problems().get(i).id()).isEqualTo("arith-%03d".formatted(i));
        }
    }

    @Test
    void theFirstProblemsAreTheOnesVersionOneShipped() throws Exception {
        // Golden values: if these move, results under "arith 1" would stop being comparable.
        List<Problem> problems = provider.load("arith", template(null)).problems();
        assertThat(problems.get(0).data()).containsEntry("question", "What is 8201 + 34 + 49?");
        assertThat(problems.get(0).answer()).isEqualTo("8284");
        assertThat(problems.get(3).data()).containsEntry("question", "What is 62 - 158 * 487 + 5619?");
        assertThat(problems.get(3).answer()).isEqualTo("-71265");
    }

    @Test
    void protocolDefaultsAreTheSuites() throws Exception {
        assertThat(provider.load("arith", template(null)).defaults())
                .isEqualTo(new SuiteDefaults(0.6, 0.95, 0, 1024, 4));
    }

    @Test
    void everyAnswerMatchesAnIndependentEvaluationOfItsQuestion() throws Exception {
        Suite suite = provider.load("arith", template(null));
        Set<String> questions = new HashSet<>();
        boolean sawNegative = false;
        for (Problem problem : suite.problems()) {
            String question = (String) problem.data().get("question");
            assertThat(problem.data()).containsOnlyKeys("question");
            assertThat(question).matches(QUESTION);
            assertThat(new BigInteger(problem.answer()))
                    .as("answer to %s (%s)", problem.id(), question)
                    .isEqualTo(NaiveArithmetic.answerTo(question));
            assertThat(problem.answer()).matches("-?\\d+");
            questions.add(question);
            sawNegative |= problem.answer().startsWith("-");
        }
        assertThat(questions).as("questions are distinct").hasSize(200);
        assertThat(sawNegative).as("some answers are negative").isTrue();
    }

    @Test
    void mixesAllOperatorsAndBothLengths() throws Exception {
        List<String> questions = provider.load("arith", template(null)).problems().stream()
                .map(p -> (String) p.data().get("question"))
                .toList();
        assertThat(questions).anyMatch(q -> q.contains(" + "));
        assertThat(questions).anyMatch(q -> q.contains(" - "));
        assertThat(questions).anyMatch(q -> q.contains(" * "));
        assertThat(questions).anyMatch(q -> q.split(" [-+*] ").length == 3);
        assertThat(questions).anyMatch(q -> q.split(" [-+*] ").length == 4);
    }

    @Test
    void naiveEvaluatorKnowsPrecedence() {
        assertThat(NaiveArithmetic.answerTo("What is 347 * 28 - 91?")).isEqualTo(BigInteger.valueOf(9625));
        assertThat(NaiveArithmetic.evaluate("10 - 2 * 3 + 4 * 5 * 2")).isEqualTo(BigInteger.valueOf(44));
        assertThat(NaiveArithmetic.evaluate("10 - 20 - 30")).isEqualTo(BigInteger.valueOf(-40));
    }

    @Test
    void theSameDataHashesTheSameOnEveryLoad() throws Exception {
        Suite first = provider.load("arith", template(null));
        Suite second = new ArithSuiteProvider().load("arith", template("plain"));

        assertThat(first.datasetSha256()).matches("[0-9a-f]{64}").isEqualTo(second.datasetSha256());
        assertThat(first.datasetSha256()).isEqualTo(ArithSuiteProvider.PINNED_SHA256);
        assertThat(first.problems()).extracting(Problem::answer)
                .containsExactlyElementsOf(second.problems().stream().map(Problem::answer).toList());
    }

    @Test
    void theHashIsOverTheCanonicalJsonl() {
        List<ArithItem> items = ArithProblemGenerator.generate();
        String jsonl = CanonicalJsonl.render(items);

        assertThat(jsonl).endsWith("}\n").doesNotContain("\r");
        assertThat(jsonl.lines()).hasSize(200);
        ArithItem first = items.getFirst();
        assertThat(jsonl.lines().findFirst().orElseThrow())
                .isEqualTo("{\"id\":\"arith-000\",\"question\":\"" + first.question() + "\",\"answer\":"
                        + first.answer() + "}");
        assertThat(CanonicalJsonl.sha256(jsonl)).isEqualTo(ArithSuiteProvider.PINNED_SHA256);
        assertThat(CanonicalJsonl.sha256("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void aChangedGeneratorIsCaughtByThePin() {
        assertThatThrownBy(() -> new ArithSuiteProvider("0".repeat(64)).load("arith", template(null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("generator changed")
                .hasMessageContaining("bump the suite version and the pinned hash");
    }

    @Test
    void chatIsTheDefaultTemplateAndAsksForABoxedAnswer() throws Exception {
        Suite suite = provider.load("arith", template(null));
        Problem problem = suite.problems().getFirst();
        String question = (String) problem.data().get("question");

        assertThat(suite.promptTemplate()).isEqualTo("chat");
        assertThat(problem.prompt()).isEqualTo(new Prompt.Chat(List.of(Message.user(
                question + "\nPlease reason step by step, and put your final answer within \\boxed{}."))));
        assertThat(provider.load("arith", template("chat")).problems()).isEqualTo(suite.problems());
    }

    @Test
    void plainTemplateIsAQuestionAnswerText() throws Exception {
        Suite suite = provider.load("arith", template("plain"));
        Problem problem = suite.problems().get(42);

        assertThat(suite.promptTemplate()).isEqualTo("plain");
        assertThat(problem.prompt())
                .isEqualTo(Prompt.text("Question: " + problem.data().get("question") + "\nAnswer:"));
    }

    @Test
    void aNullContextMeansTheDefaults() throws Exception {
        assertThat(provider.load("arith", null).promptTemplate()).isEqualTo("chat");
    }

    @Test
    void anUnknownTemplateNamesTheValidOnes() {
        assertThatThrownBy(() -> provider.load("arith", template("x")))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown prompt template 'x' for suite arith; valid: chat, plain");
    }

    @Test
    void anUnknownSuiteIsAUsageError() {
        assertThatThrownBy(() -> provider.load("gsm8k", template(null)))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("gsm8k")
                .hasMessageContaining("arith");
    }
}
