// The HNSW graph as a cache of the fs store: hnswlib-node's own file (`<folder>/hnsw-graph.bin`) and a sealed
// sidecar (`hnsw-graph.keys`) with the file's CRC-32 and size and the vector key of every label, so that vectors
// whose records were lost can be recovered from the graph. The caller patches a stale graph (see open-state.ts).
import { promises as fs } from 'node:fs';
import { crc32 } from 'node:zlib';
import { HnswIndex } from '../core/index/hnsw-index';
import { openBlob, sealBlob } from '../core/storage/blob-envelope';
import { replaceFileAtomic } from './atomic-file';
import type { IndexState } from './index-state';
import type { FsRecordStore } from './storage/fs-record-store';

const graphName = (folder: string): string => `${folder}/hnsw-graph.bin`;
const sidecarName = (folder: string): string => `${folder}/hnsw-graph.keys`;

/** The cached graph of an embedder's folder with its label keys; null when there is none; throws when damaged. */
export async function loadHnswCache(
  store: FsRecordStore,
  folder: string,
  dims: number,
  efSearch: number,
): Promise<{ hnsw: HnswIndex; keys: Map<number, string> } | null> {
  const sidecar = await store.readCache(sidecarName(folder));
  if (sidecar === null) return null;
  const file = store.cachePath(graphName(folder));
  let graph: Buffer;
  try {
    graph = await fs.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('graph file missing');
    throw e;
  }
  const side = parseSidecar(sidecar);
  if (!side || side.bytes !== graph.length || side.crc !== crc32(graph)) throw new Error('checksum mismatch');
  return { hnsw: HnswIndex.load(file, dims, { efSearch }), keys: side.keys };
}

/** Writes the graph of `state` and its sidecar (atomically each; the sidecar last, so it vouches for the graph). */
export async function saveHnswCache(store: FsRecordStore, folder: string, state: IndexState): Promise<void> {
  const file = store.cachePath(graphName(folder));
  // The fs store runs with the native graph only (the plugin's worker keeps no graph cache).
  const hnsw = state.vectorIndex;
  if (!(hnsw instanceof HnswIndex)) throw new Error('hnsw-cache: only the native HNSW graph is cached in files');
  await replaceFileAtomic(file, (tmp) => hnsw.save(tmp));
  const graph = await fs.readFile(file);
  store.noteCacheWrite(graph.length);
  await store.writeCache(sidecarName(folder), sealBlob(sidecarBytes(crc32(graph), graph.length, state), crc32));
}

/** The graph sidecar: crc (u32), bytes (u32), count (u32), then per label: label (u32) and its 16-byte key. */
function sidecarBytes(crc: number, bytes: number, state: IndexState): Uint8Array {
  const labels = state.vectorIndex.labels();
  const out = Buffer.alloc(12 + 20 * labels.length);
  out.writeUInt32LE(crc, 0);
  out.writeUInt32LE(bytes, 4);
  let n = 0;
  let o = 12;
  for (const label of labels) {
    const key = state.chunks.get(state.idOf(label) ?? '')?.key;
    if (!key) continue;
    out.writeUInt32LE(label, o);
    out.write(key, o + 4, 16, 'hex');
    o += 20;
    n++;
  }
  out.writeUInt32LE(n, 8);
  return out.subarray(0, o);
}

function parseSidecar(sealed: Uint8Array): { crc: number; bytes: number; keys: Map<number, string> } | null {
  const p = openBlob(sealed, crc32);
  if (!p || p.length < 12) return null;
  const b = Buffer.from(p.buffer, p.byteOffset, p.byteLength);
  const count = b.readUInt32LE(8);
  if (b.length !== 12 + 20 * count) return null;
  const keys = new Map<number, string>();
  for (let i = 0, o = 12; i < count; i++, o += 20) keys.set(b.readUInt32LE(o), b.toString('hex', o + 4, o + 20));
  return { crc: b.readUInt32LE(0), bytes: b.readUInt32LE(4), keys };
}

/** True when a graph cache (its file or its sidecar) of `folder` is on disk. */
export async function hnswCacheExists(store: FsRecordStore, folder: string): Promise<boolean> {
  for (const name of [sidecarName(folder), graphName(folder)]) {
    try {
      await fs.access(store.cachePath(name));
      return true;
    } catch {
      // absent: look at the other one
    }
  }
  return false;
}

/** Removes the graph cache of `folder`: the sidecar first, so a graph file left by a crash is never vouched for. */
export async function removeHnswCache(store: FsRecordStore, folder: string): Promise<void> {
  await store.deleteCache(sidecarName(folder));
  await store.deleteCache(graphName(folder));
}
