/**
 * A fake Sentry ingestion endpoint for tests.
 *
 * <p>{@link io.github.sentryjakarta.testreceiver.SentryReceiver} is a real HTTP server on the loopback
 * interface. It parses every envelope as strictly as Sentry's Relay does, records what it accepted,
 * refused and rejected, and can be told to misbehave (rate limit, answer slowly, drop the
 * connection, go down) so that transport code is tested against the failures it will meet in
 * production.
 */
package io.github.sentryjakarta.testreceiver;
