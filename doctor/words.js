// @ts-check
// Which word a mistyped one most likely meant: for the doctor's options and, through
// config/problems.ts, for every setting and command of the project. Plain Node.js.
"use strict";

/**
 * Levenshtein distance, ignoring case: how many one-character edits turn `a` into `b`.
 * @param {string} a
 * @param {string} b
 */
function editDistance(a, b) {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(
        row[j] + 1,
        row[j - 1] + 1,
        previous + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length];
}

/**
 * The candidate a mistyped word most likely meant: a near spelling, or (unless `beginnings` is
 * false) the one candidate it is the beginning of.
 * @param {string} word
 * @param {readonly string[]} candidates
 * @param {{ beginnings?: boolean }} [options]
 * @returns {string | undefined}
 */
function closest(word, candidates, { beginnings = true } = {}) {
  const begun = candidates.filter((c) => word.length >= 4 && c.toLowerCase().startsWith(word.toLowerCase()));
  if (beginnings && begun.length === 1) {
    return begun[0];
  }
  const best = candidates.map((c) => ({ c, d: editDistance(word, c) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.c : undefined;
}

module.exports = { closest, editDistance };
