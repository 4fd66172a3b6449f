/**
 * How every command faultline suggests is spelled (replay lines, "see ..." hints, the transcripts'
 * and the studio's replay commands): as the README tells users to run it, from the project without
 * a global install. One spelling, so a pasted suggestion always works where the first command did.
 */
export const faultlineCommand = 'npx faultline';
