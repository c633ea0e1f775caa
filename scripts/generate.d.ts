export function versionModule(): string;
