package io.github.sentryjakarta.jdbc;

import java.util.Locale;

/**
 * What every span of one database says about it, read once from its JDBC URL: {@code db.system.name} (the
 * OpenTelemetry / Sentry well-known identifier), {@code db.namespace} (the database), {@code server.address} and
 * {@code server.port}. Only host, port and database name are taken from the URL, never users, passwords or
 * other properties. Fields the URL does not reveal are {@code null} (the port: 0).
 */
record Database(String system, String namespace, String address, int port) {

    static final Database UNKNOWN = new Database("other_sql", null, null, 0);

    /** @param url a JDBC URL ({@code jdbc:postgresql://db:5432/shop}, {@code jdbc:h2:mem:test}, ...) */
    static Database fromUrl(String url) {
        if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
            return UNKNOWN;
        }
        String rest = url.substring(5);
        int colon = rest.indexOf(':');
        String subprotocol = (colon < 0 ? rest : rest.substring(0, colon)).toLowerCase(Locale.ROOT);
        String remainder = colon < 0 ? "" : rest.substring(colon + 1);
        String system = system(subprotocol);
        return switch (subprotocol) {
            case "h2" -> embeddedOrServer(system, remainder, "mem:", "file:", "tcp:", "ssl:");
            case "hsqldb" -> embeddedOrServer(system, remainder, "mem:", "file:", "res:", "hsql:", "hsqls:", "http:", "https:");
            case "derby" -> embeddedOrServer(system, remainder, "memory:", "directory:", "classpath:", "jar:");
            case "sqlserver", "jtds" -> sqlServer(system, remainder);
            case "oracle" -> oracle(system, remainder);
            default -> server(system, remainder);
        };
    }

    private static String system(String subprotocol) {
        return switch (subprotocol) {
            case "postgresql", "pgsql" -> "postgresql";
            case "mysql" -> "mysql";
            case "mariadb" -> "mariadb";
            case "sqlserver", "jtds" -> "microsoft.sql_server";
            case "oracle" -> "oracle.db";
            case "db2", "as400" -> "ibm.db2";
            case "h2" -> "h2database";
            case "hsqldb" -> "hsqldb";
            case "derby" -> "derby";
            case "sqlite" -> "sqlite";
            case "clickhouse", "ch" -> "clickhouse";
            case "sap" -> "sap.hana";
            case "informix-sqli" -> "ibm.informix";
            case "firebirdsql" -> "firebirdsql";
            case "cockroachdb" -> "cockroachdb";
            default -> "other_sql";
        };
    }

    /** {@code //host:port/db?…}; also the part after a driver-specific prefix such as {@code tcp:}. */
    private static Database server(String system, String remainder) {
        int slashes = remainder.indexOf("//");
        if (slashes < 0) {
            return new Database(system, cut(remainder), null, 0);
        }
        String authorityAndPath = remainder.substring(slashes + 2);
        int pathStart = firstOf(authorityAndPath, "/;?");
        String authority = pathStart < 0 ? authorityAndPath : authorityAndPath.substring(0, pathStart);
        authority = authority.substring(authority.lastIndexOf('@') + 1); // never credentials
        int comma = authority.indexOf(','); // several hosts: the first
        if (comma >= 0) {
            authority = authority.substring(0, comma);
        }
        String namespace = pathStart >= 0 && authorityAndPath.charAt(pathStart) == '/'
                ? cut(authorityAndPath.substring(pathStart + 1)) : null;
        return withAuthority(system, namespace, authority);
    }

    private static Database withAuthority(String system, String namespace, String authority) {
        String host = authority;
        int port = 0;
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && authority.indexOf(']') < colon) {
            host = authority.substring(0, colon);
            port = parsePort(authority.substring(colon + 1));
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Database(system, namespace, host.isEmpty() ? null : host, port);
    }

    /** H2, HSQLDB, Derby: {@code mem:name}, {@code file:/path/name}, {@code tcp://host:port/name}. */
    private static Database embeddedOrServer(String system, String remainder, String... prefixes) {
        String rest = remainder;
        for (String prefix : prefixes) {
            if (rest.regionMatches(true, 0, prefix, 0, prefix.length())) {
                rest = rest.substring(prefix.length());
                break;
            }
        }
        if (rest.startsWith("//")) {
            Database server = server(system, rest);
            return new Database(system, lastSegment(server.namespace()), server.address(), server.port());
        }
        return new Database(system, lastSegment(cut(rest)), null, 0);
    }

    /** {@code //host\instance:port;databaseName=shop;…} */
    private static Database sqlServer(String system, String remainder) {
        Database server = server(system, remainder);
        String namespace = property(remainder, "databaseName");
        if (namespace == null) {
            namespace = property(remainder, "database");
        }
        String address = server.address();
        if (address != null && address.indexOf('\\') >= 0) {
            address = address.substring(0, address.indexOf('\\'));
        }
        return new Database(system, namespace, address, server.port());
    }

    /** {@code thin:@host:port:sid}, {@code thin:@//host:port/service}; TNS descriptors reveal nothing cheaply. */
    private static Database oracle(String system, String remainder) {
        int at = remainder.indexOf('@');
        if (at < 0) {
            return new Database(system, null, null, 0);
        }
        String target = remainder.substring(at + 1);
        if (target.startsWith("//")) {
            return server(system, target);
        }
        if (target.startsWith("(")) {
            return new Database(system, null, null, 0);
        }
        String[] parts = target.split("[:/]", 3);
        int port = parts.length > 1 ? parsePort(parts[1]) : 0;
        return new Database(system, parts.length > 2 ? cut(parts[2]) : null, parts[0].isEmpty() ? null : parts[0], port);
    }

    private static String property(String remainder, String key) {
        for (String part : remainder.split(";")) {
            int equals = part.indexOf('=');
            if (equals > 0 && part.substring(0, equals).trim().equalsIgnoreCase(key)) {
                String value = part.substring(equals + 1).trim();
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /** Drops properties: everything from the first {@code ;} or {@code ?}. */
    private static String cut(String value) {
        int end = firstOf(value, ";?");
        String cut = end < 0 ? value : value.substring(0, end);
        return cut.isEmpty() ? null : cut;
    }

    private static String lastSegment(String path) {
        if (path == null) {
            return null;
        }
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        String name = slash < 0 ? path : path.substring(slash + 1);
        if (name.startsWith("~")) {
            name = name.substring(1);
        }
        return name.isEmpty() ? null : name;
    }

    private static int firstOf(String value, String characters) {
        for (int i = 0; i < value.length(); i++) {
            if (characters.indexOf(value.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            return port > 0 && port < 65536 ? port : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
