// Node's bare hash loop, the floor for modelgate's hashing in the bench: each file named on the
// command line read with 1 MiB synchronous reads into crypto's SHA-256, one after another.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

const buf = Buffer.allocUnsafe(1024 * 1024);
for (const path of process.argv.slice(2)) {
  const fd = openSync(path, 'r');
  const hash = createHash('sha256');
  for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) hash.update(buf.subarray(0, n));
  closeSync(fd);
  process.stdout.write(`${hash.digest('hex')}  ${path}\n`);
}
