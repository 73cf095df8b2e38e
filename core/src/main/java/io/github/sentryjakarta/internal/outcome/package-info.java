/**
 * What was not sent and why: client reports by discard reason and data category. Not exported.
 */
package io.github.sentryjakarta.internal.outcome;
