package sputnik.engines.builtin.chat.jinja;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face chat template (the Jinja2 subset that {@code tokenizer_config.json} templates use), parsed once and
 * rendered per conversation. Sputnik renders templates itself rather than hard-coding prompt formats, so a model's
 * own template decides its prompt; whitespace handling follows transformers' {@code apply_chat_template}
 * ({@code trim_blocks}, {@code lstrip_blocks}, no trailing newline). No third-party library: see {@link Lexer},
 * {@link Parser} and {@link Evaluator}.
 */
public final class JinjaTemplate {
    private final String name;
    private final List<Node> nodes;

    private JinjaTemplate(String name, List<Node> nodes) {
        this.name = name;
        this.nodes = nodes;
    }

    /** Parses; throws JinjaException naming the construct and line for anything unsupported or malformed. */
    public static JinjaTemplate parse(String source, String name) {
        return new JinjaTemplate(name, Parser.parse(source, name));
    }

    /** Renders with the variables (values: String, Boolean, Integer/Long/Double, List<?>, Map<String,?>, null). */
    public String render(Map<String, ?> variables) {
        Map<String, Object> vars = new HashMap<>();
        if (variables != null) {
            for (Map.Entry<String, ?> e : variables.entrySet()) {
                try {
                    vars.put(e.getKey(), Values.fromJava(e.getValue()));
                } catch (EvalException x) {
                    throw JinjaException.of(name, "variable '" + e.getKey() + "': " + x.getMessage());
                }
            }
        }
        Scope globals = new Scope(null, Globals.create(name));
        return new Evaluator(name).render(nodes, new Scope(globals, vars));
    }
}
