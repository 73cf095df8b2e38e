package io.github.sentryjakarta.jdbc;

/**
 * The lexical half of {@link SqlNormalizer}: one pass over SQL text that replaces string, numeric, hex,
 * dollar-quoted and boolean literals with {@code ?}, drops comments (they may hold data too) and collapses
 * whitespace to one space, leaving placeholders and quoted identifiers as written. No regular expressions: it
 * runs for every distinct text that misses the cache.
 */
final class SqlLiterals {

    private SqlLiterals() {
    }

    static String replace(String sql) {
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
    static int skipQuoted(String sql, int start, char quote) {
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

    static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '#' || c == '@';
    }

}
