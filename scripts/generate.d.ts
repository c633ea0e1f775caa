export function presetsModule(): string;
export function versionModule(): string;
