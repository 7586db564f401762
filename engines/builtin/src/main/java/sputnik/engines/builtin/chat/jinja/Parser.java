package sputnik.engines.builtin.chat.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sputnik.engines.builtin.chat.jinja.Token.Kind;

/**
 * Recursive-descent parser from {@link Lexer} tokens to {@link Node} and {@link Expr} trees, with Jinja2's operator
 * precedence (conditional, or, and, not, comparisons, {@code + -}, {@code ~}, {@code * / // %}, {@code **}, unary,
 * then postfix, filters and tests). It rejects at parse time whatever the evaluator could not render (unknown
 * statements, filters and tests, unbalanced blocks), so an unsupported template fails when a model is loaded rather
 * than in the middle of a conversation.
 */
final class Parser {
    private static final Set<String> END_TAGS = Set.of("elif", "else", "endif", "endfor", "endset", "endraw");
    private static final Set<String> COMPARE_OPS = Set.of("==", "!=", "<", "<=", ">", ">=");

    private final List<Token> tokens;
    private final String name;
    private int i;

    private Parser(List<Token> tokens, String name) {
        this.tokens = tokens;
        this.name = name;
    }

    static List<Node> parse(String source, String name) {
        Parser p = new Parser(Lexer.tokenize(source, name), name);
        return p.body(Set.of(), null, 0);
    }

    // ---- statements ----

    /** Nodes up to a block tag named in ends (left unconsumed), or to the end of the template when ends is empty. */
    private List<Node> body(Set<String> ends, String opener, int openLine) {
        List<Node> nodes = new ArrayList<>();
        while (true) {
            Token t = peek();
            switch (t.kind()) {
                case EOF -> {
                    if (opener != null) {
                        throw error(t, "unclosed block '" + opener + "' opened at line " + openLine);
                    }
                    return nodes;
                }
                case TEXT -> {
                    i++;
                    nodes.add(new Node.Text(t.text(), t.line()));
                }
                case VAR_BEGIN -> {
                    i++;
                    Expr e = tuple();
                    expect(Kind.VAR_END);
                    nodes.add(new Node.Output(e, t.line()));
                }
                case BLOCK_BEGIN -> {
                    Token word = tokens.get(i + 1);
                    if (word.kind() != Kind.NAME) throw unexpected(word);
                    if (ends.contains(word.text())) return nodes;
                    i += 2;
                    nodes.add(statement(word));
                }
                default -> throw unexpected(t);
            }
        }
    }

    private Node statement(Token word) {
        return switch (word.text()) {
            case "if" -> ifStatement(word);
            case "for" -> forStatement(word);
            case "set" -> setStatement(word);
            default -> throw error(word, END_TAGS.contains(word.text())
                    ? "unexpected '" + word.text() + "'"
                    : "unsupported statement '" + word.text() + "'");
        };
    }

    private Node ifStatement(Token word) {
        List<Expr> conditions = new ArrayList<>();
        List<List<Node>> bodies = new ArrayList<>();
        conditions.add(expression());
        expect(Kind.BLOCK_END);
        while (true) {
            bodies.add(body(Set.of("elif", "else", "endif"), "if", word.line()));
            String end = closeTag();
            if (end.equals("elif")) {
                conditions.add(expression());
                expect(Kind.BLOCK_END);
            } else if (end.equals("else")) {
                expect(Kind.BLOCK_END);
                List<Node> otherwise = body(Set.of("endif"), "if", word.line());
                closeTag();
                expect(Kind.BLOCK_END);
                return new Node.If(conditions, bodies, otherwise, word.line());
            } else {
                expect(Kind.BLOCK_END);
                return new Node.If(conditions, bodies, List.of(), word.line());
            }
        }
    }

    private Node forStatement(Token word) {
        List<String> targets = new ArrayList<>();
        boolean paren = accept("(");
        do targets.add(expectName().text()); while (accept(","));
        if (paren) expectOp(")");
        if (!peek().isName("in")) throw unexpected(peek());
        i++;
        Expr iterable = or();
        Expr filter = null;
        if (peek().isName("if")) {
            i++;
            filter = expression();
        }
        if (peek().isName("recursive")) throw error(peek(), "unsupported loop option 'recursive'");
        expect(Kind.BLOCK_END);
        List<Node> body = body(Set.of("else", "endfor"), "for", word.line());
        List<Node> otherwise = List.of();
        if (closeTag().equals("else")) {
            expect(Kind.BLOCK_END);
            otherwise = body(Set.of("endfor"), "for", word.line());
            closeTag();
        }
        expect(Kind.BLOCK_END);
        return new Node.For(targets, iterable, filter, body, otherwise, word.line());
    }

