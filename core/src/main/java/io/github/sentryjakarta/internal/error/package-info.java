/**
 * Error events: exceptions captured on the application thread, prepared and linked to their trace later. Not
 * exported.
 */
package io.github.sentryjakarta.internal.error;
