package sputnik.datasets.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionParserTest {

    private static String parse(String math) throws ParseException {
        return NodePrinter.print(ExpressionParser.parse(math, new Budget(MathLimits.DEFAULT)));
    }

    @ParameterizedTest(name = "{0} parses as {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            2x^2                 | 2*(x^2)
            -x^2                 | -(x^2)
            2\\sqrt{3}           | 2*sqrt(3)
            3\\pi                | 3*pi
            (a+5)(b+2)           | (a+5)*(b+2)
            1/2x                 | (1/2)*x
            \\frac12             | 1/2
            \\frac 59            | 5/9
            \\frac9{19}          | 9/19
            \\frac{270}7         | 270/7
            \\sqrt2              | sqrt(2)
            \\sqrt[3]{x}         | root(3,x)
            1\\frac{4}{5}        | 1+(4/5)
            -1\\frac{1}{2}       | -(1+(1/2))
            2\\frac{\\sqrt3}{2}  | 2*(sqrt(3)/2)
            x^10                 | x^10
            x^{-1}               | x^(-1)
            2^3^2                | 2^(3^2)
            \\sin^2 x            | sin(x)^2
            \\sin^{-1} x         | arcsin(x)
            \\sin 2x             | sin(2*x)
            \\sin x \\cos x      | sin(x)*cos(x)
            \\log_2 8            | logb(2,8)
            \\ln x               | ln(x)
            sqrt(2)              | sqrt(2)
            e^{i\\pi}            | e^(i*pi)
            a_1 + a_{12}         | a_1+a_12
            \\theta              | \\theta
            5!                   | fact(5)
            "|x-1|"              | abs(x-1)
            90^\\circ            | deg(90)
            1 \\pm \\sqrt2       | 1+-sqrt(2)
            0.1\\overline{6}     | 1/6
            4210_{5}             | 4210_5
            x = 5                | x=5
            -1 < x \\le 3        | -1<x<=3
            x \\in [-2,7]        | [-2,7]
            (1,2)                | (1,2)
            [1,2)                | [1,2)
            (3,4]                | (3,4]
            [1,2]                | [1,2]
            (1)                  | 1
            \\{1,2\\}            | {1,2}
            "1, -2"              | "1,-2"
            (0,9) \\cup (9,36)   | (0,9) U (9,36)
            (-\\infty, 0]        | (-inf,0]
            """)
    void parses(String math, String printed) throws ParseException {
        assertThat(parse(math)).isEqualTo(printed);
    }

    @Test
    void parsesMatrices() throws ParseException {
        assertThat(parse("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}")).isEqualTo("[[1,2],[3,4]]");
        assertThat(parse("\\begin{bmatrix} -1/3 \\\\ 2/3 \\\\ \\end{bmatrix}")).isEqualTo("[[(-1)/3],[2/3]]");
        assertThat(parse("\\begin{array}{cc} 1 & 2 \\end{array}")).isEqualTo("[[1,2]]");
    }

    @ParameterizedTest(name = "{0} does not parse: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            \\frac{1}{            | answer ends too early
            (1,2                  | unclosed '('
            1 2                   | two numbers in a row
            \\foo{3}              | unsupported command \\foo
            [1)                   | half-open brackets around one value
            (1,2,3]               | an interval needs two ends
            ()                    | empty brackets
            12_{1}                | base 1 out of range
            19_{8}                | digit 9 in base 8
            \\begin{pmatrix} 1 & 2 \\\\ 3 \\end{pmatrix} | ragged matrix
            3 + ?                 | unexpected character '?'
            """)
    void rejects(String math, String message) {
        assertThatThrownBy(() -> parse(math))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining(message);
    }

    @Test
    void emptyInputIsAnError() {
        assertThatThrownBy(() -> parse("  ")).isInstanceOf(ParseException.class).hasMessage("empty answer");
    }
}
