package sputnik.datasets.code;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputJudgeTest {
    final OutputJudge exact = OutputJudge.exact();

    @Test
    void trailingWhiteSpaceAndTheFinalNewlineDoNotMatter() {
        assertThat(exact.mismatch("1 2 3  \n4\n\n", "1 2 3\n4")).isNull();
        assertThat(exact.mismatch("  YES\r\nNO", "YES\nNO\n")).isNull();
    }

    @Test
    void tokensMayDifferInSpacingAndDecimalForm() {
        assertThat(exact.mismatch("1   2\t3", "1 2 3")).isNull();
        assertThat(exact.mismatch("1.50 2.0", "1.5 2")).isNull();
        assertThat(exact.mismatch("0.1", "0.10000")).isNull();
    }

    @Test
    void differentValuesOrLineCountsAreWrong() {
        assertThat(exact.mismatch("1 2 4", "1 2 3")).contains("line 1");
        assertThat(exact.mismatch("1\n2", "1")).contains("expected 1 line of output, got 2");
        assertThat(exact.mismatch("yes", "YES")).isNotNull();
        assertThat(exact.mismatch("", "0")).isNotNull();
    }

    @Test
    void withoutAStatedToleranceFloatsMustBeExact() {
        assertThat(exact.mismatch("0.3333333", "0.3333333333")).isNotNull();
        // Large integers are compared exactly (a float comparison would call these equal).
        assertThat(exact.mismatch("50000000000000001", "50000000000000000")).isNotNull();
    }

    @Test
    void aToleranceStatedInTheProblemIsApplied() {
        OutputJudge j = OutputJudge.forStatement(
                "Print the answer. Your answer is accepted if its absolute or relative error does not exceed $10^{-6}$.");
        assertThat(j.tolerance()).isEqualTo(1e-6);
        assertThat(j.mismatch("0.3333333", "0.3333333333")).isNull();
        assertThat(j.mismatch("1000000.5", "1000000.0")).isNull(); // relative
        assertThat(j.mismatch("0.34", "0.3333333333")).isNotNull();
        assertThat(OutputJudge.forStatement("relative error of at most 1e-9").tolerance()).isEqualTo(1e-9);
        assertThat(OutputJudge.forStatement("Print the number of ways modulo 998244353.").tolerance()).isZero();
    }
}
