package io.github.sentryjakarta.testreceiver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Undoes the request's {@code Content-Encoding}. Only gzip is supported because it is the only
 * encoding the SPEC lets the client send; anything else is a client bug worth reporting.
 */
final class ContentEncoding {

    private ContentEncoding() {
    }

    static boolean isGzip(String encoding) {
        return encoding != null && encoding.trim().equalsIgnoreCase("gzip");
    }

    static byte[] decode(String encoding, byte[] body) throws Refusal {
        if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
            return body;
        }
        if (!isGzip(encoding)) {
            throw new Refusal(400, "unsupported Content-Encoding: " + encoding);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            // Read one byte past the cap so that a gzip bomb is refused instead of exhausting the heap.
            byte[] decoded = in.readNBytes(Exchanges.MAX_BODY_BYTES + 1);
            if (decoded.length > Exchanges.MAX_BODY_BYTES) {
                throw new Refusal(413, "decompressed envelope exceeds " + Exchanges.MAX_BODY_BYTES + " bytes");
            }
            return decoded;
        } catch (IOException e) {
            throw new Refusal(400, "body is not valid gzip: " + e.getMessage());
        }
    }
}
