/** FNV-1a over a string, as 8 hex digits: used for trace hashes that detect a changed model. */
export function hashText(text: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function hashHex(text: string): string {
  const first = hashText(text);
  const second = hashText(text, first ^ 0x5bd1e995);
  return first.toString(16).padStart(8, '0') + second.toString(16).padStart(8, '0');
}
