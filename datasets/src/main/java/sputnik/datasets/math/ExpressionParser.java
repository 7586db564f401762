package sputnik.datasets.math;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sputnik.datasets.math.Node.Bin;
import sputnik.datasets.math.Node.Bin.Op;
import sputnik.datasets.math.Node.Const;
import sputnik.datasets.math.Node.Func;
import sputnik.datasets.math.Node.Num;
import sputnik.datasets.math.Node.Sym;
import sputnik.datasets.math.Token.Kind;

/**
 * Recursive-descent parser from a normalised answer to a {@link Node} tree. Grammar, loosest first:
 *
 * <pre>
 * list     := relation (',' relation)*                 bare "1, -2" is a {@link Node.BareList}
 * relation := union (relop union)*                     = &lt; \le ... ; "x \in S" is S
 * union    := additive ('\cup' additive)*
 * additive := term (('+' | '-' | '\pm' | '\mp') term)*
 * term     := unary (('*' | '\cdot' | '\times' | '/' | '\div') unary | implicit-factor)*
 * unary    := ('-' | '+' | '\pm') unary | power
 * power    := postfix ('^' exponent | '^\circ')?
 * postfix  := primary ('!' | '\circ')*
 * primary  := number | letter | greek | \pi | \infty | \frac a b | \sqrt[n] x | \binom a b
 *           | function | ( ) [ ] brackets | \{ set \} | |abs| | \lfloor \rfloor | matrix
 * </pre>
 *
 * Decisions, each the reading a MATH answer means:
 * <ul>
 *   <li>implicit multiplication binds like explicit ("2x", "2\sqrt{3}", "3\pi", "(a+5)(b+2)"), and
 *       "1/2x" is (1/2)·x;
 *   <li>an integer literal directly followed by {@code \frac} of two integer literals is a mixed
 *       number: "1\frac{4}{5}" = 9/5 (MATH writes mixed numbers so), while "2\frac{\sqrt3}{2}" is a
 *       product;
 *   <li>{@code \frac} and {@code \sqrt} take a single token when unbraced, as TeX does ("\frac12" =
 *       1/2, "\sqrt2"); an unbraced exponent takes a whole number ("x^10" is x to the tenth, as
 *       plain-text answers mean);
 *   <li>"e" is Euler's number and "i" the imaginary unit (MATH answers use them so; a side that used
 *       either as a variable would still compare consistently with the same spelling);
 *   <li>{@code \log} is the natural logarithm (as sympy reads it); {@code \log_b} has base b;
 *   <li>(a, b) is a tuple, which the comparator may also read as an open interval; [a, b), (a, b] and
 *       [a, b] are intervals.
 * </ul>
 */
final class ExpressionParser {

    private static final Set<String> GREEK = Set.of(
            "\\alpha", "\\beta", "\\gamma", "\\delta", "\\epsilon", "\\varepsilon", "\\zeta", "\\eta", "\\theta",
            "\\vartheta", "\\iota", "\\kappa", "\\lambda", "\\mu", "\\nu", "\\xi", "\\rho", "\\sigma", "\\tau",
            "\\upsilon", "\\phi", "\\varphi", "\\chi", "\\psi", "\\omega", "\\Gamma", "\\Delta", "\\Theta",
            "\\Lambda", "\\Xi", "\\Pi", "\\Sigma", "\\Phi", "\\Psi", "\\Omega");

    /** One-argument functions, by command. */
    private static final Map<String, String> FUNCTIONS = Map.ofEntries(
            Map.entry("\\sin", "sin"), Map.entry("\\cos", "cos"), Map.entry("\\tan", "tan"),
            Map.entry("\\cot", "cot"), Map.entry("\\sec", "sec"), Map.entry("\\csc", "csc"),
            Map.entry("\\arcsin", "arcsin"), Map.entry("\\arccos", "arccos"), Map.entry("\\arctan", "arctan"),
            Map.entry("\\sinh", "sinh"), Map.entry("\\cosh", "cosh"), Map.entry("\\tanh", "tanh"),
            Map.entry("\\ln", "ln"), Map.entry("\\log", "ln"), Map.entry("\\exp", "exp"));

