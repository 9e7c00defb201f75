/**
 * The guard's default transport: one HTTP(S) request over node:http/https whose connection goes
 * to the address the guard has already checked (a custom `lookup`), so a DNS answer that changes
 * between the check and the connection (DNS rebinding) cannot redirect it to a private address.
 * TLS still verifies the certificate against the hostname. No connection reuse, no redirects.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';

type PinnedLookupCallback = (error: null, address: string | LookupAddress[], family?: number) => void;

export interface PinnedRequest {
  method: string;
  headers: Headers;
  body: Uint8Array | undefined;
  signal: AbortSignal;
}

export interface PinnedAddress {
  address: string;
  family: 4 | 6;
}

const nullBodyStatuses = new Set([101, 204, 205, 304]);

export function pinnedRequest(url: URL, request: PinnedRequest, pinned: PinnedAddress): Promise<Response> {
  const client = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (request.body) headers['content-length'] = String(request.body.byteLength);
  return new Promise<Response>((resolve, reject) => {
    const req = client.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        ...(url.port ? { port: url.port } : {}),
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers,
        agent: false,
        signal: request.signal,
        lookup: ((
          _hostname: string,
          options: { all?: boolean | undefined },
          callback: PinnedLookupCallback,
        ) => {
          if (options.all)
            callback(null, [{ address: pinned.address, family: pinned.family } satisfies LookupAddress]);
          else callback(null, pinned.address, pinned.family);
        }) as unknown as LookupFunction,
      },
      (res) => {
        const status = res.statusCode ?? 502;
        const responseHeaders = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
          responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        }
        const hasBody = !nullBodyStatuses.has(status) && request.method !== 'HEAD';
        if (!hasBody) res.resume();
        resolve(
          new Response(hasBody ? (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>) : null, {
            status: status < 200 || status > 599 ? 502 : status,
            statusText: res.statusMessage ?? '',
            headers: responseHeaders,
          }),
        );
      },
    );
    req.once('error', reject);
    req.end(request.body);
  });
}