    private Node setStatement(Token word) {
        Token first = expectName();
        if (accept(".")) {
            String attr = expectName().text();
            expectOp("=");
            Expr value = tuple();
            expect(Kind.BLOCK_END);
            return new Node.SetAttr(first.text(), attr, value, word.line());
        }
        List<String> targets = new ArrayList<>(List.of(first.text()));
        while (accept(",")) targets.add(expectName().text());
        if (targets.size() == 1 && peek().kind() == Kind.BLOCK_END) {
            i++;
            List<Node> body = body(Set.of("endset"), "set", word.line());
            closeTag();
            expect(Kind.BLOCK_END);
            return new Node.Set(targets, null, body, word.line());
        }
        expectOp("=");
        Expr value = tuple();
        expect(Kind.BLOCK_END);
        return new Node.Set(targets, value, null, word.line());
    }

    /** Consumes "{%" and the name of the closing or continuing tag that {@link #body} stopped at. */
    private String closeTag() {
        expect(Kind.BLOCK_BEGIN);
        return expectName().text();
    }

    // ---- expressions ----

    /** An expression, or several separated by commas making a tuple. */
    private Expr tuple() {
        Expr first = expression();
        if (!peek().isOp(",")) return first;
        List<Expr> items = new ArrayList<>(List.of(first));
        while (accept(",")) {
            if (atEndOfTag()) break;
            items.add(expression());
        }
        return new Expr.TupleLit(items, first.line());
    }

    private boolean atEndOfTag() {
        Kind k = peek().kind();
        return k == Kind.VAR_END || k == Kind.BLOCK_END || peek().isOp(")");
    }

    private Expr expression() {
        Expr e = or();
        while (peek().isName("if")) {
            int line = next().line();
            Expr cond = or();
            Expr otherwise = null;
            if (peek().isName("else")) {
                i++;
                otherwise = expression();
            }
            e = new Expr.Cond(cond, e, otherwise, line);
        }
        return e;
    }

    private Expr or() {
        Expr e = and();
        while (peek().isName("or")) {
            int line = next().line();
            e = new Expr.Binary("or", e, and(), line);
        }
        return e;
    }

    private Expr and() {
        Expr e = not();
        while (peek().isName("and")) {
            int line = next().line();
            e = new Expr.Binary("and", e, not(), line);
        }
        return e;
    }

    private Expr not() {
        if (peek().isName("not")) {
            int line = next().line();
            return new Expr.Unary("not", not(), line);
        }
        return compare();
    }

