package io.github.sentryjakarta.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns SQL into the text a span may show: string, numeric, hex, dollar-quoted and boolean literals become
 * {@code ?}, comments go (they may hold data too), whitespace collapses to one space, and lists of
 * placeholders after {@code IN} collapse to {@code IN (?)}, so that the same query with other values or another
 * number of ids reads the same: what Sentry groups its slow-query and N+1 views by. Placeholders ({@code ?},
 * {@code $1}, {@code :name}) and quoted identifiers stay as written. Also reads the operation and, when the
 * statement plainly names a single table, the collection.
 *
 * <p>One linear pass, no regular expressions: it also runs for every distinct text that misses the cache
 * (statements built with inlined values).
 */
final class SqlNormalizer {

    private SqlNormalizer() {
    }

    static SqlStatement normalize(String sql) {
        String text = collapseInLists(replaceLiterals(sql));
        List<String> tokens = tokens(text);
        String operation = operation(tokens);
        String procedure = "CALL".equals(operation) && tokens.size() > 1 + callOffset(tokens)
                ? identifier(tokens, 1 + callOffset(tokens)) : null;
        return new SqlStatement(text, operation, collection(operation, tokens), procedure);
    }

    // ------------------------------------------------------------------ literals, comments, whitespace

    static String replaceLiterals(String sql) {
        int n = sql.length();
        StringBuilder out = new StringBuilder(n);
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i = skipWhitespace(sql, i);
                space(out);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
                space(out);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                space(out);
            } else if (c == '\'') {
                dropLiteralPrefix(out);
                int end = skipQuoted(sql, i, '\'');
                out.append('?');
                i = end == AMBIGUOUS ? n : end;
            } else if (c == '"' || c == '`') {
                int end = skipQuoted(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if (c == '[' && !identifierEnd(out)) {
                int end = sql.indexOf(']', i);
                end = end < 0 ? n : end + 1;
                out.append(sql, i, end);
                i = end;
            } else if (c == '$' && i + 1 < n && (sql.charAt(i + 1) == '$' || Character.isLetter(sql.charAt(i + 1)))
                    && !identifierEnd(out)) {
                int tagEnd = sql.indexOf('$', i + 1);
                String tag = tagEnd < 0 ? null : sql.substring(i, tagEnd + 1);
                int close = tag == null || !validTag(tag) ? -1 : sql.indexOf(tag, tagEnd + 1);
                if (close < 0) {
                    out.append(c);
                    i++;
                } else {
                    out.append('?');
                    i = close + tag.length();
                }
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1)))) {
                if (identifierEnd(out) || endsWith(out, '$') || endsWith(out, ':')) {
                    // part of a name (t1, col2), a placeholder ($1) or a named parameter (:1): keep it
                    int end = i;
                    while (end < n && Character.isLetterOrDigit(sql.charAt(end))) {
                        end++;
                    }
                    out.append(sql, i, end);
                    i = end;
                } else {
                    i = skipNumber(sql, i);
                    out.append('?');
                }
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < n && isIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                if (isBoolean(sql, i, end) && !endsWith(out, '.')) {
                    out.append('?');
                } else {
                    out.append(sql, i, end);
                }
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        int length = out.length();
        while (length > 0 && (out.charAt(length - 1) == ' ' || out.charAt(length - 1) == ';')) {
            length--;
        }
        out.setLength(length);
        return out.toString();
    }

    private static int skipWhitespace(String sql, int i) {
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private static void space(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
            out.append(' ');
        }
    }

    /** A single-quoted literal whose end depends on the dialect: see {@link #skipQuoted}. */
    private static final int AMBIGUOUS = -1;

    /**
     * @return the index after the closing quote (a doubled quote is an escaped one), or {@link #AMBIGUOUS} for a
     *     single-quoted literal with a quote after an odd number of backslashes: MySQL reads {@code \'} as an
     *     escaped quote, standard SQL as a backslash and the end of the literal, and each reading would show a
     *     different part of the rest of the text as SQL
     */
    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        int n = sql.length();
        int backslashes = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == quote) {
                if (quote == '\'' && backslashes % 2 == 1) {
                    return AMBIGUOUS;
                }
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
                backslashes = 0;
            } else {
                backslashes = c == '\\' ? backslashes + 1 : 0;
                i++;
            }
        }
        return n;
    }

    /** {@code N'…'}, {@code E'…'}, {@code X'…'}, {@code B'…'}, {@code U&'…'}: the prefix belongs to the literal. */
    private static void dropLiteralPrefix(StringBuilder out) {
        int length = out.length();
        if (length >= 2 && out.charAt(length - 1) == '&' && Character.toUpperCase(out.charAt(length - 2)) == 'U'
                && (length == 2 || !isIdentifierPart(out.charAt(length - 3)))) {
            out.setLength(length - 2);
            return;
        }
        if (length >= 1 && "NnEeXxBb".indexOf(out.charAt(length - 1)) >= 0
                && (length == 1 || !isIdentifierPart(out.charAt(length - 2)))) {
            out.setLength(length - 1);
        }
    }

    private static int skipNumber(String sql, int i) {
        int n = sql.length();
        if (sql.charAt(i) == '0' && i + 1 < n && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X')) {
            i += 2;
            while (i < n && Character.digit(sql.charAt(i), 16) >= 0) {
                i++;
            }
            return i;
        }
        while (i < n && (isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
            i++;
        }
        if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int exponent = i + 1;
            if (exponent < n && (sql.charAt(exponent) == '+' || sql.charAt(exponent) == '-')) {
                exponent++;
            }
            if (exponent < n && isDigit(sql.charAt(exponent))) {
                i = exponent;
                while (i < n && isDigit(sql.charAt(i))) {
                    i++;
                }
            }
        }
        // a type suffix (1L, 2.5D, 3BD) is part of the literal
        while (i < n && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean validTag(String tag) {
        for (int i = 1; i < tag.length() - 1; i++) {
            if (!isIdentifierPart(tag.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBoolean(String sql, int start, int end) {
        int length = end - start;
        return (length == 4 && sql.regionMatches(true, start, "TRUE", 0, 4))
                || (length == 5 && sql.regionMatches(true, start, "FALSE", 0, 5));
    }

    private static boolean identifierEnd(StringBuilder out) {
        return out.length() > 0 && isIdentifierPart(out.charAt(out.length() - 1));
    }

    private static boolean endsWith(StringBuilder out, char c) {
        return out.length() > 0 && out.charAt(out.length() - 1) == c;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '#' || c == '@';
    }

    // ------------------------------------------------------------------ IN (?, ?, ?) -> IN (?)

    static String collapseInLists(String text) {
        if (text.indexOf('?') < 0) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (true) {
            int in = indexOfKeyword(text, "IN", from);
            if (in < 0) {
                break;
            }
            int i = in + 2;
            if (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            int end = placeholderListEnd(text, i);
            if (end > 0) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, in).append(text, in, in + 2).append(" (?)");
                copied = end;
            }
            from = Math.max(i, end);
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** @return the index after {@code (?, ?, …)} starting at {@code i}, or -1 */
    private static int placeholderListEnd(String text, int i) {
        int n = text.length();
        if (i >= n || text.charAt(i) != '(') {
            return -1;
        }
        i++;
        boolean expectPlaceholder = true;
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ') {
                i++;
            } else if (expectPlaceholder && c == '?') {
                expectPlaceholder = false;
                i++;
            } else if (!expectPlaceholder && c == ',') {
                expectPlaceholder = true;
                i++;
            } else if (!expectPlaceholder && c == ')') {
                return i + 1;
            } else {
                return -1;
            }
        }
        return -1;
    }

    private static int indexOfKeyword(String text, String keyword, int from) {
        int k = keyword.length();
        for (int i = from; i + k <= text.length(); i++) {
            if (text.regionMatches(true, i, keyword, 0, k)
                    && (i == 0 || !isIdentifierPart(text.charAt(i - 1)))
                    && (i + k == text.length() || !isIdentifierPart(text.charAt(i + k)))) {
                return i;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ operation and collection

    /** Words, quoted identifiers and single punctuation characters of the normalized text. */
    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '"' || c == '`') {
                int end = skipQuoted(text, i, c);
                tokens.add(text.substring(i, end));
                i = end;
            } else if (isIdentifierPart(c) || c == '.') {
                int end = i;
                while (end < n && (isIdentifierPart(text.charAt(end)) || text.charAt(end) == '.'
                        || text.charAt(end) == '"' || text.charAt(end) == '`')) {
                    end = text.charAt(end) == '"' || text.charAt(end) == '`' ? skipQuoted(text, end, text.charAt(end)) : end + 1;
                }
                tokens.add(text.substring(i, end));
                i = end;
            } else {
                tokens.add(String.valueOf(c));
                i++;
            }
        }
        return tokens;
    }

    private static String operation(List<String> tokens) {
        int i = 0;
        while (i < tokens.size() && (tokens.get(i).equals("(") || tokens.get(i).equals("{"))) {
            i++;
        }
        if (i < tokens.size() && tokens.get(i).equals("?")) {
            i += 2; // {? = call proc(?)}
        }
        if (i >= tokens.size() || !Character.isLetter(tokens.get(i).charAt(0))) {
            return null;
        }
        String word = tokens.get(i);
        return word.length() > 32 ? null : word.toUpperCase(Locale.ROOT);
    }

    private static int callOffset(List<String> tokens) {
        int i = 0;
        while (i < tokens.size() && !tokens.get(i).equalsIgnoreCase("CALL")) {
            i++;
        }
        return i;
    }

    private static String collection(String operation, List<String> tokens) {
        if (operation == null || tokens.size() < 2) {
            return null;
        }
        switch (operation) {
            case "INSERT", "MERGE", "REPLACE":
                return afterKeyword(tokens, "INTO");
            case "UPDATE":
                return identifier(tokens, 1);
            case "DELETE":
                return afterKeyword(tokens, "FROM");
            case "SELECT":
                return singleTableOfSelect(tokens);
            default:
                return null;
        }
    }

    private static String afterKeyword(List<String> tokens, String keyword) {
        for (int i = 0; i < tokens.size() - 1; i++) {
            if (tokens.get(i).equalsIgnoreCase(keyword)) {
                return identifier(tokens, i + 1);
            }
        }
        return null;
    }

    /** The table of {@code SELECT … FROM t [alias] [WHERE …]}; none for joins, several tables, subqueries, unions. */
    private static String singleTableOfSelect(List<String> tokens) {
        int depth = 0;
        while (-depth < tokens.size() && tokens.get(-depth).equals("(")) {
            depth--; // (SELECT … FROM t): the statement's own parentheses
        }
        int from = -1;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.equals("(")) {
                depth++;
            } else if (token.equals(")")) {
                depth--;
            } else if (depth == 0 && (token.equalsIgnoreCase("JOIN") || token.equalsIgnoreCase("UNION")
                    || token.equalsIgnoreCase("INTERSECT") || token.equalsIgnoreCase("EXCEPT"))) {
                return null;
            } else if (depth == 0 && from < 0 && token.equalsIgnoreCase("FROM")) {
                from = i;
            } else if (depth == 0 && from >= 0 && token.equals(",") && !afterFromClause(tokens, from, i)) {
                return null;
            }
        }
        return from < 0 ? null : identifier(tokens, from + 1);
    }

    private static boolean afterFromClause(List<String> tokens, int from, int index) {
        for (int i = from + 1; i < index; i++) {
            String token = tokens.get(i);
            if (token.equalsIgnoreCase("WHERE") || token.equalsIgnoreCase("GROUP") || token.equalsIgnoreCase("ORDER")
                    || token.equalsIgnoreCase("HAVING") || token.equalsIgnoreCase("LIMIT")) {
                return true;
            }
        }
        return false;
    }

    private static String identifier(List<String> tokens, int index) {
        if (index >= tokens.size()) {
            return null;
        }
        String token = tokens.get(index);
        char first = token.charAt(0);
        return Character.isLetter(first) || first == '_' || first == '"' || first == '`' ? token : null;
    }
}
