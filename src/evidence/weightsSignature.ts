// Model weights recognised by their first bytes, whatever the file is called: what stops "save the
// weights under another extension, outside models/" from escaping the gate. Pure: the first bytes
// of a file (at most SNIFF_BYTES) and its full size in, the format and the evidence for it out.
//
// Every rule is a positive signature that arbitrary text cannot have (no printable first byte
// except where the format is text, like the Core ML manifest), and the protobuf formats (ONNX,
// Core ML), which have no magic number, are only accepted when the bytes parse as the start of that
// message with the field numbers and wire types of its schema, in the order every protobuf
// serialiser writes them: a chance shape for random binary.
import { looksLikeLfsPointer } from './lfsPointer.js';

export interface WeightsSignature {
  /** The format's name as a reviewer knows it: "GGUF", "PyTorch (zip)", "Git LFS pointer". */
  format: string;
  /** What in the bytes shows it, for the report. */
  reason: string;
  /**
   * True for containers that hold datasets as often as weights (NumPy, HDF5, pickle, LFS pointers):
   * a file a dataset manifest lists is not taken for weights on these alone.
   */
  dataLike: boolean;
}

/**
 * How many leading bytes are sniffed. HDF5's superblock may sit at offset 2048; zip entry names are
 * read from the local headers in this window (see zipEntries), which is what needs the most.
 */
export const SNIFF_BYTES = 64 * 1024;

/** Git's rule for "binary": a NUL byte in the first 8,000 bytes. */
const BINARY_PROBE = 8000;

export function looksBinary(head: Uint8Array): boolean {
  return head.subarray(0, BINARY_PROBE).includes(0);
}

/** The weights format `head` (the first bytes of a file of `size` bytes) starts with, or null. */
export function weightsSignature(head: Uint8Array, size: number): WeightsSignature | null {
  for (const rule of RULES) {
    const found = rule(head, size);
    if (found) return found;
  }
  return null;
}

type Rule = (b: Uint8Array, size: number) => WeightsSignature | null;

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  return sig.every((x, i) => b[at + i] === x);
}
function u32(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16)) + (b[at + 3] ?? 0) * 0x1000000;
}
const sig = (format: string, reason: string, dataLike = false): WeightsSignature => ({ format, reason, dataLike });

const safetensors: Rule = (b, size) => {
  if (b.length < 10 || b[8] !== 0x7b || b[9] !== 0x22) return null;
  // The header length is a u64; safetensors refuses headers over 100 MB, so the high half is 0.
  if (u32(b, 4) !== 0) return null;
  const n = u32(b, 0);
  if (n < 2 || n > 100_000_000 || n > size - 8) return null;
  return sig('safetensors', `8-byte header length (${n}) followed by a JSON header`);
};

const gguf: Rule = (b) => {
  if (startsWith(b, ascii('GGUF'))) {
    const version = u32(b, 4);
    return version >= 1 && version <= 64 ? sig('GGUF', `"GGUF" magic, version ${version}`) : null;
  }
  // Its predecessors (llama.cpp before GGUF), written as little-endian u32 magics.
  for (const magic of ['lmgg', 'fmgg', 'tjgg']) if (startsWith(b, ascii(magic))) return sig('GGML', `"${magic}" magic (GGML, GGUF's predecessor)`);
  return null;
};

const NPY = [0x93, ...ascii('NUMPY')];
const npy: Rule = (b) => (startsWith(b, NPY) && (b[6] ?? 0) >= 1 && (b[6] ?? 0) <= 3 ? sig('NumPy (.npy)', '"\\x93NUMPY" magic', true) : null);

const HDF5 = [0x89, ...ascii('HDF\r\n'), 0x1a, 0x0a];
const hdf5: Rule = (b) => {
  // The superblock is at 0 or, after a user block, at 512, 1024, 2048… (the HDF5 file format spec).
  for (const at of [0, 512, 1024, 2048]) {
    if (startsWith(b, HDF5, at)) return sig('HDF5 (Keras .h5 or data)', `HDF5 superblock signature at offset ${at}`, true);
  }
  return null;
};

