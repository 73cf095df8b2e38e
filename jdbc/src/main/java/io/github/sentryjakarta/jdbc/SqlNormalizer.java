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
 * <p>Literals, comments and whitespace are {@link SqlLiterals}' pass; this class collapses the lists and reads
 * the tokens. No regular expressions: it also runs for every distinct text that misses the cache (statements
 * built with inlined values).
 */
final class SqlNormalizer {

    private SqlNormalizer() {
    }

    static SqlStatement normalize(String sql) {
        String text = collapseInLists(SqlLiterals.replace(sql));
        List<String> tokens = tokens(text);
        String operation = operation(tokens);
        String procedure = "CALL".equals(operation) && tokens.size() > 1 + callOffset(tokens)
                ? identifier(tokens, 1 + callOffset(tokens)) : null;
        return new SqlStatement(text, operation, collection(operation, tokens), procedure);
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
                    && (i == 0 || !SqlLiterals.isIdentifierPart(text.charAt(i - 1)))
                    && (i + k == text.length() || !SqlLiterals.isIdentifierPart(text.charAt(i + k)))) {
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
                int end = SqlLiterals.skipQuoted(text, i, c);
                tokens.add(text.substring(i, end));
                i = end;
            } else if (SqlLiterals.isIdentifierPart(c) || c == '.') {
                int end = i;
                while (end < n && (SqlLiterals.isIdentifierPart(text.charAt(end)) || text.charAt(end) == '.'
                        || text.charAt(end) == '"' || text.charAt(end) == '`')) {
                    end = text.charAt(end) == '"' || text.charAt(end) == '`' ? SqlLiterals.skipQuoted(text, end, text.charAt(end)) : end + 1;
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
