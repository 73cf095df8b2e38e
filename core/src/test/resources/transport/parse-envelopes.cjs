// Parses envelope files written by sentry-jakarta's EnvelopeWriter with the JavaScript SDK's own
// parseEnvelope (@sentry/core), as an independent check of the framing and the span v2 container.
// Usage: node parse-envelopes.cjs <folder holding node_modules/@sentry/core> <envelope file>...
// Prints one JSON summary per file; exits 1 with a message on the first inconsistency.
'use strict';

const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const [sentryDir, ...files] = process.argv.slice(2);
const sentry = createRequire(path.join(path.resolve(sentryDir), 'package.json'))('@sentry/core');
const decoder = new TextDecoder('utf-8', { fatal: true });

function fail(file, message) {
  console.error(`${file}: ${message}`);
  process.exit(1);
}

const summaries = files.map((file) => {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const [header, items] = sentry.parseEnvelope(bytes);
  if (!header.sdk || header.sdk.name !== 'sentry.java.jakarta') fail(file, 'envelope header has no sdk');
  if (!header.sent_at) fail(file, 'envelope header has no sent_at');
  const summary = { file: path.basename(file), sdk: header.sdk.name, items: [] };
  for (const [itemHeader, rawPayload] of items) {
    // with a length, parseEnvelope hands back the payload bytes; decoding them is our job
    const payload = rawPayload instanceof Uint8Array ? JSON.parse(decoder.decode(rawPayload)) : rawPayload;
    if (rawPayload instanceof Uint8Array && rawPayload.length !== itemHeader.length) {
      fail(file, `item ${itemHeader.type} declares ${itemHeader.length} bytes, got ${rawPayload.length}`);
    }
    const item = { type: itemHeader.type, length: itemHeader.length };
    if (itemHeader.type === 'span') {
      if (itemHeader.content_type !== 'application/vnd.sentry.items.span.v2+json') fail(file, 'bad content_type');
      if (payload.version !== 2 || !Array.isArray(payload.items)) fail(file, 'not a span v2 container');
      if (payload.items.length !== itemHeader.item_count) fail(file, 'item_count does not match');
      for (const span of payload.items) {
        for (const key of ['trace_id', 'span_id', 'name', 'status', 'is_segment', 'start_timestamp', 'end_timestamp', 'attributes']) {
          if (!(key in span)) fail(file, `span without ${key}`);
        }
        if (typeof span.start_timestamp !== 'number' || span.end_timestamp < span.start_timestamp) fail(file, 'bad timestamps');
        for (const [key, attribute] of Object.entries(span.attributes)) {
          if (!['string', 'boolean', 'integer', 'double', 'array'].includes(attribute.type) || !('value' in attribute)) {
            fail(file, `attribute ${key} is not typed`);
          }
        }
      }
      item.spans = payload.items.length;
      item.names = payload.items.map((span) => span.name);
    } else if (itemHeader.type === 'transaction') {
      if (payload.type !== 'transaction' || !payload.contexts || !payload.contexts.trace) fail(file, 'not a transaction');
      item.spans = payload.spans.length;
      item.transaction = payload.transaction;
    } else if (itemHeader.type === 'event') {
      if (payload.event_id !== header.event_id || !payload.exception || !Array.isArray(payload.exception.values)) {
        fail(file, 'not an error event');
      }
      const thrown = payload.exception.values[payload.exception.values.length - 1];
      item.exceptions = payload.exception.values.map((value) => value.type);
      item.frames = thrown.stacktrace.frames.length;
      item.spanId = payload.contexts.trace.span_id;
      item.traceHeader = header.trace.trace_id;
    } else if (itemHeader.type === 'client_report') {
      item.discarded = payload.discarded_events.length;
    }
    summary.items.push(item);
  }
  return summary;
});
console.log(JSON.stringify(summaries));
