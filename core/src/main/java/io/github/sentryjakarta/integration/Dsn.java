package io.github.sentryjakarta.integration;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed Sentry DSN: {@code scheme://public_key[:secret]@host[:port]/[path/]project_id}.
 *
 * <p>{@link #toString()} never shows the secret; error messages never quote it either.
 */
public final class Dsn {

    private final String scheme;
    private final String publicKey;
    private final String host;
    private final int port;
    private final String path;
    private final String projectId;

    private Dsn(String scheme, String publicKey, String host, int port, String path, String projectId) {
        this.scheme = scheme;
        this.publicKey = publicKey;
        this.host = host;
        this.port = port;
        this.path = path;
        this.projectId = projectId;
    }

    /**
     * Parses a DSN.
     *
     * @throws IllegalArgumentException naming what is wrong, without quoting the secret
     */
    public static Dsn parse(String dsn) {
        if (dsn == null || dsn.isBlank()) {
            throw new IllegalArgumentException("a DSN is required");
        }
        URI uri;
        try {
            uri = new URI(dsn.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the DSN is not a URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("the DSN scheme must be http or https");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || userInfo.isEmpty() || userInfo.startsWith(":")) {
            throw new IllegalArgumentException("the DSN has no public key");
        }
        int colon = userInfo.indexOf(':');
        String publicKey = colon < 0 ? userInfo : userInfo.substring(0, colon);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the DSN has no host");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new IllegalArgumentException("the DSN port must be from 1 to 65535");
        }
        String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (rawPath.endsWith("/")) {
            rawPath = rawPath.substring(0, rawPath.length() - 1);
        }
        int slash = rawPath.lastIndexOf('/');
        String projectId = slash < 0 ? "" : rawPath.substring(slash + 1);
        if (projectId.isEmpty() || !projectId.chars().allMatch(Character::isLetterOrDigit)) {
            throw new IllegalArgumentException("the DSN has no project id (…/project_id)");
        }
        return new Dsn(scheme, publicKey, uri.getHost(), uri.getPort(), rawPath.substring(0, slash + 1), projectId);
    }

    /**
     * @return the text of a DSN, valid or not, with the secret of its user info (if any) replaced by
     *         {@code ***}, fit for a message
     */
    public static String redact(String dsn) {
        if (dsn == null) {
            return null;
        }
        // Whatever the text looks like: from the first ':' after the scheme up to the last '@' is the secret.
        int at = dsn.lastIndexOf('@');
        int scheme = dsn.indexOf("://");
        int from = scheme >= 0 && scheme < at ? scheme + 3 : 0;
        int colon = at < 0 ? -1 : dsn.indexOf(':', from);
        return colon < 0 || colon > at ? dsn : dsn.substring(0, colon) + ":***" + dsn.substring(at);
    }

    /** @return the public key */
    public String publicKey() {
        return publicKey;
    }

    /** @return the host name */
    public String host() {
        return host;
    }

    /** @return the port requests go to: the DSN's, else the scheme's default */
    public int port() {
        return effectivePort(scheme, port);
    }

    public static int effectivePort(String scheme, int port) {
        return port >= 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    /** @return the project id */
    public String projectId() {
        return projectId;
    }

    /** @return the org id from a host like {@code o123.ingest.sentry.io}, if it has one */
    public Optional<String> orgId() {
        if (host.length() > 2 && host.charAt(0) == 'o') {
            int dot = host.indexOf('.');
            if (dot > 1 && host.substring(1, dot).chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.of(host.substring(1, dot));
            }
        }
        return Optional.empty();
    }

    /** @return {@code scheme://host[:port]/[path/]api/{project_id}/envelope/} */
    public URI envelopeUri() {
        return URI.create(scheme + "://" + host + (port < 0 ? "" : ":" + port) + path + "api/" + projectId + "/envelope/");
    }

    /** @return the value of the {@code X-Sentry-Auth} header for the given client string */
    public String authHeader(String client) {
        return "Sentry sentry_key=" + publicKey + ", sentry_version=7, sentry_client=" + client;
    }

    @Override
    public String toString() {
        return scheme + "://" + publicKey + "@" + host + (port < 0 ? "" : ":" + port) + path + projectId;
    }
}
