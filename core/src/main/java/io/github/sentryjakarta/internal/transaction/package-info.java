/**
 * The static trace lifecycle: one {@code transaction} event per local root, assembled from its finished
 * children. See {@link io.github.sentryjakarta.internal.transaction.TransactionAssembler}.
 */
package io.github.sentryjakarta.internal.transaction;
