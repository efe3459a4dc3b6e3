// One statement's support as the pages show it. The server counts it (cocreatie/rules/support.py,
// DESIGN §8): per group its answers, the group-informed consensus and whether it divides. The
// pages only turn each group's answers into the share they print, P_g = (A_g + 1) / (S_g + 2),
// and mark a group of fewer than three answers as too small to read.

const MIN_ANSWERS = 3;

const NONE = { answers: {}, consensus: null, dividing: false };

/**
 * The server's support of one statement ({answers: {group: {agree, disagree, pass}}, consensus,
 * dividing}; missing: no answers yet), ready to show: its groups in order with their counts,
 * answers (seen), P_g and whether too small; the consensus and whether it divides.
 */
export function statementSupport(counted = NONE) {
  return {
    groups: Object.entries(counted.answers).map(([group, answers]) => {
      const seen = answers.agree + answers.disagree + answers.pass;
      return { group, ...answers, seen, share: (answers.agree + 1) / (seen + 2), tooSmall: seen < MIN_ANSWERS };
    }),
    consensus: counted.consensus,
    dividing: counted.dividing,
  };
}
