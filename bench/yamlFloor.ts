// What the one YAML parser costs on its own, run by the scaling row as a child process (fresh, as a
// CLI run is, so its cold start counts): every YAML text of a repository (the cards' front matter,
// the datasheets, the audit records) through the evaluator's parser, nothing else. Prints one JSON
// line: how many texts, how many parsed, and the parse's wall and process CPU time in ms.
// Usage: node build/bench/yamlFloor.js <repository>
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '../src/evidence/load.js';
import { frontMatterText } from '../src/evidence/modelCard.js';

const root = process.argv[2];
if (!root) throw new Error('usage: yamlFloor.js <repository>');
const paths = execFileSync('git', ['ls-files', '-z'], { cwd: root }).toString('utf8').split('\0');
const texts: [string, string][] = [];
for (const path of paths) {
  if (path.endsWith('.yml') || path.endsWith('.yaml')) texts.push([path, readFileSync(join(root, path), 'utf8')]);
  else if (path.endsWith('README.md')) {
    const front = frontMatterText(readFileSync(join(root, path), 'utf8'));
    if (front !== undefined) texts.push([path, front]);
  }
}
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let parsed = 0;
for (const [path, text] of texts) if (parseYaml(text, path, { hub: path.endsWith('README.md') }).ok) parsed++;
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(`${JSON.stringify({ texts: texts.length, parsed, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
