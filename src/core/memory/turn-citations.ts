// Citations of recalled turns in an answer. The citation renderer turns every cited label into an Obsidian link
// by note path, so `[[turn 3]]` would become a link to a note "turn 3" that does not exist; a turn is not a
// note. Such citations are written as plain "(turn 3)" and left out of the answer's cited notes.
import type { AskAnswer } from '../types';

const TURN_NOTE = /^turn \d+$/;
const TURN_LINK = /\[\[turn (\d+)(?:\|turn \1)?\]\](?! \(not in context\))/g;

/** The answer with citations of earlier turns as plain text, and only vault notes among its citations. */
export function unlinkTurnCitations(answer: AskAnswer): AskAnswer {
  return {
    ...answer,
    text: answer.text.replace(TURN_LINK, '(turn $1)'),
    citations: answer.citations.filter((c) => !TURN_NOTE.test(c)),
  };
}
