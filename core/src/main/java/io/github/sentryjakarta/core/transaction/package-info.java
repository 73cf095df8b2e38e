/**
 * The static trace lifecycle: one {@code transaction} event per local root, assembled from its finished
 * children. See {@link io.github.sentryjakarta.core.transaction.TransactionAssembler}.
 */
package io.github.sentryjakarta.core.transaction;
