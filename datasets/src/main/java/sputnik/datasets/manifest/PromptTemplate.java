package sputnik.datasets.manifest;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sputnik.harness.api.Prompt;

/**
 * A suite's prompt template, in Mustache (jmustache): {@code {{key}}} inserts a problem's
 * value verbatim (no HTML escaping: problems are LaTeX and code), {@code {{#key}}...{{/key}}} keeps its body
 * when the value is non-empty (once for text, once per item for a list, with {@code {{.}}} the item) and
 * {@code {{^key}}...{{/key}}} when it is empty or missing; a missing key inserts nothing. A list inserted
 * whole is its items one per line (MBPP's asserts). Partials are refused: a prompt is built from its
 * problem's data only, never from other files.
 *
 * @param kind "chat" sends one user message (no system prompt); "text" sends raw text to continue
 */
public record PromptTemplate(String kind, String template) {
    private static final Mustache.Compiler COMPILER = Mustache.compiler()
            .escapeHTML(false)
            // Off: standards mode stops {{key}} inside {{#key}} from finding the value (LiveCodeBench's starter code).
            .standardsMode(false)
            .emptyStringIsFalse(true)
            .defaultValue("")
            .withLoader(name -> {
                throw new MustacheException("partials ({{>" + name + "}}) are not allowed in prompt templates");
            });

    /** The keys a template reads, in order of first use; refuses a syntax error or a partial. */
    public Set<String> variables() {
        Set<String> out = new LinkedHashSet<>();
        compile().visit(new Mustache.Visitor() {
            @Override
            public void visitText(String text) {}

            @Override
            public void visitVariable(String name) {
                if (!name.equals(".")) out.add(name);
            }

            @Override
            public boolean visitInclude(String name) {
                throw new IllegalArgumentException("partials ({{>" + name + "}}) are not allowed in prompt templates: a prompt is built from"
                        + " its problem's data only; use {{key}}, {{#key}}...{{/key}} and {{^key}}...{{/key}}");
            }

            @Override
            public boolean visitSection(String name) {
                out.add(name);
                return true;
            }

            @Override
            public boolean visitInvertedSection(String name) {
                out.add(name);
                return true;
            }
        });
        return out;
    }

    public Prompt render(Map<String, Object> data) {
        return renderer().render(data);
    }

    /** The template compiled once, for rendering many problems. */
    public Renderer renderer() {
        if (!"chat".equals(kind) && !"text".equals(kind)) throw new IllegalArgumentException("prompt kind must be chat or text, got " + kind);
        return new Renderer(compile(), kind.equals("chat"));
    }

    private Template compile() {
        try {
            return COMPILER.compile(template);
        } catch (MustacheException e) {
            throw new IllegalArgumentException("the template does not compile: " + e.getMessage());
        }
    }

    public static final class Renderer {
        private final Template template;
        private final boolean chat;

        private Renderer(Template template, boolean chat) {
            this.template = template;
            this.chat = chat;
        }

        public Prompt render(Map<String, Object> data) {
            String text = template.execute(scope(data));
            return chat ? Prompt.user(text) : Prompt.text(text);
        }
    }

    /** Problem data with lists that print as their items one per line when inserted whole. */
    private static Map<String, Object> scope(Map<String, Object> data) {
        Map<String, Object> out = new LinkedHashMap<>(data);
        out.replaceAll((k, v) -> v instanceof List<?> list ? new Lines(list) : v);
        return out;
    }

    private static final class Lines extends AbstractList<Object> {
        private final List<?> items;

        Lines(List<?> items) {
            this.items = items;
        }

        @Override
        public Object get(int i) {
            return items.get(i);
        }

        @Override
        public int size() {
            return items.size();
        }

        @Override
        public String toString() {
            return String.join("\n", items.stream().map(String::valueOf).toList());
        }
    }
}
