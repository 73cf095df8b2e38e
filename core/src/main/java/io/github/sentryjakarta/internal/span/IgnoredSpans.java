package io.github.sentryjakarta.internal.span;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code sentry.ignore-spans}: exact names, and {@code regex:} entries that must match the whole name.
 */
public final class IgnoredSpans {

    private final Set<String> names = new HashSet<>();
    private final List<Pattern> patterns = new ArrayList<>();

    public IgnoredSpans(List<String> entries) {
        for (String entry : entries) {
            if (entry.startsWith("regex:")) {
                patterns.add(Pattern.compile(entry.substring(6)));
            } else {
                names.add(entry);
            }
        }
    }

    public boolean isEmpty() {
        return names.isEmpty() && patterns.isEmpty();
    }

    public boolean matches(String name) {
        if (names.contains(name)) {
            return true;
        }
        for (Pattern pattern : patterns) {
            if (pattern.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }
}
