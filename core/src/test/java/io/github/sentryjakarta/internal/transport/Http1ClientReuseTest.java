package io.github.sentryjakarta.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What {@link Http1Client} does with a kept-alive connection that breaks: one the server closed while idle is
 * replaced before anything is written to it, and a request once written is never sent again, since the server
 * may have processed it (the fault suite counted such an envelope received and dropped, or received twice).
 * The server is a scripted socket, so the order of events is exact.
 */
class Http1ClientReuseTest {

    private static final byte[] BODY = "envelope".getBytes(StandardCharsets.US_ASCII);
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";

    /** One scripted server: for each accepted connection, what it does with the requests it reads. */
    private static final class ScriptedServer implements AutoCloseable {
        final ServerSocket listener;
        /** Requests read, as "connection number: body". */
        final List<String> requests = new CopyOnWriteArrayList<>();
        final CountDownLatch firstConnectionClosed = new CountDownLatch(1);

        /** @param processThenClose whether the first connection closes after reading its second request (else after answering its first) */
        ScriptedServer(boolean processThenClose) throws IOException {
            listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            Thread thread = new Thread(() -> serve(processThenClose), "scripted-server");
            thread.setDaemon(true);
            thread.start();
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/api/1/envelope/");
        }

        private void serve(boolean processThenClose) {
            for (int connection = 1; !listener.isClosed(); connection++) {
                try (Socket socket = listener.accept()) {
                    InputStream in = socket.getInputStream();
                    while (true) {
                        String body = readRequest(in);
                        if (body == null) {
                            break; // the client closed
                        }
                        requests.add(connection + ": " + body);
                        if (connection == 1 && processThenClose && requests.size() == 2) {
                            break; // processed, then the connection breaks before any answer
                        }
                        socket.getOutputStream().write(OK.getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                        if (connection == 1 && !processThenClose) {
                            break; // answered, then closed while the client keeps it idle
                        }
                    }
                } catch (IOException e) {
                    if (listener.isClosed()) {
                        return;
                    }
                } finally {
                    if (connection == 1) {
                        firstConnectionClosed.countDown();
                    }
                }
            }
        }

        /** @return the body of the next request, or {@code null} at the end of the stream */
        private static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    String text = head.toString(StandardCharsets.ISO_8859_1);
                    int at = text.indexOf("Content-Length: ") + "Content-Length: ".length();
                    int length = Integer.parseInt(text.substring(at, text.indexOf("\r\n", at)));
                    return new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    private static Http1Client client(URI endpoint) {
        return new Http1Client(endpoint, Duration.ofSeconds(2), 4, task -> {
            Thread thread = new Thread(task);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Test
    void aRequestWrittenToAKeptConnectionIsNeverSentAgainWhenTheConnectionBreaks() throws Exception {
        try (ScriptedServer server = new ScriptedServer(true); Http1Client client = client(server.endpoint())) {
            assertThat(client.post(Map.of(), BODY, Duration.ofSeconds(5)).status()).isEqualTo(200);

            assertThatThrownBy(() -> client.post(Map.of(), BODY, Duration.ofSeconds(5))).isInstanceOf(IOException.class);

            assertThat(server.firstConnectionClosed.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(server.requests).as("the server processed the second request once, on the kept connection")
                    .containsExactly("1: envelope", "1: envelope");
        }
    }

    @Test
    void aKeptConnectionTheServerClosedWhileIdleIsReplacedBeforeTheRequestIsWritten() throws Exception {
        try (ScriptedServer server = new ScriptedServer(false); Http1Client client = client(server.endpoint())) {
            assertThat(client.post(Map.of(), BODY, Duration.ofSeconds(5)).status()).isEqualTo(200);
            assertThat(server.firstConnectionClosed.await(5, TimeUnit.SECONDS)).isTrue();

            assertThat(client.post(Map.of(), BODY, Duration.ofSeconds(5)).status()).isEqualTo(200);

            assertThat(server.requests).containsExactly("1: envelope", "2: envelope");
        }
    }
}
