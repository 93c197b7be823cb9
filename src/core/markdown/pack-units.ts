// Greedy packing of units into pieces that fit the meter's room; a unit too big alone is exploded by the caller's rule.
import type { Meter, Unit } from './token-meter';

/** Result of exploding a unit; `usedLead` when the current piece's units were folded into the first unit. */
export interface Exploded {
  units: Unit[];
  usedLead: boolean;
}

/** How a unit too big to fit alone is broken into smaller ones. */
export type Explode = (u: Unit, lead: readonly Unit[]) => Exploded;

/**
 * Greedy packing: units join the current piece while it fits. A unit too big alone is exploded into smaller
 * units, which are packed on from the current piece, so its free room is used.
 */
export function packUnits(units: readonly Unit[], m: Meter, explode: Explode): Unit[][] {
  const groups: Unit[][] = [];
  let cur: Unit[] = [];
  let cost = 0;
  const flush = (): void => {
    if (cur.length > 0) groups.push(cur);
    cur = [];
    cost = 0;
  };
  for (const u of units) {
    if (m.stopped()) break;
    if (u.sealed) {
      flush();
      groups.push([u]);
      continue;
    }
    if (cur.length > 0) {
      const next = cost + m.joinCost(cur[cur.length - 1] as Unit, u) + m.tok(u);
      if (next <= m.max) {
        cur.push(u);
        cost = next;
        continue;
      }
    }
    if (u.level === 2 || m.alone(u) <= m.max) {
      flush();
      cur = [u];
      cost = m.alone(u);
      continue;
    }
    const ex = explode(u, cur);
    const sub = packUnits(ex.usedLead ? ex.units : [...cur, ...ex.units], m, explode);
    cur = [];
    cost = 0;
    const last = sub.pop();
    groups.push(...sub);
    // The last sub-piece stays open so that following units may still join it.
    if (last && !last.some((x) => x.sealed)) {
      cur = last;
      cost = m.cost(last);
    } else if (last) groups.push(last);
  }
  flush();
  return groups;
}
