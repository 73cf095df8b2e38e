package io.github.sentryjakarta.jdbc;

/**
 * What a span says about one SQL text: the text with its literals replaced by {@code ?} (the span's name and
 * {@code db.query.text}), the operation ({@code SELECT}, {@code INSERT}, ...) and, where one table is plainly
 * named, the collection; {@code procedure} for a {@code CALL}. Fields the text does not reveal are {@code null}.
 */
record SqlStatement(String text, String operation, String collection, String procedure) {

    /** A {@code Statement} batch of different texts: one span for all of them. */
    static final SqlStatement MIXED_BATCH = new SqlStatement("BATCH", "BATCH", null, null);
}
