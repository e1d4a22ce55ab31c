package dev.parity.harness.query;

import dev.parity.harness.ParityInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filter language of {@code parity query --where}: a boolean expression over one row of a run's table.
 * <pre>
 *   expr       := term ('or' term)*
 *   term       := factor ('and' factor)*
 *   factor     := 'not' factor | '(' expr ')' | predicate | comparison
 *   predicate  := 'flipped(' VARIANT ')'      verdict differs from the reference's at the reference threshold
 *               | 'positive(' VARIANT ')'     the variant's verdict at the reference threshold is positive
 *   comparison := operand ('=' | '==' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') operand
 *   operand    := COLUMN | NUMBER | 'text' | "text" | 'diff(' VARIANT ')'   (|variant - reference| score)
 * </pre>
 * Names are columns of scores.csv (sample_id, label, slice columns, variants); a name with other characters is
 * written in backticks. Keywords are case-insensitive. Two numbers compare as numbers, anything else as text.
 */
public final class RowFilter {
    /** What a filter reads of a row. */
    public interface Row {
        /** The cell's text (numbers as written), or null when the column is empty there. */
        String text(String column, int row);

        /** The cell as a number, or null when it is not one. */
        Double number(String column, int row);

        boolean flipped(String variant, int row);

        boolean positive(String variant, int row);

        double diff(String variant, int row);
    }

    /** One parsed expression, tested against rows. */
    public interface Expr {
        boolean test(Row r, int row);
    }

    private interface Operand {
        String text(Row r, int row);

        Double number(Row r, int row);
    }

    private final String source;
    private final Set<String> columns;
    private final Set<String> variants;
    private final List<Token> tokens;
    private int at;

    private RowFilter(String source, Set<String> columns, Set<String> variants) {
        this.source = source;
        this.columns = columns;
        this.variants = variants;
        this.tokens = tokenize(source);
    }

    /**
     * @param columns  the names a comparison may use
     * @param variants the names flipped(), positive() and diff() take (variants that ran)
     * @throws ParityInputException naming the position and what was expected there
     */
    public static Expr parse(String source, Set<String> columns, Set<String> variants) {
        RowFilter p = new RowFilter(source, columns, variants);
        Expr e = p.or();
        if (p.peek().kind != Kind.END) throw p.error(p.peek(), "'and', 'or' or the end of the expression");
        return e;
    }

    /** Variants the expression names in flipped(), positive() or diff(), in order. */
    public static List<String> variantsNamed(String source) {
        List<String> out = new ArrayList<>();
        List<Token> ts = tokenize(source);
        for (int i = 0; i + 2 < ts.size(); i++) {
            Token f = ts.get(i);
            if (f.kind == Kind.NAME && isFunction(f.text) && ts.get(i + 1).text.equals("(")
                    && ts.get(i + 2).kind == Kind.NAME && !out.contains(ts.get(i + 2).text)) {
                out.add(ts.get(i + 2).text);
            }
        }
        return out;
    }

    private static boolean isFunction(String name) {
        return Set.of("flipped", "positive", "diff").contains(name.toLowerCase(Locale.ROOT));
    }

    private enum Kind {
        NAME, NUMBER, STRING, OP, PAREN, END
    }

    private record Token(Kind kind, String text, int position, boolean quotedName) {
    }

    private static final Pattern NUMBER = Pattern.compile("-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        Matcher number = NUMBER.matcher(s);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(new Token(Kind.PAREN, String.valueOf(c), i, false));
                i++;
            } else if (c == '\'' || c == '"' || c == '`') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    throw new ParityInputException("--where: position " + (i + 1) + ": the quote " + c
                            + " is never closed\n  " + s + "\n  " + " ".repeat(i) + "^");
                }
                out.add(new Token(c == '`' ? Kind.NAME : Kind.STRING, s.substring(i + 1, end), i, c == '`'));
                i = end + 1;
            } else if ("=!<>".indexOf(c) >= 0) {
                int end = i + 1 < s.length() && s.charAt(i + 1) == '=' ? i + 2 : i + 1;
                out.add(new Token(Kind.OP, s.substring(i, end), i, false));
                i = end;
            } else if (number.region(i, s.length()).lookingAt()) {
                out.add(new Token(Kind.NUMBER, number.group(), i, false));
                i = number.end();
            } else if (Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || "_.-".indexOf(s.charAt(end)) >= 0)) {
                    end++;
                }
                out.add(new Token(Kind.NAME, s.substring(i, end), i, false));
                i = end;
            } else {
                throw new ParityInputException("--where: position " + (i + 1) + ": unexpected '" + c + "'\n  " + s
                        + "\n  " + " ".repeat(i) + "^");
            }
        }
        out.add(new Token(Kind.END, "the end", s.length(), false));
        return out;
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token next() {
        return tokens.get(at++);
    }

    private boolean keyword(String word) {
        Token t = peek();
        return t.kind == Kind.NAME && !t.quotedName && t.text.equalsIgnoreCase(word);
    }

    private ParityInputException error(Token t, String expected) {
        String found = t.kind == Kind.END ? "the end" : "'" + t.text + "'";
        return new ParityInputException("--where: position " + (t.position + 1) + ": expected " + expected
                + ", found " + found + "\n  " + source + "\n  " + " ".repeat(t.position) + "^");
    }

    private Expr or() {
        Expr left = and();
        while (keyword("or")) {
            next();
            Expr a = left, b = and();
            left = (r, row) -> a.test(r, row) || b.test(r, row);
        }
        return left;
    }

    private Expr and() {
        Expr left = factor();
        while (keyword("and")) {
            next();
            Expr a = left, b = factor();
            left = (r, row) -> a.test(r, row) && b.test(r, row);
        }
        return left;
    }

    private Expr factor() {
        if (keyword("not")) {
            next();
            Expr e = factor();
            return (r, row) -> !e.test(r, row);
        }
        Token t = peek();
        if (t.kind == Kind.PAREN && t.text.equals("(")) {
            next();
            Expr e = or();
            expect(")");
            return e;
        }
        if (keyword("flipped") || keyword("positive")) {
            boolean flipped = keyword("flipped");
            next();
            String v = variantArgument();
            return flipped ? (r, row) -> r.flipped(v, row) : (r, row) -> r.positive(v, row);
        }
        Operand left = operand();
        Token op = next();
        if (op.kind != Kind.OP || op.text.equals("!")) throw error(op, "a comparison (=, !=, <, <=, >, >=)");
        Operand right = operand();
        return comparison(left, op.text, right);
    }

    private void expect(String paren) {
        Token t = next();
        if (t.kind != Kind.PAREN || !t.text.equals(paren)) throw error(t, "'" + paren + "'");
    }

    private String variantArgument() {
        expect("(");
        Token v = next();
        if (v.kind != Kind.NAME || !variants.contains(v.text)) {
            throw error(v, "a variant that ran, one of " + variants);
        }
        expect(")");
        return v.text;
    }

    private Operand operand() {
        Token t = peek();
        if (keyword("diff")) {
            next();
            String v = variantArgument();
            return new Operand() {
                public String text(Row r, int row) {
                    return Double.toString(r.diff(v, row));
                }

                public Double number(Row r, int row) {
                    return r.diff(v, row);
                }
            };
        }
        next();
        switch (t.kind) {
            case NUMBER -> {
                Double n;
                try {
                    n = Double.parseDouble(t.text);
                } catch (NumberFormatException e) {
                    throw error(t, "a number");
                }
                return constant(t.text, n);
            }
            case STRING -> {
                return constant(t.text, null);
            }
            case NAME -> {
                if (!columns.contains(t.text)) throw error(t, "a column, one of " + columns);
                String c = t.text;
                return new Operand() {
                    public String text(Row r, int row) {
                        return r.text(c, row);
                    }

                    public Double number(Row r, int row) {
                        return r.number(c, row);
                    }
                };
            }
            default -> throw error(t, "a column, a number, a quoted text or diff(VARIANT)");
        }
    }

    private static Operand constant(String text, Double number) {
        return new Operand() {
            public String text(Row r, int row) {
                return text;
            }

            public Double number(Row r, int row) {
                return number != null ? number : parse(text);
            }
        };
    }

    private static Double parse(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Expr comparison(Operand left, String op, Operand right) {
        return (r, row) -> {
            Double a = left.number(r, row), b = right.number(r, row);
            int cmp;
            if (a != null && b != null) {
                cmp = Double.compare(a, b);
                if (a.equals(b) || a.doubleValue() == b.doubleValue()) cmp = 0;
            } else {
                String x = left.text(r, row), y = right.text(r, row);
                if (x == null || y == null) return op.equals("!=") && (x != null || y != null);
                cmp = x.compareTo(y);
            }
            return switch (op) {
                case "=", "==" -> cmp == 0;
                case "!=" -> cmp != 0;
                case "<" -> cmp < 0;
                case "<=" -> cmp <= 0;
                case ">" -> cmp > 0;
                default -> cmp >= 0;
            };
        };
    }
}
