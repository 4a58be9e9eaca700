// Runs one autocannon load in a child process (see load.ts) and sends back
// a LoadSummary over IPC.

import autocannon from 'autocannon';
import type { LoadSummary, WorkerInput } from './load.ts';

const { request, seconds, connections } = JSON.parse(process.argv[2]!) as WorkerInput;
const checkEvery = Math.max(1, request.checkEvery ?? 10);
let seen = 0;
let bodiesChecked = 0;
let bodyErrors = 0;

const result = await autocannon({
  url: request.url,
  connections,
  duration: seconds,
  method: request.method ?? 'GET',
  headers: request.headers,
  body: request.body,
  requests: [
    {
      method: request.method ?? 'GET',
      headers: request.headers,
      body: request.body,
      onResponse: (_status: number, body: string) => {
        if (!request.bodyMustNotContain || ++seen % checkEvery !== 0) return;
        bodiesChecked++;
        if (body.includes(request.bodyMustNotContain)) bodyErrors++;
      },
    },
  ],
});

const summary: Omit<LoadSummary, 'cpu_ms_per_request'> = {
  rps: result.requests.average,
  p50_ms: result.latency.p50,
  p99_ms: result.latency.p99,
  requests: result.requests.total,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  bodiesChecked,
  bodyErrors,
};
process.send!(summary, () => process.disconnect());
