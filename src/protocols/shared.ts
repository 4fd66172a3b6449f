/** Helpers shared by protocol definitions (the declaration API itself is `src/core/protocol.ts`). */
export { defaultProfile } from '../core/protocol.ts';
export { describeSettings } from '../core/settings.ts';
