package io.github.sentryjakarta.jaxrs.app;

import jakarta.ws.rs.container.AsyncResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Lets a test hold a request inside its resource method (or suspended) until it says so, without sleeping. */
public final class Gates {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ConcurrentMap<String, Gate> GATES = new ConcurrentHashMap<>();

    private Gates() {
    }

    public static Gate gate(String token) {
        return GATES.computeIfAbsent(token, t -> new Gate());
    }

    public static final class Gate {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        public volatile AsyncResponse response;
        public volatile CompletableFuture<String> stage;

        void enterAndWait() throws InterruptedException {
            entered.countDown();
            if (!release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the test never released the gate");
            }
        }

        void entered() {
            entered.countDown();
        }

        public void awaitEntered() throws InterruptedException {
            if (!entered.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the request never reached its resource method");
            }
        }

        public void release() {
            release.countDown();
        }
    }
}
