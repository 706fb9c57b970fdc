/** `siprint proof`: a proof PDF covering every layout and edge of an extract. */
export { buildProof, type ProofOptions, type ProofResult } from './proof';
export { ProofSelector, rarity, type ProofPick, type ProofSelection } from './select';
