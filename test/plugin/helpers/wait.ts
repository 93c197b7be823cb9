// Polls a condition on the event loop, for UI that updates after async engine answers (no timing is asserted).

/** Resolves once `cond()` is true; throws after `tries` polls. */
export async function waitFor(cond: () => boolean, tries = 400, stepMs = 5): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error('waitFor: condition never became true');
}

/** Lets pending timers and promises run for `ms`. */
export function settle(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
