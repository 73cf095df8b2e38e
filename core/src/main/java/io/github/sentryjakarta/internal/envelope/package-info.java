/**
 * Envelopes: the queue finished traces and events go to, and the encoding of span v2, transaction, event and
 * client report items, on the library's encoding thread. Not exported.
 */
package io.github.sentryjakarta.internal.envelope;
