// The output of `git cat-file --batch` (or `--batch-command`), parsed as it streams: for each
// requested object, in request order, a header line (`<oid> <type> <size>`, or `<name> missing`) and
// then, for a request of its content, the content followed by one newline. Bodies the caller does not
// want are counted past, never buffered.

export type BatchAnswer =
  | { kind: 'object'; oid: string; type: string; size: number; body: Buffer | null }
  | { kind: 'unavailable'; line: string };

type Phase = { at: 'header'; partial: Buffer[] } | { at: 'body'; oid: string; type: string; size: number; body: Buffer | null; filled: number };

export class CatFileBatchParser {
  private phase: Phase = { at: 'header', partial: [] };

  /**
   * @param keep whether to buffer the body of the next object (by its type and size)
   * @param answer called once per requested object, in request order
   * @param hasBody whether the next answer carries content (`--batch-command`'s `contents`, not `info`)
   */
  constructor(
    private readonly keep: (type: string, size: number) => boolean,
    private readonly answer: (a: BatchAnswer) => void,
    private readonly hasBody: () => boolean = () => true,
  ) {}

  /** Forgets a half-read answer (the process was restarted). */
  reset(): void {
    this.phase = { at: 'header', partial: [] };
  }

  push(chunk: Buffer): void {
    let off = 0;
    while (off < chunk.length) {
      const phase = this.phase;
      if (phase.at === 'header') {
        const nl = chunk.indexOf(10, off);
        if (nl === -1) {
          phase.partial.push(chunk.subarray(off));
          return;
        }
        const line = Buffer.concat([...phase.partial, chunk.subarray(off, nl)]).toString('utf8');
        off = nl + 1;
        const m = /^(\S+) (\S+) (\d+)$/.exec(line);
        if (!m) {
          this.phase = { at: 'header', partial: [] };
          this.answer({ kind: 'unavailable', line });
          continue;
        }
        const oid = m[1] ?? '';
        const type = m[2] ?? '';
        const size = Number(m[3]);
        if (!this.hasBody()) {
          this.answer({ kind: 'object', oid, type, size, body: null });
          continue;
        }
        this.phase = { at: 'body', oid, type, size, body: this.keep(type, size) ? Buffer.alloc(size) : null, filled: 0 };
      } else {
        // The content is followed by one newline, consumed here too.
        const need = phase.size + 1;
        const n = Math.min(need - phase.filled, chunk.length - off);
        if (phase.body) chunk.copy(phase.body, phase.filled, off, off + Math.min(n, Math.max(0, phase.size - phase.filled)));
        phase.filled += n;
        off += n;
        if (phase.filled === need) {
          this.phase = { at: 'header', partial: [] };
          this.answer({ kind: 'object', oid: phase.oid, type: phase.type, size: phase.size, body: phase.body });
        }
      }
    }
  }
}