    /** Functions of a comma-separated argument list. */
    private static final Map<String, String> LIST_FUNCTIONS = Map.of(
            "\\gcd", "gcd", "\\lcm", "lcm", "\\max", "max", "\\min", "min");

    private static final Map<String, String> INVERSES = Map.of("sin", "arcsin", "cos", "arccos", "tan", "arctan");

    private static final Map<String, String> RELATIONS = Map.ofEntries(
            Map.entry("=", "="), Map.entry("<", "<"), Map.entry(">", ">"), Map.entry("<=", "<="),
            Map.entry(">=", ">="), Map.entry("!=", "!="), Map.entry("\\le", "<="), Map.entry("\\leq", "<="),
            Map.entry("\\leqslant", "<="), Map.entry("\\ge", ">="), Map.entry("\\geq", ">="),
            Map.entry("\\geqslant", ">="), Map.entry("\\lt", "<"), Map.entry("\\gt", ">"),
            Map.entry("\\ne", "!="), Map.entry("\\neq", "!="), Map.entry("\\in", "in"));

    private static final Set<String> MATRIX_ENVIRONMENTS = Set.of("pmatrix", "bmatrix", "Bmatrix", "matrix", "smallmatrix", "array");

    private final List<Token> tokens;
    private final Budget budget;
    private int pos;
    private int depth;
    private int absDepth;

    private ExpressionParser(List<Token> tokens, Budget budget) {
        this.tokens = new ArrayList<>(tokens);
        this.budget = budget;
    }

    static Node parse(String math, Budget budget) throws ParseException {
        if (math.isBlank()) throw new ParseException("empty answer");
        ExpressionParser parser = new ExpressionParser(Lexer.tokenize(math), budget);
        Node node = parser.list();
        if (parser.peek().kind() != Kind.END) throw new ParseException("unexpected '" + parser.peek().text() + "'");
        return node;
    }

    // ---- grammar ----

    private Node list() throws ParseException {
        List<Node> items = items();
        return items.size() == 1 ? items.get(0) : new Node.BareList(items);
    }

    private List<Node> items() throws ParseException {
        List<Node> items = new ArrayList<>();
        items.add(relation());
        while (acceptSymbol(",")) {
            if (items.size() >= budget.limits().maxElements()) {
                throw new BudgetExceeded("more than " + budget.limits().maxElements() + " elements");
            }
            items.add(relation());
        }
        return items;
    }

    private Node relation() throws ParseException {
        Node first = union();
        List<Node> operands = new ArrayList<>(List.of(first));
        List<String> ops = new ArrayList<>();
        while (true) {
            String op = RELATIONS.get(peek().text());
            if (op == null || peek().kind() == Kind.NUMBER || peek().kind() == Kind.LETTER) break;
            next();
            if (op.equals("in")) {
                // "x \in [-2, 7]" states the set itself.
                if (!(operands.size() == 1 && operands.get(0) instanceof Sym)) throw new ParseException("'\\in' after an expression");
                operands.set(0, union());
                continue;
            }
            ops.add(op);
            operands.add(union());
        }
        return ops.isEmpty() ? operands.get(0) : new Node.Relation(operands, ops);
    }

    private Node union() throws ParseException {
        Node first = additive();
        if (!peek().isCommand("\\cup")) return first;
        List<Node> items = new ArrayList<>(List.of(first));
        while (acceptCommand("\\cup")) items.add(additive());
        return new Node.Union(items);
    }

    private Node additive() throws ParseException {
        Node left = term();
        while (true) {
            budget.check();
            if (acceptSymbol("+")) left = node(new Bin(Op.ADD, left, term()));
            else if (acceptSymbol("-")) left = node(new Bin(Op.SUB, left, term()));
            else if (acceptCommand("\\pm") || acceptCommand("\\mp")) left = node(new Node.PlusMinus(left, term()));
            else return left;
        }
    }

