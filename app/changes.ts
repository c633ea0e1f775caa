// The ChangeSet between two trees lives with the rest of the GitHub layer: adapters/github/changeSet.ts.
export { treeChanges } from '../adapters/github/changeSet.js';
