// Seeded, realistic vaults for the scale benchmark (`npm run bench -- --scale`): English prose with a Zipf word
// distribution over WordNet's lemmas (ranked by WordNet's tagged-corpus counts), topic folders with their own
// vocabulary, hub notes that many notes link to, headings, lists, some code and tables, front matter on ~30 % of
// notes and a few hostile notes (inline base64 image, drawing JSON, a 1,000-line note, a note that is all links).
// The same spec always gives the same bytes, so 1k / 10k / 50k runs are comparable across machines and commits.
import { seededRandom } from '../core/util/prng';
import { FUNCTION_WORDS, gauss, rankedLemmas, zipfSampler } from './scale-words';

/** What to generate. */
export interface ScaleVaultSpec {
  notes: number;
  seed: number;
}

/** One generated note. */
export interface GeneratedNote {
  path: string;
  text: string;
  kind: 'note' | 'hub' | 'hostile';
}

/** One generated question with the note it was drawn from. */
export interface GeneratedQuestion {
  question: string;
  note: string;
}

// Shares of running text: function words, then the topic's own terms; the rest is Zipf over the vocabulary.
const FUNCTION_SHARE = 0.45;
const TOPIC_SHARE = 0.22;
const TOPIC_TERMS = 40;
/** Share of notes with YAML front matter. */
export const FRONT_MATTER_SHARE = 0.3;