    private Node term() throws ParseException {
        Node left = unary();
        while (true) {
            budget.check();
            Token t = peek();
            if (t.isSymbol("*") || t.isCommand("\\cdot") || t.isCommand("\\times") || t.isCommand("\\ast")) {
                next();
                left = node(new Bin(Op.MUL, left, unary()));
            } else if (t.isSymbol("/") || t.isCommand("\\div")) {
                next();
                left = node(new Bin(Op.DIV, left, unary()));
            } else if (startsImplicitFactor(t)) {
                if (t.kind() == Kind.NUMBER && previous().kind() == Kind.NUMBER) {
                    throw new ParseException("two numbers in a row: '" + previous().text() + " " + t.text() + "'");
                }
                boolean fracNext = t.isCommand("\\frac");
                Node factor = power();
                Node mixed = mixedNumber(left, fracNext, factor);
                left = node(mixed != null ? mixed : new Bin(Op.MUL, left, factor));
            } else {
                return left;
            }
        }
    }

    /**
     * "1\frac{4}{5}" = 1 + 4/5 and "-1\frac12" = -(1 + 1/2): an integer literal, then {@code \frac} of two
     * integer literals. Null when {@code left·factor} is an ordinary product.
     */
    private static Node mixedNumber(Node left, boolean fracNext, Node factor) {
        if (!fracNext) return null;
        boolean negative = left instanceof Node.Neg neg && neg.operand() instanceof Num;
        Node whole = negative ? ((Node.Neg) left).operand() : left;
        if (!(whole instanceof Num w && w.integerLiteral())) return null;
        if (!(factor instanceof Bin b && b.op() == Op.DIV && b.left() instanceof Num n && n.integerLiteral()
                && b.right() instanceof Num d && d.integerLiteral())) {
            return null;
        }
        Node sum = new Bin(Op.ADD, whole, factor);
        return negative ? new Node.Neg(sum) : sum;
    }

    private Node unary() throws ParseException {
        if (acceptSymbol("-")) return node(new Node.Neg(unary()));
        if (acceptSymbol("+")) return unary();
        if (acceptCommand("\\pm") || acceptCommand("\\mp")) return node(new Node.PlusMinus(null, unary()));
        return power();
    }

    private Node power() throws ParseException {
        Node base = postfix();
        if (!acceptSymbol("^")) return base;
        if (acceptCommand("\\circ")) return postfixOps(node(new Func("deg", List.of(base))));
        return node(new Bin(Op.POW, base, exponent()));
    }

    /** An exponent: a braced group, a signed single item, or a whole number (see class comment). */
    private Node exponent() throws ParseException {
        Node e;
        if (acceptSymbol("-")) e = node(new Node.Neg(exponentAtom()));
        else if (acceptSymbol("+")) e = exponentAtom();
        else e = exponentAtom();
        if (acceptSymbol("^")) e = node(new Bin(Op.POW, e, exponent()));
        return e;
    }

    private Node exponentAtom() throws ParseException {
        Token t = peek();
        if (t.isSymbol("{")) return braced();
        if (t.kind() == Kind.NUMBER) {
            next();
            return number(t.text());
        }
        if (t.kind() == Kind.LETTER) {
            next();
            return letter(t.text());
        }
        return primary();
    }

    private Node postfix() throws ParseException {
        return postfixOps(primary());
    }

    private Node postfixOps(Node n) throws ParseException {
        while (true) {
            if (acceptSymbol("!")) n = node(new Func("fact", List.of(n)));
            else if (acceptCommand("\\circ")) n = node(new Func("deg", List.of(n)));
            else return n;
        }
    }

    private Node primary() throws ParseException {
        if (++depth > budget.limits().maxDepth()) throw new BudgetExceeded("nesting deeper than " + budget.limits().maxDepth());
        try {
            budget.node();
            Token t = next();
            return switch (t.kind()) {
                case NUMBER -> numberWithSuffix(t.text());
                case LETTER -> subscripted(letter(t.text()), t.text());
                case COMMAND -> command(t.text());
                case SYMBOL -> symbol(t.text());
                case END -> throw new ParseException("answer ends too early");
            };
        } finally {
            depth--;
        }
    }

