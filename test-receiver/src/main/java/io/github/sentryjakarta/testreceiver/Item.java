package io.github.sentryjakarta.testreceiver;

import jakarta.json.JsonObject;

/**
 * One item of an envelope: its header line and its payload, already parsed as a JSON object.
 */
public final class Item {

    private final JsonObject header;
    private final byte[] payload;
    private final JsonObject json;

    Item(JsonObject header, byte[] payload, JsonObject json) {
        this.header = header;
        this.payload = payload;
        this.json = json;
    }

    /**
     * The item header, for example {@code {"type":"span","item_count":2,...,"length":512}}.
     *
     * @return the item header
     */
    public JsonObject header() {
        return header;
    }

    /**
     * The item type from the header, for example {@code span}, {@code transaction} or
     * {@code client_report}.
     *
     * @return the item type
     */
    public String type() {
        return header.getString("type");
    }

    /**
     * The payload exactly as it was on the wire (a copy, so callers cannot alter the record).
     *
     * @return the payload bytes
     */
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * The payload parsed as a JSON object.
     *
     * @return the payload as JSON
     */
    public JsonObject json() {
        return json;
    }

    @Override
    public String toString() {
        return header + " " + json;
    }
}
