// The one place server-sent-event responses get their headers: sync run streams (lib/sync/jobs),
// the backend's stage and full-update streams, and the backend log stream.

/**
 * A server-sent-events response: never cached or transformed, kept alive, and not buffered by a
 * reverse proxy (nginx honours `X-Accel-Buffering: no`), so each event reaches the client at once.
 * `headers` adds to them (e.g. the job id of a stream that started a job).
 */
export function sseResponse(stream: ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Response {
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
      ...headers,
    },
  });
}