    private Node symbol(String s) throws ParseException {
        switch (s) {
            case "(", "[" -> {
                return brackets(s);
            }
            case "{" -> {
                pos--;
                return braced();
            }
            case "|" -> {
                absDepth++;
                Node inner = additive();
                expectSymbol("|");
                absDepth--;
                return node(new Func("abs", List.of(inner)));
            }
            default -> throw new ParseException("unexpected '" + s + "'");
        }
    }

    private Node command(String c) throws ParseException {
        if (GREEK.contains(c)) return subscripted(node(new Sym(c)), c);
        String fn = FUNCTIONS.get(c);
        if (fn != null) return function(c, fn);
        String listFn = LIST_FUNCTIONS.get(c);
        if (listFn != null) {
            expectSymbol("(");
            List<Node> args = items();
            expectSymbol(")");
            return node(new Func(listFn, args));
        }
        return switch (c) {
            case "\\pi" -> node(new Const(Const.Kind.PI));
            case "\\infty" -> node(new Const(Const.Kind.INFINITY));
            case "\\emptyset", "\\varnothing" -> node(new Node.SetOf(List.of()));
            case "\\frac" -> {
                Node num = texArgument();
                Node den = texArgument();
                yield node(new Bin(Op.DIV, num, den));
            }
            case "\\sqrt" -> {
                if (acceptSymbol("[")) {
                    Node degree = additive();
                    expectSymbol("]");
                    yield node(new Func("root", List.of(degree, texArgument())));
                }
                yield node(new Func("sqrt", List.of(texArgument())));
            }
            case "\\binom" -> node(new Func("binom", List.of(texArgument(), texArgument())));
            case "\\{" -> {
                if (acceptCommand("\\}")) yield node(new Node.SetOf(List.of()));
                List<Node> items = items();
                expectCommand("\\}");
                yield node(new Node.SetOf(items));
            }
            case "\\langle" -> {
                List<Node> items = items();
                expectCommand("\\rangle");
                yield node(new Node.Tuple(items));
            }
            case "\\lfloor" -> delimited("floor", "\\rfloor");
            case "\\lceil" -> delimited("ceil", "\\rceil");
            case "\\lvert", "\\vert" -> delimited("abs", c.equals("\\lvert") ? "\\rvert" : "\\vert");
            case "\\|", "\\lVert", "\\Vert" -> delimited("abs", c.equals("\\lVert") ? "\\rVert" : c);
            case "\\begin" -> matrix();
            case "\\overline" -> throw new ParseException("\\overline without a decimal before it");
            default -> throw new ParseException("unsupported command " + c);
        };
    }

    private Node delimited(String fn, String close) throws ParseException {
        Node inner = additive();
        expectCommand(close);
        return node(new Func(fn, List.of(inner)));
    }

    /** (a), (a, b), [a, b), (a, b], [a, b]: a group, a tuple or an interval by count and brackets. */
    private Node brackets(String open) throws ParseException {
        if (peek().isSymbol(")")) throw new ParseException("empty brackets");
        List<Node> items = items();
        Token close = next();
        if (!close.isSymbol(")") && !close.isSymbol("]")) throw new ParseException("unclosed '" + open + "'");
        boolean openRound = open.equals("(");
        boolean closeRound = close.text().equals(")");
        if (items.size() == 1) {
            if (openRound != closeRound) throw new ParseException("half-open brackets around one value");
            return items.get(0);
        }
        if (openRound && closeRound) return node(new Node.Tuple(items));
        if (items.size() != 2) {
            if (!openRound && !closeRound) return node(new Node.Tuple(items));
            throw new ParseException("an interval needs two ends");
        }
        return node(new Node.Interval(items.get(0), items.get(1), !openRound, !closeRound));
    }

    /** A TeX group {..}: grouping only (a set is written \{..\}). */
    private Node braced() throws ParseException {
        expectSymbol("{");
        if (peek().isSymbol("}")) throw new ParseException("empty braces");
        Node inner = list();
        expectSymbol("}");
        return inner;
    }

