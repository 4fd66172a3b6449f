/**
 * How every command faultline suggests is spelled (replay lines, "see ..." hints, the transcripts'
 * and the studio's replay commands): as the README tells users to run it, from the project without
 * a global install. One spelling, so a pasted suggestion always works where the first command did.
 */
export const faultlineCommand = 'npx faultline';

/** A word of a shell command as the user can paste it: quoted when it holds anything but plain characters. */
export function shellWord(word: string): string {
  return /^[\w./@:=+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that replays `file` (an artifact or a scenario). A protocol loaded from a module
 * (`--protocol-module`) is not in the registry, so the command names the module too, or it would
 * answer "unknown protocol".
 */
export function replayCommandLine(file: string, protocolModule?: string): string {
  return `${faultlineCommand} ${['replay', file, ...(protocolModule === undefined ? [] : ['--protocol-module', protocolModule])].map(shellWord).join(' ')}`;
}
