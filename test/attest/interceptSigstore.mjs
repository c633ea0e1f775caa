// Preloaded into the Action process (node --import) by test/attest/action.test.ts. @actions/attest
// has the public-good Fulcio and Rekor URLs built in; this sends their requests to the local mock
// (MODELGATE_TEST_SIGSTORE_URL) instead, and refuses every other HTTPS request: no network.
import http from 'node:http';
import https from 'node:https';

const target = new URL(process.env.MODELGATE_TEST_SIGSTORE_URL ?? 'http://127.0.0.1:1');
const INTERCEPTED = new Set(['fulcio.sigstore.dev', 'rekor.sigstore.dev']);

function options(input, rest) {
  if (typeof input === 'string' || input instanceof URL) {
    const u = new URL(input);
    return { protocol: u.protocol, hostname: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, ...(typeof rest === 'object' ? rest : {}) };
  }
  return { ...input };
}

function request(input, rest, callback) {
  const cb = typeof rest === 'function' ? rest : callback;
  const o = options(input, rest);
  const host = o.hostname ?? String(o.host ?? '').replace(/:\d+$/, '');
  if (!INTERCEPTED.has(host)) throw new Error(`test: no network: refused an HTTPS request to ${host}`);
  delete o.agent;
  return http.request({ ...o, protocol: 'http:', hostname: target.hostname, host: target.hostname, port: target.port, agent: false }, cb);
}

https.request = request;
https.get = (input, rest, callback) => {
  const req = request(input, rest, callback);
  req.end();
  return req;
};
