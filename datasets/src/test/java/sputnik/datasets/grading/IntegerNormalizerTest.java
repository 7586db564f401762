package sputnik.datasets.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntegerNormalizerTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "25                  | 25",
        "` 25 `              | 25",
        "025                 | 25",
        "-7                  | -7",
        "+7                  | 7",
        "$-7$                | -7",
        "\\text{204}         | 204",
        "$\\text{204}$.      | 204",
        "**204**             | 204",
        "204.                | 204",
        "1,234               | 1234",
        "-1,234,567          | -1234567",
        "1{,}234             | 1234",
        "1\\,234             | 1234",
        "x = 25              | 25",
        "n=-3                | -3",
        "\\(42\\)            | 42",
        "\u221212            | -12",
        "5 apples            | 5",
        "204\\text{ cm}      | 204",
        "204^\\circ          | 204",
        "204 ways            | 204",
    })
    void integersWithDecoration(String raw, String expected) {
        assertThat(IntegerNormalizer.parse(raw)).contains(new BigInteger(expected));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"3/4", "2x+1", "3.5", "12,34", "1,2345", "1234,567", "", "abc", "\\frac{1}{2}", "2x", "0,204", "2,4", "204 or 205"})
    void notIntegers(String raw) {
        assertThat(IntegerNormalizer.parse(raw)).isEmpty();
    }
}