    /** The argument of \frac, \sqrt, \binom: a braced group or, as TeX reads it, a single token. */
    private Node texArgument() throws ParseException {
        Token t = peek();
        if (t.isSymbol("{")) return braced();
        if (t.kind() == Kind.NUMBER) {
            String digits = t.text();
            if (digits.matches("\\d{2,}")) {
                tokens.set(pos, new Token(Kind.NUMBER, digits.substring(1))); // "\frac12": 1, then 2
                return number(digits.substring(0, 1));
            }
            next();
            return number(digits);
        }
        if (t.kind() == Kind.LETTER) {
            next();
            return letter(t.text());
        }
        if (t.isSymbol("(")) return primary(); // "sqrt(2)" typed as plain text
        if (t.kind() == Kind.COMMAND) return primary();
        throw new ParseException("missing argument after a command");
    }

    private Node function(String command, String name) throws ParseException {
        Node base = null;
        if (command.equals("\\log") && acceptSymbol("_")) base = texArgument();
        Node power = null;
        if (acceptSymbol("^")) {
            Node e = exponent();
            if (e instanceof Node.Neg neg && neg.operand() instanceof Num one && one.value().equals(Rational.ONE)
                    && INVERSES.containsKey(name)) {
                name = INVERSES.get(name); // \sin^{-1} x is arcsin x, not 1/sin x
            } else {
                power = e;
            }
        }
        Node arg;
        if (peek().isSymbol("(")) {
            arg = primary();
            if (power == null && acceptSymbol("^")) power = exponent(); // \sin(x)^2
        } else if (peek().isSymbol("{")) {
            arg = braced();
        } else {
            arg = functionArgument();
        }
        Node f = base == null ? new Func(name, List.of(arg)) : new Func("logb", List.of(base, arg));
        f = node(f);
        return power == null ? f : node(new Bin(Op.POW, f, power));
    }

    /** "\sin 2x" is sin(2x): a run of factors with no operator between them, stopping at another function. */
    private Node functionArgument() throws ParseException {
        if (acceptSymbol("-")) return node(new Node.Neg(functionArgument()));
        Node arg = power();
        while (true) {
            Token t = peek();
            boolean simple = t.kind() == Kind.NUMBER || t.kind() == Kind.LETTER || GREEK.contains(t.text()) || t.isCommand("\\pi");
            if (!simple || (t.kind() == Kind.NUMBER && previous().kind() == Kind.NUMBER)) return arg;
            arg = node(new Bin(Op.MUL, arg, power()));
        }
    }

    private Node matrix() throws ParseException {
        String env = environmentName();
        if (!MATRIX_ENVIRONMENTS.contains(env)) throw new ParseException("unsupported environment " + env);
        if (env.equals("array") && peek().isSymbol("{")) {
            while (!next().isSymbol("}")) {
                if (peek().kind() == Kind.END) throw new ParseException("unclosed array column spec");
            }
        }
        List<List<Node>> rows = new ArrayList<>();
        List<Node> row = new ArrayList<>();
        int cells = 0;
        while (true) {
            budget.check();
            if (acceptCommand("\\end")) {
                if (!environmentName().equals(env)) throw new ParseException("mismatched \\end");
                if (!row.isEmpty()) rows.add(row);
                break;
            }
            if (++cells > budget.limits().maxElements()) throw new BudgetExceeded("more than " + budget.limits().maxElements() + " matrix cells");
            row.add(additive());
            if (acceptSymbol("&")) continue;
            if (acceptCommand("\\\\")) {
                rows.add(row);
                row = new ArrayList<>();
                continue;
            }
            if (!peek().isCommand("\\end")) throw new ParseException("unexpected '" + peek().text() + "' in a matrix");
        }
        if (rows.isEmpty()) throw new ParseException("empty matrix");
        int width = rows.get(0).size();
        for (List<Node> r : rows) if (r.size() != width) throw new ParseException("ragged matrix");
        return node(new Node.Matrix(rows));
    }

    private String environmentName() throws ParseException {
        expectSymbol("{");
        StringBuilder name = new StringBuilder();
        while (peek().kind() == Kind.LETTER) name.append(next().text());
        expectSymbol("}");
        return name.toString();
    }

    // ---- atoms ----