    private Expr compare() {
        Expr first = math1();
        List<String> ops = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.OP && COMPARE_OPS.contains(t.text())) {
                i++;
                ops.add(t.text());
            } else if (t.isName("in")) {
                i++;
                ops.add("in");
            } else if (t.isName("not") && tokens.get(i + 1).isName("in")) {
                i += 2;
                ops.add("not in");
            } else {
                break;
            }
            rest.add(math1());
        }
        return ops.isEmpty() ? first : new Expr.Compare(first, ops, rest, first.line());
    }

    private Expr math1() {
        Expr e = concat();
        while (peek().isOp("+") || peek().isOp("-")) {
            Token op = next();
            e = new Expr.Binary(op.text(), e, concat(), op.line());
        }
        return e;
    }

    private Expr concat() {
        Expr e = math2();
        while (peek().isOp("~")) {
            Token op = next();
            e = new Expr.Binary("~", e, math2(), op.line());
        }
        return e;
    }

    private Expr math2() {
        Expr e = pow();
        while (peek().isOp("*") || peek().isOp("/") || peek().isOp("//") || peek().isOp("%")) {
            Token op = next();
            e = new Expr.Binary(op.text(), e, pow(), op.line());
        }
        return e;
    }

    private Expr pow() {
        Expr e = unary(true);
        while (peek().isOp("**")) {
            Token op = next();
            e = new Expr.Binary("**", e, unary(true), op.line());
        }
        return e;
    }

    private Expr unary(boolean withFilter) {
        Token t = peek();
        Expr e;
        if (t.isOp("-") || t.isOp("+")) {
            i++;
            e = new Expr.Unary(t.text(), unary(false), t.line());
        } else {
            e = primary();
        }
        e = postfix(e);
        return withFilter ? filters(e) : e;
    }

    private Expr primary() {
        Token t = next();
        switch (t.kind()) {
            case NAME -> {
                return switch (t.text()) {
                    case "true", "True" -> new Expr.Const(Boolean.TRUE, t.line());
                    case "false", "False" -> new Expr.Const(Boolean.FALSE, t.line());
                    case "none", "None" -> new Expr.Const(null, t.line());
                    default -> new Expr.Var(t.text(), t.line());
                };
            }
            case STRING -> {
                StringBuilder sb = new StringBuilder((String) t.value());
                while (peek().kind() == Kind.STRING) sb.append((String) next().value());
                return new Expr.Const(sb.toString(), t.line());
            }
            case INT, FLOAT -> {
                return new Expr.Const(t.value(), t.line());
            }
            case OP -> {
                switch (t.text()) {
                    case "(" -> {
                        if (accept(")")) return new Expr.TupleLit(List.of(), t.line());
                        Expr e = expression();
                        if (peek().isOp(",")) {
                            List<Expr> items = new ArrayList<>(List.of(e));
                            while (accept(",") && !peek().isOp(")")) items.add(expression());
                            e = new Expr.TupleLit(items, t.line());
                        }
                        expectOp(")");
                        return e;
                    }
                    case "[" -> {
                        List<Expr> items = new ArrayList<>();
                        while (!peek().isOp("]")) {
                            items.add(expression());
                            if (!accept(",")) break;
                        }
                        expectOp("]");
                        return new Expr.ListLit(items, t.line());
                    }
                    case "{" -> {
                        List<Expr> keys = new ArrayList<>();
                        List<Expr> values = new ArrayList<>();
                        while (!peek().isOp("}")) {
                            keys.add(expression());
                            expectOp(":");
                            values.add(expression());
                            if (!accept(",")) break;
                        }
                        expectOp("}");
                        return new Expr.DictLit(keys, values, t.line());
                    }
                    default -> throw unexpected(t);
                }
            }
            default -> throw unexpected(t);
        }
    }

    private Expr postfix(Expr e) {
        while (true) {
            Token t = peek();
            if (t.isOp(".")) {
                i++;
                Token attr = next();
                if (attr.kind() == Kind.NAME) e = new Expr.Attr(e, attr.text(), t.line());
                else if (attr.kind() == Kind.INT) e = new Expr.Item(e, new Expr.Const(attr.value(), attr.line()), t.line());
                else throw unexpected(attr);
            } else if (t.isOp("[")) {
                i++;
                e = subscript(e, t.line());
            } else if (t.isOp("(")) {
                i++;
                e = call(e, t.line());
            } else {
                return e;
            }
        }
    }

    private Expr subscript(Expr obj, int line) {
        Expr start = null;
        if (!peek().isOp(":")) {
            start = expression();
            if (accept("]")) return new Expr.Item(obj, start, line);
        }
        expectOp(":");
        Expr stop = peek().isOp(":") || peek().isOp("]") ? null : expression();
        Expr step = null;
        if (accept(":") && !peek().isOp("]")) step = expression();
        expectOp("]");
        return new Expr.Slice(obj, start, stop, step, line);
    }

    private Expr call(Expr callee, int line) {
        List<Expr> args = new ArrayList<>();
        Map<String, Expr> kwargs = new LinkedHashMap<>();
        arguments(args, kwargs);
        return new Expr.Call(callee, args, kwargs, line);
    }

    /** Parses "a, b, k=v)" after an opening parenthesis, through the closing one. */
    private void arguments(List<Expr> args, Map<String, Expr> kwargs) {
        while (!peek().isOp(")")) {
            if (peek().kind() == Kind.NAME && tokens.get(i + 1).isOp("=")) {
                String key = next().text();
                i++;
                kwargs.put(key, expression());
            } else {
                if (!kwargs.isEmpty()) throw error(peek(), "positional argument after keyword argument");
                args.add(expression());
            }
            if (!accept(",")) break;
        }
        expectOp(")");
    }

    private Expr filters(Expr e) {
        while (true) {
            Token t = peek();
            if (t.isOp("|")) {
                i++;
                Token f = expectName();
                if (!Filters.exists(f.text())) throw error(f, "unknown filter '" + f.text() + "'");
                List<Expr> args = new ArrayList<>();
                Map<String, Expr> kwargs = new LinkedHashMap<>();
                if (accept("(")) arguments(args, kwargs);
                e = new Expr.Filter(e, f.text(), args, kwargs, f.line());
            } else if (t.isName("is")) {
                i++;
                boolean negated = false;
                if (peek().isName("not")) {
                    i++;
                    negated = true;
                }
                Token test = expectName();
                if (!Tests.exists(test.text())) throw error(test, "unknown test '" + test.text() + "'");
                List<Expr> args = new ArrayList<>();
                if (accept("(")) {
                    Map<String, Expr> kwargs = new LinkedHashMap<>();
                    arguments(args, kwargs);
                    if (!kwargs.isEmpty()) throw error(test, "keyword arguments to test '" + test.text() + "'");
                }
                e = new Expr.Test(e, test.text(), negated, args, test.line());
            } else if (t.isOp("(")) {
                i++;
                e = call(e, t.line());
            } else {
                return e;
            }
        }
    }

    // ---- token helpers ----

    private Token peek() {
        return tokens.get(i);
    }

    private Token next() {
        Token t = tokens.get(i);
        if (t.kind() != Kind.EOF) i++;
        return t;
    }

    private boolean accept(String op) {
        if (!peek().isOp(op)) return false;
        i++;
        return true;
    }

    private void expectOp(String op) {
        if (!accept(op)) throw unexpected(peek());
    }

    private Token expectName() {
        if (peek().kind() != Kind.NAME) throw unexpected(peek());
        return next();
    }

    private void expect(Kind kind) {
        if (peek().kind() != kind) throw unexpected(peek());
        i++;
    }

    private JinjaException unexpected(Token t) {
        return error(t, t.kind() == Kind.EOF ? "unexpected end of template" : "unexpected token " + t.describe());
    }

    private JinjaException error(Token t, String detail) {
        return JinjaException.at(name, t.line(), detail);
    }
}
