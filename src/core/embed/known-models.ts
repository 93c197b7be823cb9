// Presets of the sentence-embedding models we know: dims, pooling and the prefixes each model's card asks for.

/** A model preset: facts from each model's card on the Hugging Face hub. */
export interface KnownModel {
  dims: number;
  pooling: 'mean' | 'cls';
  queryPrefix?: string;
  passagePrefix?: string;
  note: string;
}

/** Known model presets with dims, pooling and prefixes (sources: the models' cards on huggingface.co). */
export const KNOWN_MODELS: Record<string, KnownModel> = {
  'Xenova/all-MiniLM-L6-v2': {
    dims: 384,
    pooling: 'mean',
    note: 'English, small and fast (sentence-transformers/all-MiniLM-L6-v2: 384-d, mean pooling); the default.',
  },
  'Xenova/bge-small-en-v1.5': {
    dims: 384,
    pooling: 'cls',
    queryPrefix: 'Represent this sentence for searching relevant passages: ',
    note: 'English, stronger retrieval (BAAI/bge-small-en-v1.5: 384-d, [CLS] pooling, instruction on queries only).',
  },
  'Xenova/multilingual-e5-small': {
    dims: 384,
    pooling: 'mean',
    queryPrefix: 'query: ',
    passagePrefix: 'passage: ',
    note: 'Multilingual incl. Russian (intfloat/multilingual-e5-small: 384-d, mean pooling, "query: "/"passage: ").',
  },
};

/** The preset for a model id, matched exactly or by its last path part (a local folder named like the model). */
export function knownModel(model: string): KnownModel | undefined {
  const exact = KNOWN_MODELS[model];
  if (exact) return exact;
  const last = model.split('/').pop()?.toLowerCase();
  return Object.entries(KNOWN_MODELS).find(([id]) => id.split('/').pop()?.toLowerCase() === last)?.[1];
}