    private Node numberWithSuffix(String literal) throws ParseException {
        if (acceptCommand("\\overline")) {
            if (!literal.contains(".")) throw new ParseException("\\overline after a whole number");
            String repeat = digitsArgument();
            return node(new Num(Rational.repeating(literal, repeat), false));
        }
        if (acceptSymbol("_")) {
            if (literal.contains(".")) throw new ParseException("a base subscript on a decimal");
            String base = digitsArgument();
            int b = Integer.parseInt(base.length() > 3 ? "999" : base);
            if (b < 2 || b > 36) throw new ParseException("base " + base + " out of range");
            for (char d : literal.toCharArray()) {
                if (d - '0' >= b) throw new ParseException("digit " + d + " in base " + b);
            }
            return node(new Node.BaseNumeral(stripZeros(literal), b));
        }
        return number(literal);
    }

    private String digitsArgument() throws ParseException {
        boolean braced = acceptSymbol("{");
        Token t = next();
        if (t.kind() != Kind.NUMBER || t.text().contains(".")) throw new ParseException("digits expected");
        if (braced) expectSymbol("}");
        return t.text();
    }

    private static String stripZeros(String digits) {
        String s = digits.replaceFirst("^0+(?=.)", "");
        return s;
    }

    private Node number(String literal) {
        return node(new Num(Rational.parseDecimal(literal), !literal.contains(".")));
    }

    private Node letter(String l) {
        return switch (l) {
            case "i" -> node(new Const(Const.Kind.I));
            case "e" -> node(new Const(Const.Kind.E));
            default -> node(new Sym(l));
        };
    }

    /** "a_1", "x_{n}", "\theta_0" name one variable; "e_1" and "i_2" are variables too, not constants. */
    private Node subscripted(Node atom, String name) throws ParseException {
        if (!acceptSymbol("_")) return atom;
        StringBuilder sub = new StringBuilder();
        if (acceptSymbol("{")) {
            int open = 1;
            while (true) {
                Token t = next();
                if (t.kind() == Kind.END) throw new ParseException("unclosed subscript");
                if (t.isSymbol("{")) open++;
                if (t.isSymbol("}") && --open == 0) break;
                sub.append(t.text());
            }
        } else {
            Token t = next();
            if (t.kind() == Kind.END) throw new ParseException("empty subscript");
            boolean split = t.kind() == Kind.NUMBER && t.text().matches("\\d{2,}"); // TeX: "a_12" is a_1 times 2
            sub.append(split ? t.text().substring(0, 1) : t.text());
            if (split) {
                pos--;
                tokens.set(pos, new Token(Kind.NUMBER, t.text().substring(1)));
            }
        }
        return node(new Sym(name + "_" + sub));
    }

    // ---- token plumbing ----

    private boolean startsImplicitFactor(Token t) {
        return switch (t.kind()) {
            case NUMBER, LETTER -> true;
            case SYMBOL -> t.text().equals("(") || t.text().equals("{") || (t.text().equals("|") && absDepth == 0);
            case COMMAND -> GREEK.contains(t.text()) || FUNCTIONS.containsKey(t.text()) || LIST_FUNCTIONS.containsKey(t.text())
                    || Set.of("\\pi", "\\frac", "\\sqrt", "\\binom", "\\lfloor", "\\lceil", "\\lvert").contains(t.text());
            case END -> false;
        };
    }

    private <T extends Node> T node(T n) {
        budget.node();
        return n;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token previous() {
        return pos == 0 ? Token.END : tokens.get(pos - 1);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.END) pos++;
        return t;
    }

    private boolean acceptSymbol(String s) {
        if (!peek().isSymbol(s)) return false;
        pos++;
        return true;
    }

    private boolean acceptCommand(String c) {
        if (!peek().isCommand(c)) return false;
        pos++;
        return true;
    }

    private void expectSymbol(String s) throws ParseException {
        if (!acceptSymbol(s)) throw new ParseException("expected '" + s + "' but found '" + peek().text() + "'");
    }

    private void expectCommand(String c) throws ParseException {
        if (!acceptCommand(c)) throw new ParseException("expected '" + c + "' but found '" + peek().text() + "'");
    }
}
