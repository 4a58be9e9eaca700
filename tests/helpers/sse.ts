// A GraphQL subscription over SSE (graphql-yoga's "distinct connections"
// mode) for tests: collects each `next` payload as it arrives.

export interface SseSubscription {
  /** Resolves once the stream is open (rejects when the server refuses it). */
  ready: Promise<void>;
  /** Every `next` payload so far, in order. */
  events: any[];
  /** Resolves when an event is there (or arrives), or after `ms`. */
  next(ms: number): Promise<void>;
}

export function subscribeSse(url: string, query: string, signal: AbortSignal, token?: string | null): SseSubscription {
  const events: any[] = [];
  const waiters: (() => void)[] = [];
  const ready = fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
    signal,
  }).then((res) => {
    if (res.status !== 200 || !res.headers.get('content-type')?.includes('text/event-stream')) {
      throw new Error(`subscription refused: ${res.status} ${res.headers.get('content-type')}`);
    }
    void read(res, events, waiters);
  });
  return {
    ready,
    events,
    next: (ms) =>
      new Promise<void>((resolve) => {
        if (events.length) return resolve();
        const timer = setTimeout(resolve, ms);
        waiters.push(() => (clearTimeout(timer), resolve()));
      }),
  };
}

async function read(res: Response, events: any[], waiters: (() => void)[]): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
        if (block.includes('event: next') && data) {
          events.push(JSON.parse(data));
          waiters.splice(0).forEach((w) => w());
        }
      }
    }
  } catch {
    // aborted at the end of the test
  }
}
