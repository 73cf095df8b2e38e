package io.github.sentryjakarta.config;

import io.github.sentryjakarta.integration.Option;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The lowest-precedence source of {@code sentry.*} values: the documented defaults, overlaid by a
 * {@code sentry.properties} file at the root of the classpath if there is one.
 *
 * <p>Its ordinal is {@value #ORDINAL}, below {@code META-INF/microprofile-config.properties} (100),
 * environment variables (300) and system properties (400), so anything configured the MicroProfile way
 * wins. It is registered in {@code META-INF/services/org.eclipse.microprofile.config.spi.ConfigSource} and
 * so is discovered by every MicroProfile Config implementation.
 *
 * <p>{@code sentry.properties} is read for parity with Sentry's official Java SDK, whose file holds keys
 * without a prefix ({@code dsn=...}, {@code traces-sample-rate=...}); keys may be written with or without
 * the {@code sentry.} prefix and are exposed with it. If the file holds both forms of a key, the prefixed
 * one wins. The file is read once, as UTF-8 (as MicroProfile Config reads its own properties file), from
 * the thread context class loader when this source is created, or from this class's loader if there is no
 * context class loader.
 */
public final class SentryDefaultsConfigSource implements ConfigSource {

    /** The ordinal of this source. */
    public static final int ORDINAL = 50;

    /** The classpath resource read on top of the defaults. */
    static final String RESOURCE = "sentry.properties";

    static final String NAME = "sentry-jakarta defaults";

    private static final String PREFIX = "sentry.";

    private final String name;
    private final Map<String, String> properties;

    /**
     * Creates the source, reading {@code sentry.properties} through the thread context class loader.
     *
     * @throws UncheckedIOException if a {@code sentry.properties} exists but cannot be read
     * @throws IllegalArgumentException if it is not a valid properties file
     */
    public SentryDefaultsConfigSource() {
        this(contextClassLoader());
    }

    /** For tests: reads {@code sentry.properties} through the given loader ({@code null}: the system loader). */
    SentryDefaultsConfigSource(ClassLoader loader) {
        Map<String, String> values = defaults();
        URL file = loader == null ? ClassLoader.getSystemResource(RESOURCE) : loader.getResource(RESOURCE);
        if (file == null) {
            name = NAME;
        } else {
            values.putAll(normalised(read(file)));
            // The URL in the name tells whoever debugs "where does this value come from" which file was used.
            name = NAME + " + " + file;
        }
        properties = Collections.unmodifiableMap(values);
    }

    /**
     * The defaults of {@link SentryConfig#options()} that are written as text. Left out: options without a
     * default (dsn, traces-sample-rate, ...), those whose default is computed when the options are built
     * (server-name is the host name, org-id comes from the DSN) and empty lists, since MicroProfile Config
     * treats an empty value as "not set" anyway.
     */
    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        for (Option<?> option : SentryConfig.options()) {
            if (option.defaultText() != null && !option.defaultText().isEmpty()) {
                d.put(option.key(), option.defaultText());
            }
        }
        return d;
    }

    private static ClassLoader contextClassLoader() {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        return tccl != null ? tccl : SentryDefaultsConfigSource.class.getClassLoader();
    }

    private static Properties read(URL file) {
        try {
            URLConnection connection = file.openConnection();
            // No JAR cache: a cached JarFile would keep the application's jar open (and locked on Windows)
            // after an undeploy.
            connection.setUseCaches(false);
            Properties p = new Properties();
            try (InputStream in = connection.getInputStream();
                    Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                p.load(reader);
            }
            return p;
        } catch (IOException e) {
            // The file's name only, never its content: it may hold a DSN secret.
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (IllegalArgumentException e) {
            // Properties.load rejects a malformed \\uXXXX escape; its message does not quote the content.
            throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Adds the {@code sentry.} prefix where missing; a prefixed key beats its unprefixed twin. */
    static Map<String, String> normalised(Properties p) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith(PREFIX)) {
                out.putIfAbsent(PREFIX + key, p.getProperty(key));
            }
        }
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(PREFIX)) {
                out.put(key, p.getProperty(key));
            }
        }
        return out;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return name;
    }

    /** Fixed at {@value #ORDINAL}; a {@code config_ordinal} entry in {@code sentry.properties} is not honoured. */
    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
