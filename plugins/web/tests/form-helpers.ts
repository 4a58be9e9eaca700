// Helpers for the signed-in pages' suites: multipart bodies as a browser's
// form sends them, small JPEG files, and the session cookie a response sets.

import sharp from 'sharp';

/** A multipart body as a browser's form sends it. */
export async function multipart(fields: [string, string | Blob][]) {
  const data = new FormData();
  for (const [name, value] of fields) {
    if (value instanceof Blob) data.append(name, value, `${name}.jpg`);
    else data.append(name, value);
  }
  const res = new Response(data);
  return { payload: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type')! };
}

export const jpeg = async (r: number) => new Blob([new Uint8Array(await sharp({ create: { width: 64, height: 48, channels: 3, background: { r, g: 120, b: 80 } } }).jpeg().toBuffer())], { type: 'image/jpeg' });

/** The session cookie a response sets (name=value), or null. */
export function sessionCookie(res: { headers: Record<string, unknown> }): string | null {
  const raw = res.headers['set-cookie'];
  const all = (Array.isArray(raw) ? raw : [raw]).filter(Boolean).map(String);
  const found = all.find((c) => c.startsWith('meadow_session='));
  return found ? found.split(';')[0]! : null;
}
