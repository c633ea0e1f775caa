// model.entries: every entry of the model is something modelgate can read. A symbolic link or a
// submodule where the model or its weights are would let the weights (or the whole model) live
// where no check looks, so each one fails, saying what it is and why it cannot be vouched for.
import { listSome, type CheckDefinition } from './types.js';

export const modelEntries: CheckDefinition = {
  id: 'model.entries',
  // Reported only for a model that holds a link or a submodule: every other model's report (and its
  // compliance score) stays as it was before the check existed.
  applies: (ev) => (ev.model.opaque ?? []).length > 0,
  run({ ev }) {
    const opaque = ev.model.opaque ?? [];
    if (opaque.length === 0) return { status: 'pass', message: 'no symbolic link or submodule in the model' };
    const first = opaque[0];
    const links = opaque.some((e) => e.kind === 'symlink');
    return {
      status: 'fail',
      message: listSome(opaque.map((e) => `${e.path} ${e.why}`)),
      ...(first ? { file: first.path } : {}),
      hint: links
        ? 'Commit the weights and the model directory as regular files (Git LFS for large weights). Links that stay inside the repository can be allowed with models.links: inside in .github/modelgate.yml; they are then judged as their target.'
        : 'Commit the model as regular files of this repository (Git LFS for large weights): modelgate does not read submodules.',
    };
  },
};
