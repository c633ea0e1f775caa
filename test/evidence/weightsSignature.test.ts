import { describe, expect, it } from 'vitest';
import { looksBinary, SNIFF_BYTES, weightsSignature } from '../../src/evidence/weightsSignature.js';
import * as S from './weightsSamples.js';

const bytes = (b: Uint8Array | string) => (typeof b === 'string' ? new TextEncoder().encode(b) : b);
const format = (b: Uint8Array | string, size?: number) => {
  const all = bytes(b);
  return weightsSignature(all.subarray(0, SNIFF_BYTES), size ?? all.length)?.format ?? null;
};

describe('weightsSignature: every format', () => {
  const cases: [string, Uint8Array | string, string][] = [
    ['safetensors', S.safetensors(), 'safetensors'],
    ['GGUF', S.gguf(), 'GGUF'],
    ['ONNX', S.onnx(), 'ONNX'],
    ['PyTorch zip (archive/)', S.pytorchZip(), 'PyTorch (zip)'],
    ['PyTorch zip (legacy archive name)', S.pytorchZip('resnet50'), 'PyTorch (zip)'],
    ['TorchScript', S.torchScriptZip(), 'TorchScript'],
    ['pickle 2', S.pickle(2), 'pickle (PyTorch, joblib, scikit-learn)'],
    ['pickle 3', S.pickle(3), 'pickle (PyTorch, joblib, scikit-learn)'],
    ['pickle 4', S.pickle(4), 'pickle (PyTorch, joblib, scikit-learn)'],
    ['pickle 5', S.pickle(5), 'pickle (PyTorch, joblib, scikit-learn)'],
    ['NumPy .npy', S.npy(), 'NumPy (.npy)'],
    ['NumPy .npz', S.npz(), 'NumPy (.npz)'],
    ['HDF5', S.hdf5(), 'HDF5 (Keras .h5 or data)'],
    ['Keras', S.keras(), 'Keras (.keras)'],
    ['TFLite', S.tflite(), 'TFLite'],
    ['Core ML', S.coreMl(), 'Core ML'],
    ['Core ML package manifest', S.mlpackageManifest(), 'Core ML package'],
    ['Git LFS pointer', S.lfsPointer(), 'Git LFS pointer'],
  ];
  it.each(cases)('%s', (_name, sample, expected) => {
    expect(format(sample)).toBe(expected);
  });

  it('HDF5 after a user block of 512, 1024 or 2048 bytes, not at other offsets', () => {
    for (const at of [512, 1024, 2048]) expect(format(S.hdf5(at)), String(at)).toBe('HDF5 (Keras .h5 or data)');
    expect(format(S.hdf5(256))).toBeNull();
    expect(format(S.hdf5(4096))).toBeNull();
  });

  it('says which bytes showed it, and whether the format also holds datasets', () => {
    expect(weightsSignature(S.gguf(), 200)).toEqual({ format: 'GGUF', reason: '"GGUF" magic, version 3', dataLike: false });
    expect(weightsSignature(S.npy(), 200)?.dataLike).toBe(true);
    expect(weightsSignature(bytes(S.lfsPointer()), 130)?.dataLike).toBe(true);
    expect(weightsSignature(S.safetensors(), S.safetensors().length)?.dataLike).toBe(false);
  });

  it('recognises a file from its first SNIFF_BYTES alone (the rest never read)', () => {
    const big = S.concat(S.safetensors(), S.noise(SNIFF_BYTES));
    expect(weightsSignature(big.subarray(0, SNIFF_BYTES), 10 * 1024 * 1024 * 1024)?.format).toBe('safetensors');
  });
});

describe('weightsSignature: near-misses stay unrecognised', () => {
  const misses: [string, Uint8Array | string][] = [
    ['a text file starting with {"', '{"a": 1, "b": [1, 2, 3], "c": {"d": "e"}}\n'],
    ['eight digits then {"', '12345678{"a": 1}'],
    ['a JSON file', S.jsonText()],
    ['a random zip', S.randomZip()],
    ['a zip with one .npy among other entries', S.zip([['a.npy', S.npy()], ['notes.txt', 'x']])],
    ['a PNG', S.png()],
    ['a JPEG', S.jpeg()],
    ['a PDF', S.pdf()],
    ['a CSV', 'a,b,c\n1,2,3\n'],
    ['Markdown', '# Model\n\nSome text.\n'],
    ['an empty file', ''],
    ['0x80 0x02 then a byte no pickler writes', S.concat([0x80, 0x02, 0xff, 0x00])],
    ['pickle protocol 1 marker', S.concat([0x80, 0x01, 0x7d])],
    ['GGUF magic with a nonsense version', S.concat('GGUF', [0xff, 0xff, 0xff, 0x7f])],
    ['a bare protobuf varint field', S.concat([0x08, 0x07])],
    ['protobuf with field 2 binary (not ONNX, not Core ML)', S.concat([0x08, 0x01, 0x12, 0x03, 0x00, 0x01, 0x02, 0x3a, 0x01, 0x00])],
    ['ONNX-like prefix whose graph length passes the end of the file', S.concat([0x08, 0x07, 0x3a, 0x7f, 0x0a])],
    ['"TFL3" with an impossible root offset', S.concat([0xff, 0xff, 0xff, 0x7f], 'TFL3', S.noise(8))],
    ['safetensors-like header longer than the file', S.concat([0xff, 0, 0, 0, 0, 0, 0, 0], '{"a":1}')],
    ['an LFS pointer of 1024 bytes or more', S.lfsPointer() + ' '.repeat(1024)],
  ];
  it.each(misses)('%s', (_name, sample) => {
    expect(format(sample)).toBeNull();
  });

  it('random binary: no false positive over 20,000 samples (every first byte, 0x08 included, ~80 times)', () => {
    let hits = 0;
    for (let seed = 1; seed <= 20_000; seed++) {
      const sample = S.noise(512, seed);
      sample[0] = seed % 256;
      if (weightsSignature(sample, 1 << 20)) hits++;
    }
    expect(hits).toBe(0);
  });
});

describe('looksBinary', () => {
  it('is git\'s rule: a NUL byte in the first 8,000 bytes', () => {
    expect(looksBinary(S.png())).toBe(true);
    expect(looksBinary(bytes('plain text\n'.repeat(100)))).toBe(false);
    expect(looksBinary(S.concat('x'.repeat(8000), [0]))).toBe(false);
  });
});
