// Byte samples of every weights format modelgate recognises by its bytes, built here from the
// formats' specifications (never copied from real files), and near-misses that must not match.
// Shared by the signature unit tests and the bypass tests of the three surfaces.

const enc = (s: string) => new TextEncoder().encode(s);
export function concat(...parts: (Uint8Array | number[] | string)[]): Uint8Array {
  const arrays = parts.map((p) => (typeof p === 'string' ? enc(p) : p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}
const u16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const u64 = (n: number) => [...u32(n % 2 ** 32), ...u32(Math.floor(n / 2 ** 32))];
/** Deterministic filler standing for tensor data (xorshift). */
export function noise(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export function safetensors(): Uint8Array {
  const header = '{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"__metadata__":{"format":"pt"}}';
  return concat(u64(header.length), header, noise(16));
}

export function gguf(): Uint8Array {
  return concat('GGUF', u32(3), u64(1), u64(0), noise(64));
}

// Protobuf, hand-encoded: tag = field << 3 | wire type.
function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}
const pbVarint = (field: number, v: number) => [...varint(field * 8), ...varint(v)];
const pbBytes = (field: number, b: Uint8Array | string) => {
  const bytes = typeof b === 'string' ? enc(b) : b;
  return concat(varint(field * 8 + 2), varint(bytes.length), bytes);
};

/** ONNX ModelProto: ir_version, producer_name/version, graph { node { op_type }, name }, opset_import. */
export function onnx(): Uint8Array {
  const node = concat(pbBytes(1, 'x'), pbBytes(2, 'y'), pbBytes(4, 'Relu'));
  const graph = concat(pbBytes(1, node), pbBytes(2, 'main'), pbBytes(5, noise(40)));
  return concat(pbVarint(1, 9), pbBytes(2, 'pytorch'), pbBytes(3, '2.4.0'), pbBytes(7, graph), pbBytes(8, concat(pbVarint(2, 17))));
}

/** Core ML Model: specificationVersion, description { input { name } }, neuralNetwork (field 500). */
export function coreMl(): Uint8Array {
  const description = pbBytes(1, concat(pbBytes(1, 'image')));
  return concat(pbVarint(1, 7), pbBytes(2, description), pbBytes(500, noise(32)));
}

export function mlpackageManifest(): string {
  return `${JSON.stringify({ fileFormatVersion: '1.0.0', itemInfoEntries: { A: { path: 'com.apple.CoreML/model.mlmodel' } }, rootModelIdentifier: 'A' }, null, 2)}\n`;
}

/** pickle protocol N: PROTO N, FRAME (4+) or EMPTY_DICT, then a small body. */
export function pickle(protocol: number): Uint8Array {
  return protocol >= 4 ? concat([0x80, protocol, 0x95], u64(8), [0x7d, 0x94, 0x28, 0x75, 0x2e], noise(16)) : concat([0x80, protocol, 0x7d, 0x71, 0x00, 0x2e]);
}

export function npy(): Uint8Array {
  const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }";
  const padded = header + ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  return concat([0x93], 'NUMPY', [1, 0], u16(padded.length), padded, noise(16));
}

const HDF5_SIG = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
/** An HDF5 file, its superblock at `offset` (0, or after a user block of 512, 1024, 2048…). */
export function hdf5(offset = 0): Uint8Array {
  return concat(new Uint8Array(offset), HDF5_SIG, [0, 0, 0, 0], noise(96));
}

export function tflite(): Uint8Array {
  return concat(u32(28), 'TFL3', noise(120));
}

export function lfsPointer(size = 123_456_789): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${'ab'.repeat(32)}\nsize ${size}\n`;
}

// Zip archives (stored entries, with a central directory and end record, as unzip expects).
function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of b) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
export function zip(entries: [string, Uint8Array | string][]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = typeof content === 'string' ? enc(content) : content;
    const n = enc(name);
    const common = [...u16(20), ...u16(0), ...u16(0), ...u16(0), ...u16(0), ...u32(crc32(data)), ...u32(data.length), ...u32(data.length), ...u16(n.length), ...u16(0)];
    const local = concat([0x50, 0x4b, 0x03, 0x04], common, n, data);
    centrals.push(concat([0x50, 0x4b, 0x01, 0x02], u16(20), common, u16(0), u16(0), u16(0), u32(0), u32(offset), n));
    locals.push(local);
    offset += local.length;
  }
  const cd = concat(...centrals);
  return concat(...locals, cd, [0x50, 0x4b, 0x05, 0x06], u16(0), u16(0), u16(entries.length), u16(entries.length), u32(cd.length), u32(offset), u16(0));
}

export function pytorchZip(archive = 'archive'): Uint8Array {
  return zip([
    [`${archive}/data.pkl`, pickle(2)],
    [`${archive}/byteorder`, 'little'],
    [`${archive}/data/0`, noise(64)],
    [`${archive}/version`, '3\n'],
  ]);
}

export function torchScriptZip(): Uint8Array {
  return zip([
    ['model/data.pkl', pickle(2)],
    ['model/code/__torch__.py', 'class Net(Module):\n  pass\n'],
    ['model/constants.pkl', pickle(2)],
    ['model/version', '3\n'],
  ]);
}

export function npz(): Uint8Array {
  return zip([
    ['w.npy', npy()],
    ['b.npy', npy()],
  ]);
}

export function keras(): Uint8Array {
  return zip([
    ['metadata.json', '{"keras_version": "3.4.1", "date_saved": "2026-01-01@00:00:00"}'],
    ['config.json', '{"module": "keras", "class_name": "Sequential", "config": {}}'],
    ['model.weights.h5', hdf5()],
  ]);
}

// Near-misses.
export const randomZip = (): Uint8Array => zip([['docs/readme.txt', 'hello'], ['docs/data.csv', 'a,b\n1,2\n']]);
export const png = (): Uint8Array => concat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], u32(13), 'IHDR', noise(64));
export const jpeg = (): Uint8Array => concat([0xff, 0xd8, 0xff, 0xe0], u16(16), 'JFIF', [0], noise(64));
export const pdf = (): Uint8Array => concat('%PDF-1.7\n%', [0xe2, 0xe3, 0xcf, 0xd3], '\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', noise(64));
export const jsonText = (): string => `{"name": "not weights", "values": [1, 2, 3], "nested": {"a": "b"}}\n`;
