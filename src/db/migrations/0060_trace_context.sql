-- OpenTelemetry: the W3C `traceparent` of the trace a generation's spans belong to. Written by the
-- process that accepts the generation (null when tracing is off), read by whichever worker runs a
-- step, so one trace covers the whole generation across processes (src/telemetry/tracing.ts).
ALTER TABLE generations ADD COLUMN IF NOT EXISTS trace_context text;
