package io.github.sentryjakarta.internal.transport;

import io.github.sentryjakarta.internal.outcome.DataCategory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * {@code sentry.outbox-dir}: where envelopes that could not be sent before shutdown wait for the next start.
 * Each is one file holding the body as it would have been posted (gzip or not), named
 * {@code <millis>-<n>.<spans>s<transactions>t.envelope} so that its counts survive without parsing. A file is
 * written under a temporary name and moved into place, so a crash never leaves half an envelope under a
 * valid name.
 *
 * <p>At start every valid file is read and deleted before it is sent: a file is sent at most once, also when
 * two processes share the directory (the one whose delete succeeds sends it). A file that is not ours (other
 * name, not one of our envelopes) is left alone and named once in the log, never a start failure.
 */
final class Outbox {

    private static final Logger LOG = System.getLogger(Outbox.class.getName());
    private static final Pattern NAME = Pattern.compile("(\\d+)-(\\d+)\\.(\\d+)s(\\d+)t\\.envelope");
    private static final byte[] SDK_MARK = "\"sdk\":{\"name\":\"sentry.java.jakarta\"".getBytes(StandardCharsets.US_ASCII);
    /** An envelope header is a few hundred bytes; reading stops here when looking for its end. */
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final long MAX_FILE_BYTES = 20_000_000;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Path dir;
    private final int maxEnvelopes;
    private final long maxBytes;

    Outbox(Path dir, int maxEnvelopes, long maxBytes) {
        this.dir = dir;
        this.maxEnvelopes = maxEnvelopes;
        this.maxBytes = maxBytes;
    }

    Path dir() {
        return dir;
    }

    /** @return the envelopes left by an earlier run, oldest first, their files already deleted */
    List<Outgoing> takeAll() {
        List<Outgoing> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
            listing.forEach(files::add);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "sentry-jakarta could not read the outbox " + dir + ": " + e);
            return out;
        }
        files.sort(Outbox::byAge);
        for (Path file : files) {
            Matcher name = NAME.matcher(file.getFileName().toString());
            if (!name.matches()) {
                skipped.add(file.getFileName().toString());
                continue;
            }
            try {
                if (Files.size(file) > MAX_FILE_BYTES) {
                    skipped.add(file.getFileName().toString());
                    continue;
                }
                byte[] body = Files.readAllBytes(file);
                if (!isOurEnvelope(body)) {
                    skipped.add(file.getFileName().toString());
                    continue;
                }
                Files.delete(file); // the claim: only the one who deletes it sends it
                int spans = Integer.parseInt(name.group(3));
                int transactions = Integer.parseInt(name.group(4));
                DataCategory category = transactions > 0 ? DataCategory.TRANSACTION
                        : spans > 0 ? DataCategory.SPAN : DataCategory.CLIENT_REPORT;
                out.add(new Outgoing(body, null, spans, transactions, List.of(), category));
            } catch (IOException | RuntimeException e) {
                skipped.add(file.getFileName() + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (!skipped.isEmpty()) {
            LOG.log(Level.WARNING, "sentry-jakarta left " + skipped.size() + " file(s) in the outbox " + dir
                    + " that are not envelopes it wrote: " + String.join(", ", skipped.subList(0, Math.min(10, skipped.size())))
                    + (skipped.size() > 10 ? ", ..." : ""));
        }
        if (!out.isEmpty()) {
            LOG.log(Level.INFO, "sentry-jakarta found " + out.size() + " envelope(s) in the outbox " + dir
                    + "; they are sent first");
        }
        return out;
    }

    private static int byAge(Path a, Path b) {
        return a.getFileName().toString().compareTo(b.getFileName().toString());
    }

    /** @return whether the bytes (gzip or not, see {@link Gzip}) start with one of this library's envelope headers */
    private static boolean isOurEnvelope(byte[] body) {
        InputStream raw = new java.io.ByteArrayInputStream(body);
        try (InputStream in = Gzip.isCompressed(body) ? new GZIPInputStream(raw) : raw) {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (header.size() == MAX_HEADER_BYTES) {
                    return false;
                }
                header.write(b);
            }
            byte[] line = header.toByteArray();
            return line.length > 0 && line[0] == '{' && contains(line, SDK_MARK);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean contains(byte[] text, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= text.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (text[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Keeps the newest envelopes within the bounds; the older ones do not fit.
     *
     * @param envelopes oldest first
     * @return what did not fit and was not written, oldest first
     */
    List<Outgoing> write(List<Outgoing> envelopes) {
        int keepFrom = envelopes.size();
        long bytes = 0;
        while (keepFrom > 0 && envelopes.size() - keepFrom < maxEnvelopes
                && bytes + envelopes.get(keepFrom - 1).body().length <= maxBytes) {
            keepFrom--;
            bytes += envelopes.get(keepFrom).body().length;
        }
        List<Outgoing> notWritten = new ArrayList<>(envelopes.subList(0, keepFrom));
        if (keepFrom == envelopes.size()) {
            return notWritten;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "sentry-jakarta could not create the outbox " + dir + ": " + e);
            return envelopes;
        }
        long millis = System.currentTimeMillis();
        for (Outgoing envelope : envelopes.subList(keepFrom, envelopes.size())) {
            String name = String.format("%013d-%06d.%ds%dt.envelope", millis, SEQUENCE.incrementAndGet() % 1_000_000,
                    envelope.spans(), envelope.transactions());
            Path temporary = dir.resolve(name + ".tmp");
            try {
                Files.write(temporary, envelope.body());
                Files.move(temporary, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException | RuntimeException ignored) {
                    // nothing more to do: the temporary name is skipped at the next start
                }
                notWritten.add(envelope);
            }
        }
        return notWritten;
    }
}
