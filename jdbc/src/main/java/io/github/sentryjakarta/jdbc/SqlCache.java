package io.github.sentryjakarta.jdbc;

/**
 * Remembers the {@link SqlStatement} of recently executed texts, so that a query normalizes once, not per
 * execution. Direct-mapped: a text has one slot, chosen by its hash; a newer text of the same slot replaces the
 * older one. Bounded ({@value #SLOTS} entries, texts up to {@value #MAX_CACHED_LENGTH} characters), lock-free
 * (entries are immutable; a lost race only normalizes once more), and a hit allocates nothing. Applications
 * reuse the same {@code String} for a query (ORMs keep their SQL), so a hit is usually an identity compare.
 */
final class SqlCache {

    static final int SLOTS = 2048;
    static final int MAX_CACHED_LENGTH = 16_384;

    private record Entry(String sql, SqlStatement statement) {
    }

    private final Entry[] slots = new Entry[SLOTS];

    SqlStatement get(String sql) {
        if (sql.length() > MAX_CACHED_LENGTH) {
            return SqlNormalizer.normalize(sql);
        }
        int hash = sql.hashCode();
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        Entry entry = slots[slot];
        if (entry != null && (entry.sql == sql || entry.sql.equals(sql))) {
            return entry.statement;
        }
        SqlStatement statement = SqlNormalizer.normalize(sql);
        slots[slot] = new Entry(sql, statement);
        return statement;
    }
}