/** Builds the notes of a vault; deterministic in the spec. */
export function generateScaleVault(spec: ScaleVaultSpec): GeneratedNote[] {
  if (!Number.isInteger(spec.notes) || spec.notes < 10)
    throw new Error(`scale-vault: need at least 10 notes, got ${spec.notes}`);
  const rand = seededRandom(spec.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const words = rankedLemmas();
  const zipf = zipfSampler(words.length, rand);
  const cap = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);

  // Topics: folders with their own characteristic mid-frequency terms (what makes a note findable).
  const topicCount = Math.max(4, Math.round(Math.sqrt(spec.notes) / 1.5));
  const topicNames = new Set<string>();
  const topics = Array.from({ length: topicCount }, (_, i) => {
    const terms = Array.from({ length: TOPIC_TERMS }, () => words[200 + Math.floor(rand() * (words.length - 200))]!);
    let name = `${cap(terms[0]!)} ${terms[1]!}`;
    if (topicNames.has(name)) name += ` ${i}`;
    topicNames.add(name);
    return { name, terms };
  });
  const hostileCount = Math.max(4, Math.round(spec.notes / 2500));
  const hubCount = topicCount;
  const plainCount = spec.notes - hostileCount - hubCount;

  // Titles first, so links can point anywhere; a note's topic is its folder.
  const titles = new Set<string>();
  const plain = Array.from({ length: plainCount }, () => {
    const topic = Math.floor(rand() * topicCount);
    let title = '';
    do {
      const t = topics[topic]!;
      const parts = [pick(t.terms), words[zipf()]!, ...(rand() < 0.5 ? [words[zipf()]!] : [])];
      title = parts.map((p, i) => (i === 0 ? cap(p) : p)).join(' ');
      if (titles.has(title.toLowerCase())) title += ` ${titles.size}`;
    } while (titles.has(title.toLowerCase()));
    titles.add(title.toLowerCase());
    return { topic, title };
  });
  const byTopic = topics.map(() => [] as number[]);
  plain.forEach((p, i) => byTopic[p.topic]!.push(i));
  const hubTitle = (t: number): string => `${topics[t]!.name} overview`;

  const sentence = (topic: number, links: string[]): string => {
    const n = 8 + Math.floor(rand() * 18);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = rand();
      if (r < FUNCTION_SHARE) out.push(pick(FUNCTION_WORDS));
      else if (r < FUNCTION_SHARE + TOPIC_SHARE) out.push(pick(topics[topic]!.terms));
      else out.push(words[zipf()]!);
    }
    if (links.length > 0 && rand() < 0.35) {
      const target = links.shift()!;
      out.splice(
        Math.floor(rand() * out.length),
        0,
        rand() < 0.2 ? `[[${target}|${words[zipf()]!}]]` : `[[${target}]]`,
      );
    }
    const s = out.join(' ');
    return `${cap(s)}${rand() < 0.08 ? '?' : '.'}`;
  };
  const paragraph = (topic: number, links: string[]): string => {
    // Paragraph lengths: 1–7 sentences, skewed short like real notes.
    const n = 1 + Math.floor(rand() * rand() * 7);
    return Array.from({ length: n }, () => sentence(topic, links)).join(' ');
  };

  const notes: GeneratedNote[] = [];
  plain.forEach((p, i) => {
    const topic = topics[p.topic]!;
    const mates = byTopic[p.topic]!;
    // Links: the topic hub often, a few topic mates (earlier notes more: preferential attachment), rarely anywhere.
    const links: string[] = [];
    if (rand() < 0.6) links.push(hubTitle(p.topic));
    const nLinks = Math.floor(rand() * 6);
    for (let l = 0; l < nLinks; l++) {
      const other =
        rand() < 0.8 ? mates[Math.floor(rand() * rand() * mates.length)]! : Math.floor(rand() * plain.length);
      if (other !== i) links.push(plain[other]!.title);
    }
    // Note length: log-normal around ~390 words.
    const targetWords = Math.max(40, Math.round(Math.exp(Math.log(330) + 0.7 * gauss(rand))));
    const parts: string[] = [];
    if (rand() < FRONT_MATTER_SHARE) {
      const tags = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => words[zipf()]!);
      const alias = rand() < 0.4 ? `\naliases: [${cap(words[zipf()]!)} ${words[zipf()]!}]` : '';
      parts.push(
        `---\ntags: [${tags.join(', ')}]${alias}\ncreated: 2024-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}\n---`,
      );
    }
    parts.push(`# ${p.title}`);
    let count = 0;
    let sinceHeading = 0;
    while (count < targetWords) {
      if (sinceHeading >= 2 + Math.floor(rand() * 3)) {
        parts.push(`## ${cap(pick(topic.terms))} ${words[zipf()]!}`);
        sinceHeading = 0;
      }
      const r = rand();
      let block: string;
      if (r < 0.04) block = codeBlock(rand, words, zipf);
      else if (r < 0.07) block = table(rand, words, zipf);
      else if (r < 0.15)
        block = Array.from({ length: 2 + Math.floor(rand() * 5) }, () => `- ${sentence(p.topic, links)}`).join('\n');
      else block = paragraph(p.topic, links);
      parts.push(block);
      count += block.split(/\s+/).length;
      sinceHeading++;
    }
    if (links.length > 0) parts.push(`See also: ${links.map((l) => `[[${l}]]`).join(', ')}`);
    notes.push({ path: `${topic.name}/${p.title}.md`, text: `${parts.join('\n\n')}\n`, kind: 'note' });
  });
  topics.forEach((t, ti) => {
    const members = byTopic[ti]!.slice(0, 400).map((i) => `- [[${plain[i]!.title}]]`);
    notes.push({
      path: `${t.name}/${hubTitle(ti)}.md`,
      text: `# ${hubTitle(ti)}\n\n${paragraph(ti, [])}\n\n${members.join('\n')}\n`,
      kind: 'hub',
    });
  });
  for (let h = 0; h < hostileCount; h++)
    notes.push(
      hostileNote(
        h,
        rand,
        words,
        zipf,
        plain.map((p) => p.title),
      ),
    );
  return notes;
}

