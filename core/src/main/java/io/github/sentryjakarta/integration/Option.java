package io.github.sentryjakarta.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One option of the library, declared once: its {@code sentry.*} key, its default as it would be written in a
 * config file, how a configured text becomes a value, the rule a value must follow with the text that says
 * what is allowed, and a one-line description. {@link SentryOptions} keeps its values, the config module
 * reads and the defaults source offers it, and the README's option table is generated from it.
 *
 * <p>The library's own options are the constants of {@link CoreOptions}; a module declares its own (as the
 * JAX-RS module does) and lists them in an {@link OptionTable}. Options whose key does not start with
 * {@code sentry.} (hooks, transport timeouts) are set in code only: no config source reads them.
 *
 * <p>Every failure is an {@link InvalidOptionException} naming the key, the value (quoted as configured when
 * it came from text) and {@link #allowed()}.
 *
 * @param <T> the type of the value
 */
public final class Option<T> {

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final String MILLIS_POSITIVE = "a number of milliseconds greater than 0";
    private static final String WHOLE_POSITIVE = "a whole number greater than 0";

    private final String key;
    private final String defaultText;
    private final String allowed;
    private final String description;
    private final String documentedDefault;
    private final Function<String, T> convert;
    private final Predicate<T> valid;
    private final UnaryOperator<T> normalise;
    private final boolean list;
    private final T defaultValue;
    /** The slot of a {@link CoreOptions} constant in {@link SentryOptions}; -1 for a module's option. */
    final int index;

    private Option(String key, String defaultText, String allowed, String description, String documentedDefault,
            Function<String, T> convert, Predicate<T> valid, UnaryOperator<T> normalise, boolean list, int index) {
        this.key = key;
        this.defaultText = defaultText;
        this.allowed = allowed;
        this.description = description;
        this.documentedDefault = documentedDefault;
        this.convert = convert;
        this.valid = valid;
        this.normalise = normalise;
        this.list = list;
        this.index = index;
        this.defaultValue = defaultText == null ? null : parse(defaultText);
    }

    // --- the kinds of option ---

    /**
     * An option of any kind: {@code convert} turns trimmed text into a value (an {@link IllegalArgumentException}
     * it throws becomes the failure, its message added in parentheses when {@code convert} is {@link Detailed}),
     * {@code valid} decides whether a value is allowed ({@code null} included, for options without a default).
     *
     * @param key the config key, e.g. {@code sentry.max-spans}, or a name for an option set in code only
     * @param defaultText the default as written in a config file; {@code null} for none, {@code ""} for an empty list
     * @param allowed what is allowed, as the failure message says it
     * @param description one line for the README's table
     * @param convert from trimmed text to a value
     * @param valid the rule every value must follow
     * @param <T> the type of the value
     * @return the option
     */
    public static <T> Option<T> of(String key, String defaultText, String allowed, String description,
            Function<String, T> convert, Predicate<T> valid) {
        return new Option<>(key, defaultText, allowed, description, null, convert, valid, UnaryOperator.identity(), false, -1);
    }

    /** @return a boolean option, {@code true} or {@code false} in any case */
    public static Option<Boolean> bool(String key, boolean defaultValue, String description) {
        return of(key, Boolean.toString(defaultValue), "true or false", description, Option::bool, Objects::nonNull);
    }

    /** @return an {@code int} option greater than 0 */
    public static Option<Integer> positiveInt(String key, int defaultValue, String description) {
        return of(key, Integer.toString(defaultValue), WHOLE_POSITIVE, description,
                text -> Integer.valueOf(integer(text)), v -> v != null && v > 0);
    }

    /** @return a {@code long} option of at least {@code min} */
    public static Option<Long> longAtLeast(String key, long defaultValue, long min, String allowed, String description) {
        return of(key, Long.toString(defaultValue), allowed, description,
                text -> Long.valueOf(integer(text)), v -> v != null && v >= min);
    }

    /** @return a duration configured in milliseconds, greater than 0 (or 0 or more with {@code zeroAllowed}) */
    public static Option<Duration> millis(String key, long defaultValue, boolean zeroAllowed, String description) {
        return of(key, Long.toString(defaultValue),
                zeroAllowed ? "a number of milliseconds, 0 or more" : MILLIS_POSITIVE, description,
                text -> Duration.ofMillis(Long.parseLong(integer(text))),
                v -> v != null && !v.isNegative() && (zeroAllowed || !v.isZero()));
    }

    /** @return a text option, trimmed when configured; {@code null} allowed only without a default */
    public static Option<String> text(String key, String defaultValue, String description) {
        return of(key, defaultValue, "a value", description, Function.identity(), v -> v != null || defaultValue == null);
    }

    /**
     * A list option: comma-separated when configured ({@code \,} is a literal comma, every other backslash is
     * kept so regexes need no extra escaping), entries trimmed and blank ones dropped.
     *
     * @param key the config key
     * @param defaultText the default list as configured; {@code ""} for an empty one
     * @param entries {@code null} for any entries; else a regex check: {@code "regex:"} for a list of names where
     *        only entries with that prefix are regexes, {@code ""} for a list of regexes
     * @param description one line for the README's table
     * @return the option
     */
    public static Option<List<String>> list(String key, String defaultText, String entries, String description) {
        UnaryOperator<List<String>> normalise = value -> {
            List<String> copy = List.copyOf(value);
            if (entries != null) {
                copy.forEach(entry -> compileEntry(key, entry, entries));
            }
            return copy;
        };
        return new Option<>(key, defaultText, entries == null ? "a list" : "valid Java regular expressions", description,
                null, Option::split, Objects::nonNull, normalise, true, -1);
    }

    /** @return this option described in the README's table with {@code text} instead of its default value */
    public Option<T> documentedDefault(String text) {
        return new Option<>(key, defaultText, allowed, description, text, convert, valid, normalise, list, index);
    }

    /** @return this option at slot {@code slot} of {@link SentryOptions}: for {@link CoreOptions} only */
    Option<T> at(int slot) {
        return new Option<>(key, defaultText, allowed, description, documentedDefault, convert, valid, normalise, list, slot);
    }

    // --- reading and checking values ---

    /**
     * @param raw the text as configured; {@code null} or blank for none
     * @return the value it stands for
     * @throws InvalidOptionException quoting {@code raw}, if it is not allowed
     */
    public T parse(String raw) {
        if (raw == null || raw.isBlank() && !list) {
            return checked(null, raw);
        }
        T value;
        try {
            value = convert.apply(raw.trim());
        } catch (InvalidOptionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidOptionException(key, raw, allowed + (convert instanceof Detailed ? " (" + e.getMessage() + ")" : ""));
        }
        return checked(value, raw);
    }

    /**
     * @param value a value set in code
     * @return the value to keep (lists are copied)
     * @throws InvalidOptionException if it is not allowed
     */
    public T check(T value) {
        // Durations are configured in milliseconds, so a failure quotes them that way.
        return checked(value, value instanceof Duration d ? d.toMillis() : value);
    }

    private T checked(T value, Object shown) {
        if (!valid.test(value)) {
            throw new InvalidOptionException(key, shown, allowed);
        }
        return value == null ? null : normalise.apply(value);
    }

    /**
     * Marks a converter whose failure message belongs in the option's failure (e.g. what is wrong with a DSN).
     *
     * @param <T> the type of the value
     */
    @FunctionalInterface
    public interface Detailed<T> extends Function<String, T> {
    }

    // --- what the table says ---

    /** @return the config key, e.g. {@code sentry.max-spans} */
    public String key() { return key; }
    /** @return whether a config source can set it: its key starts with {@code sentry.} */
    public boolean configurable() { return key.startsWith("sentry."); }
    /** @return the default as written in a config file; {@code null} for none, {@code ""} for an empty list */
    public String defaultText() { return defaultText; }
    /** @return the default value; {@code null} for none */
    public T defaultValue() { return defaultValue; }
    /** @return what is allowed, as a failure says it */
    public String allowed() { return allowed; }
    /** @return one line saying what it does */
    public String description() { return description; }
    /** @return whether the value is a list of strings */
    public boolean isList() { return list; }

    /** @return this option's row of the README's option table */
    public String markdownRow() {
        String shown = documentedDefault != null ? documentedDefault
                : defaultText == null ? "none" : defaultText.isEmpty() ? "empty" : "`" + defaultText + "`";
        return "| `" + key + "` | " + shown + " |" + (description.isEmpty() ? "" : " " + description) + " |";
    }

    @Override
    public String toString() {
        return key;
    }

    // --- conversions ---

    private static Boolean bool(String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.valueOf(text);
        }
        throw new IllegalArgumentException();
    }

    /** An optional sign and ASCII digits: {@code Long.parseLong} alone would also take other scripts' digits. */
    private static String integer(String text) {
        if (!INTEGER.matcher(text).matches()) {
            throw new IllegalArgumentException();
        }
        return text;
    }

    /**
     * Splits a list at commas. Done here rather than by {@code Config.getValues} because SmallRye treats a
     * backslash before any character as an escape, which would silently turn the regex {@code \d+} into
     * {@code d+}; here only {@code \,} is an escape.
     */
    private static List<String> split(String raw) {
        List<String> out = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length() && raw.charAt(i + 1) == ',') {
                item.append(',');
                i++;
            } else if (c == ',') {
                addTrimmed(out, item);
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
        addTrimmed(out, item);
        return List.copyOf(out);
    }

    private static void addTrimmed(List<String> out, CharSequence item) {
        String v = item.toString().trim();
        if (!v.isEmpty()) {
            out.add(v);
        }
    }

    private static void compileEntry(String key, String entry, String prefix) {
        if (!entry.startsWith(prefix)) {
            return;
        }
        try {
            Pattern.compile(entry.substring(prefix.length()));
        } catch (PatternSyntaxException e) {
            throw new InvalidOptionException(key, entry, "valid Java regular expressions (" + e.getDescription() + ")");
        }
    }
}
