package sputnik.engines.builtin.chat.jinja;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each construct of the Jinja subset, whitespace control, undefined values and error messages. */
class JinjaTemplateTest {
    static String render(String template) {
        return render(template, Map.of());
    }

    static String render(String template, Map<String, ?> vars) {
        return JinjaTemplate.parse(template, "t").render(vars);
    }

    static Map<String, Object> vars(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < kv.length; k += 2) m.put((String) kv[k], kv[k + 1]);
        return m;
    }

    @Test
    void textAndOutput() {
        assertThat(render("Hello {{ name }}!", vars("name", "Ada"))).isEqualTo("Hello Ada!");
        assertThat(render("{{ 1 }} {{ 2.5 }} {{ none }} {{ True }} {{ false }} {{ 'a' }}")).isEqualTo("1 2.5 None True False a");
        assertThat(render("{{ [1, 'a', none] }} {{ {'k': 1} }} {{ (1, 2) }}")).isEqualTo("[1, 'a', None] {'k': 1} [1, 2]");
        assertThat(render("{{ 1.0 }} {{ 0.00001 }} {{ 1e20 }} {{ 10 / 4 }}")).isEqualTo("1.0 1e-05 1e+20 2.5");
        assertThat(render("a{# comment #}b")).isEqualTo("ab");
    }

    @Test
    void stringLiteralsAndEscapes() {
        assertThat(render("{{ 'a\\nb' }}|{{ \"q\\\"\" }}|{{ 'it\\'s' }}|{{ '\\u00e9\\t\\\\' }}")).isEqualTo("a\nb|q\"|it's|é\t\\");
        assertThat(render("{{ 'a' 'b' }}")).isEqualTo("ab");
    }

    @Test
    void operators() {
        assertThat(render("{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 2 ** 10 }}"))
                .isEqualTo("7 9 3 -4 1 2 1024");
        assertThat(render("{{ 'a' + 'b' }} {{ [1] + [2] }} {{ 'ab' * 2 }} {{ 1 ~ 'x' ~ none }} {{ -3 }} {{ 1 - 0.5 }}"))
                .isEqualTo("ab [1, 2] abab 1xNone -3 0.5");
        assertThat(render("{{ 1 < 2 }} {{ 2 <= 1 }} {{ 'a' == 'a' }} {{ 1 == 1.0 }} {{ 1 != 2 }} {{ 1 < 2 < 3 }} {{ 3 > 2 >= 2 }}"))
                .isEqualTo("True False True True True True True");
        assertThat(render("{{ 'b' in 'abc' }} {{ 2 in [1, 2] }} {{ 'k' in {'k': 1} }} {{ 3 not in [1] }}"))
                .isEqualTo("True True True True");
        assertThat(render("{{ 1 and 'x' }} {{ 0 or 'y' }} {{ not 0 }} {{ not (1 and 0) }}")).isEqualTo("x y True True");
        assertThat(render("{{ 'y' if 1 else 'n' }} {{ 'y' if 0 else 'n' }} [{{ 'y' if 0 }}]")).isEqualTo("y n []");
    }

    @Test
    void attributesSubscriptsAndSlices() {
        Map<String, Object> v = vars("m", Map.of("role", "user", "parts", List.of("a", "b", "c")), "s", "hello");
        assertThat(render("{{ m.role }} {{ m['role'] }} {{ m.parts[0] }} {{ m.parts[-1] }} {{ m.parts.1 }}", v))
                .isEqualTo("user user a c b");
        assertThat(render("{{ m.parts[::-1] }} {{ m.parts[1:] }} {{ m.parts[:2] }} {{ s[::-1] }} {{ s[1:3] }} {{ s[-3:] }}", v))
                .isEqualTo("['c', 'b', 'a'] ['b', 'c'] ['a', 'b'] olleh el llo");
        assertThat(render("{{ m.parts[::2] }} {{ m.parts[5:] }} {{ s[0] }}", v)).isEqualTo("['a', 'c'] [] h");
    }

    @Test
    void ifElifElse() {
        String t = "{% if x == 1 %}one{% elif x == 2 %}two{% else %}many{% endif %}";
        assertThat(render(t, vars("x", 1))).isEqualTo("one");
        assertThat(render(t, vars("x", 2))).isEqualTo("two");
        assertThat(render(t, vars("x", 3))).isEqualTo("many");
        assertThat(render("{% if '' or [] or {} or 0 or none or missing %}t{% else %}f{% endif %}")).isEqualTo("f");
        assertThat(render("{% if 'a' and [1] and {'k': 0} and 0.5 %}t{% endif %}")).isEqualTo("t");
    }

    @Test
    void forLoops() {
        Map<String, Object> v = vars("xs", List.of("a", "b", "c"));
        assertThat(render("{% for x in xs %}{{ loop.index }}{{ x }}{% if not loop.last %},{% endif %}{% endfor %}", v))
                .isEqualTo("1a,2b,3c");
        assertThat(render("{% for x in xs %}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.length }}"
                + "{{ loop.first }} {% endfor %}", v)).isEqualTo("0323True 1213False 2103False ");
        assertThat(render("{% for x in xs if x != 'b' %}{{ loop.index }}{{ x }}{{ loop.length }}{% endfor %}", v))
                .isEqualTo("1a22c2");
        assertThat(render("{% for x in [] %}x{% else %}empty{% endfor %}")).isEqualTo("empty");
        assertThat(render("{% for x in missing %}x{% else %}none{% endfor %}")).isEqualTo("none");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("a", 1);
        d.put("b", 2);
        assertThat(render("{% for k in d %}{{ k }}{% endfor %}|{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}"
                + "|{% for k, v in d | items %}{{ k }}{{ v }}{% endfor %}", vars("d", d))).isEqualTo("ab|a=1;b=2;|a1b2");
        assertThat(render("{% for a, b in [(1, 2), (3, 4)] %}{{ a + b }} {% endfor %}")).isEqualTo("3 7 ");
        assertThat(render("{% for x in [1, 2] %}{% for y in [3, 4] %}{{ loop.index }}{{ x }}{{ y }} {% endfor %}{{ loop.index }}|{% endfor %}"))
                .isEqualTo("113 214 1|123 224 2|");
    }

    @Test
    void setAndNamespace() {
        assertThat(render("{% set x = 'a' ~ 1 %}{{ x }}")).isEqualTo("a1");
        assertThat(render("{% set a, b = 1, 2 %}{{ a }}{{ b }}")).isEqualTo("12");
        assertThat(render("{% set x = 1 %}{% for i in [1, 2] %}{% set x = i %}{% endfor %}{{ x }}")).isEqualTo("1");
        assertThat(render("{% set ns = namespace(n=0, s='') %}{% for i in [1, 2, 3] %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}"))
                .isEqualTo("6");
        assertThat(render("{% if true %}{% set x = 5 %}{% endif %}{{ x }}")).isEqualTo("5");
        assertThat(render("{% set b %}in {{ 1 + 1 }}{% endset %}[{{ b }}]")).isEqualTo("[in 2]");
        assertThat(render("{% raw %}{{ not }}{% endraw %}")).isEqualTo("{{ not }}");
    }

    @Test
    void filters() {
        Map<String, Object> v = vars("xs", List.of(3, 1, 2), "s", "  Hi There  ", "d", Map.of("k", "v"));
        assertThat(render("{{ xs | length }} {{ xs | count }} {{ s | length }} {{ d | length }}", v)).isEqualTo("3 3 12 1");
        assertThat(render("[{{ s | trim }}] {{ s | trim | lower }} {{ s | upper | trim }} {{ 'hELLO wORLD' | capitalize }}", v))
                .isEqualTo("[Hi There] hi there HI THERE Hello world");
        assertThat(render("{{ xs | first }} {{ xs | last }} {{ xs | join(', ') }} {{ xs | join }} {{ xs | reverse | list }}", v))
                .isEqualTo("3 2 3, 1, 2 312 [2, 1, 3]");
        assertThat(render("{{ missing | default('dflt') }} {{ '' | default('e') }} {{ '' | default('e', true) }} {{ 1 | string }}"))
                .isEqualTo("dflt  e 1");
        assertThat(render("{{ '42' | int + 1 }} {{ 'x' | int }} {{ 3.9 | int }} {{ 'abc' | replace('b', 'X') }} {{ 'a<b' | safe }}"))
                .isEqualTo("43 0 3 aXc a<b");
        assertThat(render("{{ 'abc' | list }} {{ d | items | list }}", v)).isEqualTo("['a', 'b', 'c'] [['k', 'v']]");
    }

    @Test
    void tojsonLikeTransformers() {
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("name", "get_weather");
        tool.put("args", List.of(1, 2.5, true, "é\"\n"));
        tool.put("none", null);
        tool.put("empty", Map.of());
        assertThat(render("{{ t | tojson }}", vars("t", tool)))
                .isEqualTo("{\"name\": \"get_weather\", \"args\": [1, 2.5, true, \"é\\\"\\n\"], \"none\": null, \"empty\": {}}");
        assertThat(render("{{ {'a': [1, 2]} | tojson(indent=2) }}")).isEqualTo("{\n  \"a\": [\n    1,\n    2\n  ]\n}");
        assertThat(render("{{ '<tag>' | tojson }}")).isEqualTo("\"<tag>\"");
    }

    @Test
    void tests() {
        Map<String, Object> v = vars("s", "x", "n", 1, "f", 1.5, "l", List.of(), "d", Map.of(), "b", true, "z", null);
        assertThat(render("{{ s is defined }}{{ q is defined }}{{ q is undefined }}{{ z is none }}{{ s is not none }}", v))
                .isEqualTo("TrueFalseTrueTrueTrue");
        assertThat(render("{{ s is string }}{{ n is string }}{{ n is number }}{{ f is number }}{{ d is mapping }}{{ l is mapping }}", v))
                .isEqualTo("TrueFalseTrueTrueTrueFalse");
        assertThat(render("{{ l is iterable }}{{ s is iterable }}{{ n is iterable }}{{ l is sequence }}", v))
                .isEqualTo("TrueTrueFalseTrue");
        assertThat(render("{{ b is true }}{{ b is false }}{{ 1 is true }}{{ b is boolean }}{{ n is boolean }}", v))
                .isEqualTo("TrueFalseFalseTrueFalse");
        assertThat(render("{{ not q is defined }}{{ n is eq(1) }}", v)).isEqualTo("TrueTrue");
    }

    @Test
    void stringDictAndListMethods() {
        Map<String, Object> v = vars("s", "<think>r</think>\n\nAnswer", "d", Map.of("a", 1));
        assertThat(render("{{ s.startswith('<think>') }} {{ s.endswith('er') }} {{ s.split('</think>')[-1].lstrip('\\n') }}", v))
                .isEqualTo("True True Answer");
        assertThat(render("{{ s.split('</think>')[0].rstrip('\\n').split('<think>')[-1] }}", v)).isEqualTo("r");
        assertThat(render("{{ ' a  b '.split() }} {{ 'a,b,,c'.split(',') }} {{ 'xxhixx'.strip('x') }} {{ ' y '.strip() }}"))
                .isEqualTo("['a', 'b'] ['a', 'b', '', 'c'] hi y");
        assertThat(render("{{ 'aXbX'.replace('X', '-') }} {{ 'ab'.upper() }} {{ 'AB'.lower() }} {{ 'hello world'.title() }}"))
                .isEqualTo("a-b- AB ab Hello World");
        assertThat(render("{{ 'abcb'.find('b') }} {{ 'abcb'.find('z') }} {{ 'abcb'.count('b') }} {{ '-'.join(['a', 'b']) }}"))
                .isEqualTo("1 -1 2 a-b");
        assertThat(render("{{ d.get('a') }} {{ d.get('z') }} {{ d.get('z', 7) }} {{ d.keys() }} {{ d.values() }} {{ d.items() }}", v))
                .isEqualTo("1 None 7 ['a'] [1] [['a', 1]]");
        assertThat(render("{% set l = [1] %}{% set _ = l.append(2) %}{{ l }}")).isEqualTo("[1, 2]");
    }

    @Test
    void globals() {
        assertThat(render("{% for i in range(3) %}{{ i }}{% endfor %} {{ range(1, 7, 2) }}")).isEqualTo("012 [1, 3, 5]");
        assertThat(render("{{ strftime_now('%Y') | length }}")).isEqualTo("4");
        assertThatThrownBy(() -> render("x{{ raise_exception('Only user and assistant roles!') }}"))
                .isInstanceOf(JinjaException.class)
                .hasMessage("chat template t raised: Only user and assistant roles!");
    }

    @Test
    void trimBlocksAndLstripBlocks() {
        assertThat(render("{% if true %}\nyes\n{% endif %}\nafter")).isEqualTo("yes\nafter");
        assertThat(render("    {% if true %}\n    yes\n    {% endif %}\ndone")).isEqualTo("    yes\ndone");
        assertThat(render("a {% if true %}b{% endif %} c")).isEqualTo("a b c");
        assertThat(render("{{ 1 }}\n{{ 2 }}")).isEqualTo("1\n2");
        assertThat(render("  {# note #}\nx")).isEqualTo("x");
        assertThat(render("{%+ if true %}x{% endif +%}\ny")).isEqualTo("x\ny");
        assertThat(render("  {%+ if true %}x{% endif %}")).isEqualTo("  x");
    }

    @Test
    void minusStripsAllWhitespace() {
        assertThat(render("a  \n  {{- 'b' -}}  \n  c")).isEqualTo("abc");
        assertThat(render("a\n\n{%- if true -%}\n\n b \n{%- endif %}")).isEqualTo("ab");
        assertThat(render("x {#- c -#} y")).isEqualTo("xy");
        assertThat(render("{%- for i in [1, 2] -%}\n  {{ i }}\n{%- endfor -%}\n")).isEqualTo("12");
    }

    @Test
    void singleTrailingNewlineIsDropped() {
        assertThat(render("hi\n")).isEqualTo("hi");
        assertThat(render("hi\n\n")).isEqualTo("hi\n");
        assertThat(render("{{ 'x' }}\n")).isEqualTo("x");
    }

    @Test
    void undefinedValues() {
        Map<String, Object> v = vars("m", Map.of("role", "user"));
        assertThat(render("[{{ missing }}][{{ m.nothing }}][{{ m.nothing.deeper }}][{{ m['x'][0] }}]", v)).isEqualTo("[][][][]");
        assertThat(render("{{ m.tool_calls is defined }} {{ m.a.b is defined }} {{ missing == 1 }} {{ missing != 1 }}", v))
                .isEqualTo("False False False True");
        assertThat(render("{{ missing < 1 }} {{ missing | length }} {{ 'x' ~ missing ~ 'y' }}", v)).isEqualTo("False 0 xy");
        assertThatThrownBy(() -> render("{{ 'a' }}\n{{ 'x' + m.content }}", v))
                .isInstanceOf(JinjaException.class)
                .hasMessage("chat template t, line 2: undefined value 'm.content' used in '+'");
        assertThatThrownBy(() -> render("{{ missing.startswith('a') }}"))
                .hasMessageContaining("line 1").hasMessageContaining("undefined value 'missing'");
    }

    @Test
    void variablesOfEveryKind() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("i", 3);
        v.put("l", 4L);
        v.put("d", 0.25);
        v.put("z", null);
        v.put("b", false);
        assertThat(render("{{ i + l }} {{ d * 2 }} {{ z }} {{ b }} {{ i / 2 }}", v)).isEqualTo("7 0.5 None False 1.5");
        assertThat(render("{{ x }}", null)).isEmpty();
    }

    @Test
    void unsupportedStatementsNameConstructAndLine() {
        for (String stmt : List.of("macro m()", "call m()", "filter upper", "include 'x'", "extends 'x'", "block b", "with")) {
            String word = stmt.split(" ")[0];
            assertThatThrownBy(() -> JinjaTemplate.parse("line1\nline2\n{% " + stmt + " %}", "tpl"))
                    .isInstanceOf(JinjaException.class)
                    .hasMessage("chat template tpl, line 3: unsupported statement '" + word + "'");
        }
    }

    @Test
    void malformedTemplatesNameTheProblem() {
        assertThatThrownBy(() -> JinjaTemplate.parse("{{ x | xyz }}", "t")).hasMessage("chat template t, line 1: unknown filter 'xyz'");
        assertThatThrownBy(() -> JinjaTemplate.parse("\n{{ x is odd2 }}", "t")).hasMessage("chat template t, line 2: unknown test 'odd2'");
        assertThatThrownBy(() -> JinjaTemplate.parse("a\n{% for x in y %}\nb", "t"))
                .hasMessage("chat template t, line 3: unclosed block 'for' opened at line 2");
        assertThatThrownBy(() -> JinjaTemplate.parse("{% if x %}{% endfor %}", "t")).hasMessage("chat template t, line 1: unexpected 'endfor'");
        assertThatThrownBy(() -> JinjaTemplate.parse("{% endif %}", "t")).hasMessage("chat template t, line 1: unexpected 'endif'");
        assertThatThrownBy(() -> JinjaTemplate.parse("{{ 1 + }}", "t")).hasMessage("chat template t, line 1: unexpected token end of tag '}}'");
        assertThatThrownBy(() -> JinjaTemplate.parse("\n\n{{ (1 }}", "t")).hasMessageContaining("line 3").hasMessageContaining("unclosed tag '{{'");
        assertThatThrownBy(() -> JinjaTemplate.parse("{{ 'abc }}", "t")).hasMessageContaining("unterminated string literal");
        assertThatThrownBy(() -> JinjaTemplate.parse("{{ a $ b }}", "t")).hasMessageContaining("unexpected character '$'");
        assertThatThrownBy(() -> JinjaTemplate.parse("{% raw %}x", "t")).hasMessageContaining("unclosed block 'raw' opened at line 1");
    }

    @Test
    void runtimeErrorsNameTheLine() {
        assertThatThrownBy(() -> render("\n\n{{ 1 + 'a' }}")).hasMessage("chat template t, line 3: unsupported operand types for +: 'int' and 'str'");
        assertThatThrownBy(() -> render("{% for x in 5 %}{% endfor %}")).hasMessageContaining("line 1").hasMessageContaining("not iterable");
        assertThatThrownBy(() -> render("{{ nope(1) }}")).hasMessage("chat template t, line 1: unknown function 'nope'");
        assertThatThrownBy(() -> render("{% set x = 1 %}{% set x.a = 2 %}")).hasMessageContaining("not a namespace()");
        assertThatThrownBy(() -> render("{{ 1 // 0 }}")).hasMessageContaining("by zero");
    }

    @Test
    void listFiltersAsLlamaAndMistralTemplatesUseThem() {
        Map<String, Object> vars = Map.of("messages", List.of(Map.of("role", "system", "content", "S"), Map.of("role", "user", "content", "U1"),
                Map.of("role", "assistant", "content", "A", "tool_calls", List.of(Map.of("function", Map.of("name", "f")))),
                Map.of("role", "user", "content", "U2")));
        assertThat(render("{{ messages | selectattr('role', 'equalto', 'user') | map(attribute='content') | join(',') }}", vars)).isEqualTo("U1,U2");
        assertThat(render("{{ messages | rejectattr('role', 'equalto', 'user') | list | length }}", vars)).isEqualTo("2");
        assertThat(render("{{ messages | selectattr('tool_calls') | map(attribute='tool_calls.0.function.name') | first }}", vars)).isEqualTo("f");
        assertThat(render("{{ messages | map(attribute='missing', default='-') | join }}", vars)).isEqualTo("----");
        assertThat(render("{{ ['a', 'B', 'c'] | map('upper') | join }}")).isEqualTo("ABC");
        assertThat(render("{{ [1, 0, 2, none] | select | list }}")).isEqualTo("[1, 2]");
        assertThat(render("{{ [1, 2, 3, 4] | reject('odd') | list }}")).isEqualTo("[2, 4]");
        assertThat(render("{{ [3, 1, 2] | sort | list }} {{ [3, 1, 2] | sort(reverse=true) | list }}")).isEqualTo("[1, 2, 3] [3, 2, 1]");
        assertThat(render("{{ messages | sort(attribute='role') | map(attribute='content') | join }}", vars)).isEqualTo("ASU1U2");
        assertThat(render("{{ [1, 2, 1, 3, 2] | unique | list }}")).isEqualTo("[1, 2, 3]");
        assertThatThrownBy(() -> render("{{ [1] | select('nosuchtest') | list }}")).hasMessageContaining("unknown test 'nosuchtest'");
        assertThatThrownBy(() -> render("{{ [1] | map('nosuchfilter') | list }}")).hasMessageContaining("unknown filter 'nosuchfilter'");
    }
}
