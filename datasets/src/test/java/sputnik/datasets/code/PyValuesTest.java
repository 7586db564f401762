package sputnik.datasets.code;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import sputnik.harness.util.Json;

/** Python's == between a returned (tagged) value and a JSON expected value. */
class PyValuesTest {
    static JsonNode j(String json) throws Exception {
        return Json.MAPPER.readTree(json);
    }

    static boolean eq(String tagged, String expected) throws Exception {
        return PyValues.equal(j(tagged), j(expected));
    }

    @Test
    void numbersCompareByValueAcrossBoolIntAndFloat() throws Exception {
        assertThat(eq("[\"I\",\"0x3\"]", "3")).isTrue();
        assertThat(eq("[\"F\",\"0x1.8p+1\"]", "3")).isTrue(); // 3.0 == 3
        assertThat(eq("[\"F\",\"0x1.8p+1\"]", "3.0")).isTrue();
        assertThat(eq("[\"F\",\"0x1.8p+1\"]", "1.5")).isFalse();
        assertThat(eq("[\"F\",\"0x1.8p+0\"]", "1.5")).isTrue();
        assertThat(eq("[\"I\",\"0x3\"]", "3.5")).isFalse();
        assertThat(eq("[\"B\",true]", "1")).isTrue(); // True == 1
        assertThat(eq("[\"B\",true]", "true")).isTrue();
        assertThat(eq("[\"I\",\"0x0\"]", "false")).isTrue();
        assertThat(eq("[\"I\",\"-0x5\"]", "-5")).isTrue();
        assertThat(eq("[\"F\",\"nan\"]", "0")).isFalse();
    }

    @Test
    void floatsAreExactNoTolerance() throws Exception {
        // 0.1 + 0.2 is not 0.3 in Python either.
        assertThat(eq("[\"F\",\"0x1.3333333333334p-2\"]", "0.3")).isFalse();
        assertThat(eq("[\"F\",\"0x1.3333333333333p-2\"]", "0.3")).isTrue();
    }

    @Test
    void bigIntegersAreExact() throws Exception {
        assertThat(eq("[\"I\",\"0x" + new java.math.BigInteger("123456789012345678901234567890").toString(16) + "\"]",
                "123456789012345678901234567890")).isTrue();
        assertThat(eq("[\"I\",\"0x1\"]", "123456789012345678901234567890")).isFalse();
    }

    @Test
    void listsDictsStringsAndNone() throws Exception {
        assertThat(eq("[\"L\",[[\"I\",\"0x1\"],[\"S\",\"a\"]]]", "[1, \"a\"]")).isTrue();
        assertThat(eq("[\"L\",[[\"I\",\"0x1\"]]]", "[1, 2]")).isFalse();
        assertThat(eq("[\"T\",[[\"I\",\"0x1\"]]]", "[1]")).isFalse(); // a nested tuple is not a list
        assertThat(eq("[\"D\",[[[\"S\",\"k\"],[\"I\",\"0x1\"]]]]", "{\"k\": 1}")).isTrue();
        assertThat(eq("[\"D\",[[[\"I\",\"0x1\"],[\"I\",\"0x1\"]]]]", "{\"1\": 1}")).isFalse(); // 1 != "1"
        assertThat(eq("[\"S\",\"abc\"]", "\"abc\"")).isTrue();
        assertThat(eq("[\"N\"]", "null")).isTrue();
        assertThat(eq("[\"E\",[]]", "[]")).isFalse();
        assertThat(eq("[\"R\",12,\"Thing\"]", "[]")).isFalse();
    }

    @Test
    void jsonArgumentsBecomeTaggedPythonValues() throws Exception {
        assertThat(Json.line(PyValues.fromJson(j("[1, -2, 2.5, \"x\", true, null, {\"a\": [3]}]"))))
                .isEqualTo("[\"L\",[[\"I\",\"0x1\"],[\"I\",\"-0x2\"],[\"F\",\"0x1.4p1\"],[\"S\",\"x\"],[\"B\",true],[\"N\"],"
                        + "[\"D\",[[[\"S\",\"a\"],[\"L\",[[\"I\",\"0x3\"]]]]]]]]");
    }

    @Test
    void renderingIsPythonLike() throws Exception {
        assertThat(PyValues.show(j("[\"L\",[[\"I\",\"0x1\"],[\"T\",[[\"S\",\"a\"],[\"B\",false]]]]]"))).isEqualTo("[1, ('a', False)]");
    }
}