const tflite: Rule = (b, size) => {
  if (!startsWith(b, ascii('TFL3'), 4)) return null;
  const root = u32(b, 0);
  return root >= 8 && root < size ? sig('TFLite', 'FlatBuffer file identifier "TFL3" at offset 4') : null;
};

/** Pickle opcodes a pickler writes right after PROTO: FRAME, containers, globals, ints, memo. */
const PICKLE_NEXT = new Set([0x95, 0x7d, 0x5d, 0x29, 0x28, 0x63, 0x93, 0x8a, 0x8b, 0x4b, 0x4a, 0x4d, 0x58, 0x8c, 0x55, 0x71, 0x4e, 0x88, 0x89, 0x47, 0x43, 0x42]);
const pickle: Rule = (b) => {
  const protocol = b[1] ?? 0;
  if (b[0] !== 0x80 || protocol < 2 || protocol > 5 || !PICKLE_NEXT.has(b[2] ?? -1)) return null;
  return sig('pickle (PyTorch, joblib, scikit-learn)', `pickle protocol ${protocol} header`, true);
};

const LFS = (b: Uint8Array): WeightsSignature | null => (looksLikeLfsPointer(b) ? sig('Git LFS pointer', 'Git LFS pointer (the content lives in LFS storage)', true) : null);

const coreMlManifest: Rule = (b) => {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 4096));
  if (!/^\s*\{/.test(text) || !text.includes('"itemInfoEntries"') || !text.includes('"rootModelIdentifier"')) return null;
  return sig('Core ML package', 'an .mlpackage Manifest.json (itemInfoEntries, rootModelIdentifier)');
};

// --- zip archives ------------------------------------------------------------------------------

const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];

/**
 * Entry names from the local file headers within the window, in archive order. The central
 * directory is at the end of the file, outside the window: an archive whose identifying entries sit
 * past the window (or that streams its entries, sizes unknown until after the data) is not
 * recognised here, only by the size threshold. PyTorch, NumPy and Keras all write their
 * identifying entry first or after a few small ones.
 */
function zipEntries(b: Uint8Array): string[] {
  const names: string[] = [];
  let at = 0;
  while (startsWith(b, ZIP_LOCAL, at) && at + 30 <= b.length && names.length < 64) {
    const flags = (b[at + 6] ?? 0) | ((b[at + 7] ?? 0) << 8);
    const compressed = u32(b, at + 18);
    const nameLength = (b[at + 26] ?? 0) | ((b[at + 27] ?? 0) << 8);
    const extraLength = (b[at + 28] ?? 0) | ((b[at + 29] ?? 0) << 8);
    if (at + 30 + nameLength > b.length) break;
    names.push(new TextDecoder().decode(b.subarray(at + 30, at + 30 + nameLength)));
    // Bit 3: sizes follow the data; the next header cannot be found without the central directory.
    if (flags & 0x08 || compressed === 0xffffffff) break;
    at += 30 + nameLength + extraLength + compressed;
  }
  return names;
}

const zip: Rule = (b) => {
  if (!startsWith(b, ZIP_LOCAL)) return null;
  const names = zipEntries(b);
  const torch = names.find((n) => /^[^/]+\/data\.pkl$/.test(n)) ?? names.find((n) => n.startsWith('archive/'));
  const script = names.find((n) => /^[^/]+\/(constants\.pkl|code\/)/.test(n));
  if (script) return sig('TorchScript', `zip archive with a TorchScript entry "${script}"`);
  if (torch) return sig('PyTorch (zip)', `zip archive with a PyTorch entry "${torch}"`);
  if (names.includes('model.weights.h5') || (names[0] === 'metadata.json' && names[1] === 'config.json')) {
    return sig('Keras (.keras)', `zip archive with Keras entries (${names.slice(0, 3).join(', ')})`);
  }
  if (names.length > 0 && names.every((n) => n.endsWith('.npy'))) return sig('NumPy (.npz)', `zip archive of .npy arrays ("${names[0]}")`, true);
  return null;
};

// --- protobuf (ONNX, Core ML) ------------------------------------------------------------------

interface Field {
  number: number;
  wire: number;
  /** Varint value, or the length of a length-delimited field. */
  value: number;
  /** Offset of a length-delimited field's content. */
  start: number;
}