/** Questions drawn from plain notes: two or three of the note's telling (rarer) words in a question frame. */
export function generateQuestions(notes: readonly GeneratedNote[], count: number, seed: number): GeneratedQuestion[] {
  const rand = seededRandom(seed ^ 0x5eed);
  const plain = notes.filter((n) => n.kind === 'note');
  const rank = new Map(rankedLemmas().map((w, i) => [w, i]));
  const frames = [
    'How does the %1 relate to %2?',
    'What is the %1 used for in %2?',
    'Why would a %1 need %2 and %3?',
    'Where is %1 described together with %2?',
    'What do the notes say about %1 and %2?',
    'How to set up %1 with %2 %3',
  ];
  const out: GeneratedQuestion[] = [];
  for (let i = 0; i < count; i++) {
    const note = plain[Math.floor(rand() * plain.length)]!;
    const body =
      note.text
        .replace(/^---[\s\S]*?---/, '')
        .toLowerCase()
        .match(/[a-z]{3,}/g) ?? [];
    const telling = [...new Set(body)].filter((w) => (rank.get(w) ?? -1) >= 300);
    const chosen = Array.from({ length: 3 }, () => telling[Math.floor(rand() * telling.length)] ?? 'note');
    const frame = frames[Math.floor(rand() * frames.length)]!;
    out.push({
      question: frame.replace('%1', chosen[0]!).replace('%2', chosen[1]!).replace('%3', chosen[2]!),
      note: note.path,
    });
  }
  return out;
}

function codeBlock(rand: () => number, words: readonly string[], zipf: () => number): string {
  const lines = Array.from({ length: 3 + Math.floor(rand() * 12) }, (_, i) => {
    const a = words[zipf()]!;
    const b = words[zipf()]!;
    return i % 3 === 0
      ? `function ${a}${b.charAt(0).toUpperCase()}${b.slice(1)}(${a}) {`
      : `  const ${a} = ${b}.${words[zipf()]!}(${Math.floor(rand() * 100)});`;
  });
  return `\`\`\`ts\n${lines.join('\n')}\n\`\`\``;
}

function table(rand: () => number, words: readonly string[], zipf: () => number): string {
  const cols = 2 + Math.floor(rand() * 3);
  const row = (): string => `| ${Array.from({ length: cols }, () => words[zipf()]!).join(' | ')} |`;
  return [row(), `|${' --- |'.repeat(cols)}`, ...Array.from({ length: 2 + Math.floor(rand() * 8) }, row)].join('\n');
}

/** The hostile kinds, in turn: inline base64 image, drawing JSON, a 1,000-line note, a note of links only. */
function hostileNote(
  h: number,
  rand: () => number,
  words: readonly string[],
  zipf: () => number,
  titles: readonly string[],
): GeneratedNote {
  const kind = h % 4;
  if (kind === 0) {
    // A pasted screenshot: ~30 KB of base64 on one line (kept moderate: larger ones are issue 10's hygiene work).
    const bytes = Array.from({ length: 22_000 }, () => String.fromCharCode(Math.floor(rand() * 256))).join('');
    const b64 = Buffer.from(bytes, 'latin1').toString('base64');
    return {
      path: `Inbox/Screenshot ${h}.md`,
      text: `# Screenshot ${h}\n\nPasted from the clipboard.\n\n![shot](data:image/png;base64,${b64})\n`,
      kind: 'hostile',
    };
  }
  if (kind === 1) {
    const elements = Array.from({ length: 300 }, (_, i) => ({
      id: `el${i}`,
      type: 'rectangle',
      x: Math.floor(rand() * 2000),
      y: Math.floor(rand() * 2000),
      seed: Math.floor(rand() * 1e9),
    }));
    return {
      path: `Drawings/Drawing ${h}.excalidraw.md`,
      text: `---\nexcalidraw-plugin: parsed\n---\n# Drawing ${h}\n\n\`\`\`json\n${JSON.stringify({ type: 'excalidraw', elements })}\n\`\`\`\n`,
      kind: 'hostile',
    };
  }
  if (kind === 2) {
    const lines = Array.from(
      { length: 1000 },
      (_, i) => `- ${i}: ${words[zipf()]!} ${words[zipf()]!} ${words[zipf()]!}`,
    );
    return { path: `Logs/Daily log ${h}.md`, text: `# Daily log ${h}\n\n${lines.join('\n')}\n`, kind: 'hostile' };
  }
  const links = Array.from({ length: 500 }, () => `[[${titles[Math.floor(rand() * titles.length)]!}]]`);
  return { path: `Maps/Link dump ${h}.md`, text: `# Link dump ${h}\n\n${links.join(' ')}\n`, kind: 'hostile' };
}
