// Starts a benchmark helper program (fediverse-receivers.ts,
// fediverse-remote.ts) in a child process and talks to it over IPC: the
// helper does its part of the work on its own CPU time, not in the event
// loop of the Meadow instance being measured.

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child<Ready> {
  ready: Ready;
  /** Sends a message and waits for the next one of `replyType`. */
  ask<Reply>(message: { type: string } & Record<string, unknown>, replyType: string): Promise<Reply>;
  stop(): Promise<void>;
}

export async function startChild<Ready>(file: string, input: unknown): Promise<Child<Ready>> {
  const child: ChildProcess = fork(fileURLToPath(new URL(file, import.meta.url)), [JSON.stringify(input)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const waiting: { type: string; resolve: (m: any) => void; reject: (e: Error) => void }[] = [];
  let exited: Error | null = null;
  child.on('message', (message: { type: string }) => {
    const i = waiting.findIndex((w) => w.type === message.type);
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(message);
  });
  child.once('exit', (code) => {
    exited = new Error(`${file} stopped (code ${code})`);
    for (const w of waiting.splice(0)) w.reject(exited);
  });
  const next = <M>(type: string) =>
    new Promise<M>((resolve, reject) => (exited ? reject(exited) : waiting.push({ type, resolve, reject })));
  const ready = await next<Ready>('ready');
  return {
    ready,
    ask: (message, replyType) => {
      const reply = next<any>(replyType);
      child.send(message);
      return reply;
    },
    stop: async () => {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill(), 5_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