function varint(b: Uint8Array, at: number): { value: number; next: number } | null {
  let value = 0;
  let scale = 1;
  for (let i = at; i < b.length && i < at + 10; i++) {
    const byte = b[i] ?? 0;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
  }
  return null;
}

/**
 * Top-level fields from the start of a message, until the window ends or a field runs past it
 * (a large one, like ONNX's graph, is still returned). Null when the bytes are not protobuf: an
 * unknown wire type, field number 0, a length past the end of the file.
 */
function protobufFields(b: Uint8Array, size: number, maxFields = 32): Field[] | null {
  const fields: Field[] = [];
  let at = 0;
  while (at < b.length && fields.length < maxFields) {
    const tag = varint(b, at);
    if (!tag) return fields;
    const number = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    if (number === 0) return null;
    if (wire === 0) {
      const v = varint(b, tag.next);
      if (!v) return fields;
      fields.push({ number, wire, value: v.value, start: tag.next });
      at = v.next;
    } else if (wire === 2) {
      const len = varint(b, tag.next);
      if (!len) return fields;
      if (len.next + len.value > size) return null;
      fields.push({ number, wire, value: len.value, start: len.next });
      at = len.next + len.value;
    } else {
      return null; // ONNX and Core ML use no fixed-width field before the ones checked here
    }
  }
  return fields;
}

/** Printable UTF-8 with no control characters (names, versions, domains). */
function isLabel(b: Uint8Array, f: Field): boolean {
  if (f.start + f.value > b.length) return false;
  try {
    const s = new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(f.start, f.start + f.value));
    return !/[\u0000-\u0008\u000e-\u001f\u007f]/.test(s);
  } catch {
    return false;
  }
}

/**
 * ONNX ModelProto: ir_version (1, varint), producer_name (2), producer_version (3), domain (4),
 * model_version (5, varint), doc_string (6), graph (7), then opset_import (8) and later fields.
 * Accepted only when it starts with a plausible ir_version, every field up to the graph has the
 * schema's number and wire type in increasing order (how protobuf serialises), its strings are
 * text, and the graph or opset_import is reached: about 2^-40 for random bytes, and no text file
 * starts with 0x08.
 */
const onnx: Rule = (b, size) => {
  const fields = protobufFields(b, size);
  if (!fields) return null;
  const [first, ...rest] = fields;
  if (!first || first.number !== 1 || first.wire !== 0 || first.value < 1 || first.value > 32) return null;
  const strings = new Set([2, 3, 4, 6]);
  let last = 1;
  for (const f of rest) {
    if (f.number <= last) return null;
    last = f.number;
    if (f.number === 7 || f.number === 8) {
      if (f.wire !== 2 || f.value === 0) return null;
      return sig('ONNX', `protobuf ModelProto: ir_version ${first.value}, then ${f.number === 7 ? 'the graph' : 'opset_import'} field`);
    }
    if (f.number === 5 ? f.wire !== 0 : !strings.has(f.number) || f.wire !== 2 || !isLabel(b, f)) return null;
  }
  return null;
};

/**
 * Core ML Model (.mlmodel): specificationVersion (1, varint), description (2, a message), then the
 * model itself under a field number of 200 or more (the `Type` oneof), possibly after
 * isUpdatable (10, varint). That high field number after a small version is what separates it from
 * other protobuf messages, ONNX included.
 */
const coreMl: Rule = (b, size) => {
  const fields = protobufFields(b, size, 4);
  if (!fields) return null;
  const [first, second, ...rest] = fields;
  if (!first || first.number !== 1 || first.wire !== 0 || first.value < 1 || first.value > 32) return null;
  if (!second || second.number !== 2 || second.wire !== 2) return null;
  for (const f of rest) {
    if (f.number === 10 && f.wire === 0) continue;
    if (f.number >= 200 && f.number < 10_000 && f.wire === 2) return sig('Core ML', `protobuf Model: specification version ${first.value}, model type field ${f.number}`);
    return null;
  }
  return null;
};

const RULES: readonly Rule[] = [LFS, safetensors, gguf, npy, hdf5, tflite, pickle, zip, onnx, coreMl, coreMlManifest];
