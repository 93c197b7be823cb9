import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RUSSIAN_FEATURES,
  russianFeatures,
  transliterate,
  translitKey,
  translitSkeleton,
} from '../../../src/core/embed/russian-features';
import { LocalEmbedder } from '../../../src/core/embed/local-embedder';
import { stem } from '../../../src/core/index/text-analysis';

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('transliteration skeletons', () => {
  it('give a borrowed name the same key in both scripts', () => {
    expect(transliterate('флатпак')).toBe('flatpak');
    for (const [ru, en] of [
      ['докер', 'docker'],
      ['флатпак', 'flatpak'],
      ['линукс', 'linux'],
      ['гном', 'gnome'],
      ['стим', 'steam'],
      ['файрфокс', 'firefox'],
    ]) {
      expect(translitSkeleton(ru!), `${ru} / ${en}`).toBe(translitSkeleton(en!));
    }
    expect(translitSkeleton('docker')).not.toBe(translitSkeleton('podman'));
  });

  it('skip short skeletons and other scripts or identifiers', () => {
    expect(translitSkeleton('api')).toBeNull();
    expect(translitSkeleton('ядро')).toBeNull(); // "dr": too short to be telling
    expect(translitSkeleton('app.vault')).toBeNull();
    expect(translitSkeleton('日本語')).toBeNull();
  });
});

describe('transliteration keys', () => {
  it('match names across scripts but, unlike skeletons, keep vowel positions', () => {
    for (const [ru, en] of [
      ['докер', 'docker'],
      ['телеграм', 'telegram'],
      ['флатпак', 'flatpak'],
      ['команд', 'command'],
    ]) {
      expect(translitKey(ru!), `${ru} / ${en}`).toBe(translitKey(en!));
    }
    // The loose skeleton conflates these; the key does not.
    expect(translitSkeleton('стим')).toBe(translitSkeleton('system'));
    expect(translitKey('система')).not.toBe(translitKey('steam'));
    expect(translitKey('стим')).toBeNull(); // too short to be telling
  });
});

describe('russianFeatures', () => {
  it('shares stem 3-grams between inflected and derived forms, and none with an unrelated word', () => {
    const grams = (w: string) =>
      new Set(
        russianFeatures(w, stem(w), DEFAULT_RUSSIAN_FEATURES)
          .map(([f]) => f)
          .filter((f) => f.startsWith('r:')),
      );
    const a = grams('установка');
    const b = grams('установленный');
    const shared = [...a].filter((g) => b.has(g));
    expect(shared.length).toBeGreaterThanOrEqual(4);
    expect([...grams('память')].filter((g) => a.has(g))).toEqual([]);
    // Latin words get no stem grams, only their skeleton.
    expect(russianFeatures('docker', 'docker', DEFAULT_RUSSIAN_FEATURES)).toEqual([
      ['t:dkr', DEFAULT_RUSSIAN_FEATURES.translitWeight],
    ]);
  });

  it('make the embedder put a Cyrillic spelling of a name near its Latin spelling', async () => {
    const on = new LocalEmbedder({ dims: 4096 });
    const off = new LocalEmbedder({ dims: 4096, russian: { stemGramWeight: 0, translitWeight: 0 } });
    expect(on.fingerprint.model).not.toBe(off.fingerprint.model);
    for (const [q, p] of [
      ['запуск в докере', 'Docker runs containers'],
      ['пакеты флатпак', 'Install Flatpak packages'],
    ]) {
      const [qa, pa] = await on.embed([q!, p!], 'passage');
      const [qb, pb] = await off.embed([q!, p!], 'passage');
      // Without the skeleton the two texts share no feature at all (what is left is hash collisions).
      expect(Math.abs(cosine(qb!, pb!)), q).toBeLessThan(0.01);
      expect(cosine(qa!, pa!), q).toBeGreaterThan(0.02);
    }
  });
});
