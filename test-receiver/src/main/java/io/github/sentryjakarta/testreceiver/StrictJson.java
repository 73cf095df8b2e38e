package io.github.sentryjakarta.testreceiver;

import jakarta.json.Json;
import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Parses one JSON object as strictly as Relay's serde_json does.
 *
 * <p>Parsson alone is lenient in two ways that would hide writer bugs: its reader ignores anything
 * after the first value, and its parser lets a duplicate key silently overwrite the first. So the
 * text is streamed once through the parser (syntax and trailing data) and once through a reader
 * configured to refuse duplicate keys.
 */
final class StrictJson {

    private static final Map<String, ?> NO_DUPLICATE_KEYS =
            Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE);
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());
    private static final JsonReaderFactory READERS = Json.createReaderFactory(NO_DUPLICATE_KEYS);

    private StrictJson() {
    }

    static JsonObject object(byte[] bytes, int from, int to, String what) {
        String text = utf8(bytes, from, to, what);
        try {
            requireSingleValue(text);
            JsonValue value;
            try (JsonReader reader = READERS.createReader(new StringReader(text))) {
                value = reader.readValue();
            }
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new MalformedEnvelopeException(what + " is " + value.getValueType() + ", not a JSON object");
            }
            requireFiniteNumbers(value, what);
            return value.asJsonObject();
        } catch (JsonException e) {
            throw new MalformedEnvelopeException(what + " is not valid JSON: " + e.getMessage());
        }
    }

    private static void requireSingleValue(String text) {
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new MalformedEnvelopeException("empty JSON");
            }
            // Walking every event makes the parser check the whole text, including what trails the value.
            while (parser.hasNext()) {
                parser.next();
            }
        }
    }

    // 1e999 is valid JSON text, but Relay reads numbers as f64 and refuses values that overflow it.
    private static void requireFiniteNumbers(JsonValue value, String what) {
        switch (value.getValueType()) {
            case OBJECT -> value.asJsonObject().values().forEach(v -> requireFiniteNumbers(v, what));
            case ARRAY -> value.asJsonArray().forEach(v -> requireFiniteNumbers(v, what));
            case NUMBER -> {
                if (!Double.isFinite(((JsonNumber) value).doubleValue())) {
                    throw new MalformedEnvelopeException(what + " has a number out of range: " + value);
                }
            }
            default -> {
                // strings, booleans and null cannot be out of range
            }
        }
    }

    // Malformed UTF-8 must fail: a lenient decoder would replace it with U+FFFD and hide the bug.
    private static String utf8(byte[] bytes, int from, int to, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedEnvelopeException(what + " is not valid UTF-8");
        }
    }
}
