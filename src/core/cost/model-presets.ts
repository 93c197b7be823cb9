// The built-in model presets, each with the source of its figures (config.json or the model card). Parameter
// counts are billions; `nonEmbeddingParamsB` subtracts the input embedding and the output head (vocab × hidden
// each, untied in every model here), which prefill does not multiply by every prompt token.
import type { ModelPreset } from './presets';

const LLAMA_31 = 'Meta Llama 3.1 model card and config.json (huggingface.co/meta-llama)';
const LLAMA_2 = 'Llama 2 paper (Touvron et al. 2023, arXiv:2307.09288) and config.json (huggingface.co/meta-llama)';

/** The built-in model presets (read through `listModelPresets` / `findModel`). */
export const MODELS: readonly ModelPreset[] = [
  {
    id: 'llama-3.1-8b',
    name: 'Llama-3.1-8B',
    paramsB: 8.03,
    activeParamsB: 8.03,
    nonEmbeddingParamsB: 6.98,
    layers: 32,
    queryHeads: 32,
    kvHeads: 8,
    headDim: 128,
    contextWindow: 131_072,
    weightBytes: 2,
    kvBytes: 2,
    source:
      `${LLAMA_31}: 32 layers, hidden 4096, 32 query / 8 KV heads of 128, vocab 128,256 (embedding and ` +
      'head 1.05B), 128k context, bf16. Decode energy anchor: ML.ENERGY leaderboard v3 (vLLM, 1×H100, batch 64) ' +
      '≈ 0.119 J per output token.',
  },
  {
    id: 'llama-3.1-70b',
    name: 'Llama-3.1-70B',
    paramsB: 70.55,
    activeParamsB: 70.55,
    nonEmbeddingParamsB: 68.45,
    layers: 80,
    queryHeads: 64,
    kvHeads: 8,
    headDim: 128,
    contextWindow: 131_072,
    weightBytes: 2,
    kvBytes: 2,
    source:
      `${LLAMA_31}: 80 layers, hidden 8192, 64 query / 8 KV heads of 128, vocab 128,256, 128k context, ` +
      'bf16. Decode energy anchor: ML.ENERGY leaderboard v3 (vLLM, 4×H100, batch 64) ≈ 0.797 J per output token.',
  },
  {
    id: 'llama-3.1-405b',
    name: 'Llama-3.1-405B',
    paramsB: 405.85,
    activeParamsB: 405.85,
    nonEmbeddingParamsB: 401.65,
    layers: 126,
    queryHeads: 128,
    kvHeads: 8,
    headDim: 128,
    contextWindow: 131_072,
    weightBytes: 2,
    kvBytes: 2,
    source: `${LLAMA_31}: 126 layers, hidden 16384, 128 query / 8 KV heads of 128, vocab 128,256, 128k context, bf16.`,
  },
  {
    id: 'llama-3-8b-1m',
    name: 'Llama-3-8B-1M',
    paramsB: 8.03,
    activeParamsB: 8.03,
    nonEmbeddingParamsB: 6.98,
    layers: 32,
    queryHeads: 32,
    kvHeads: 8,
    headDim: 128,
    contextWindow: 1_048_576,
    weightBytes: 2,
    kvBytes: 2,
    source:
      'Gradient AI Llama-3-8B-Instruct-Gradient-1048k (huggingface.co/gradientai): the Llama 3 8B shape ' +
      '(32 layers, hidden 4096, 32 query / 8 KV heads of 128, vocab 128,256) with a 1,048,576-token window; the ' +
      'model of the MInference prefill timings (anchor A4).',
  },
  {
    id: 'llama-2-7b',
    name: 'Llama-2-7B',
    paramsB: 6.74,
    activeParamsB: 6.74,
    nonEmbeddingParamsB: 6.48,
    layers: 32,
    queryHeads: 32,
    kvHeads: 32,
    headDim: 128,
    contextWindow: 4096,
    weightBytes: 2,
    kvBytes: 2,
    source:
      `${LLAMA_2}: 6.74B parameters, 32 layers, hidden 4096, 32 heads of 128 (no grouped-query ` +
      'attention), vocab 32,000, 4k context (anchor A2).',
  },
  {
    id: 'llama-2-13b',
    name: 'Llama-2-13B',
    paramsB: 13.02,
    activeParamsB: 13.02,
    nonEmbeddingParamsB: 12.69,
    layers: 40,
    queryHeads: 40,
    kvHeads: 40,
    headDim: 128,
    contextWindow: 4096,
    weightBytes: 2,
    kvBytes: 2,
    source: `${LLAMA_2}: 13.02B parameters, 40 layers, hidden 5120, 40 heads of 128, vocab 32,000, 4k context (anchor A2).`,
  },
  {
    id: 'llama-2-70b',
    name: 'Llama-2-70B',
    paramsB: 68.98,
    activeParamsB: 68.98,
    nonEmbeddingParamsB: 68.46,
    layers: 80,
    queryHeads: 64,
    kvHeads: 8,
    headDim: 128,
    contextWindow: 4096,
    weightBytes: 2,
    kvBytes: 2,
    source:
      `${LLAMA_2}: 68.98B parameters, 80 layers, hidden 8192, 64 query / 8 KV heads of 128, vocab ` +
      '32,000, 4k context (anchor A3, Splitwise).',
  },
  {
    id: 'mistral-7b',
    name: 'Mistral-7B',
    paramsB: 7.24,
    activeParamsB: 7.24,
    nonEmbeddingParamsB: 6.98,
    layers: 32,
    queryHeads: 32,
    kvHeads: 8,
    headDim: 128,
    contextWindow: 32_768,
    weightBytes: 2,
    kvBytes: 2,
    source:
      'Mistral-7B-v0.1 paper (Jiang et al. 2023, arXiv:2310.06825) and config.json (huggingface.co/' +
      'mistralai): 7.24B parameters, 32 layers, hidden 4096, 32 query / 8 KV heads of 128, vocab 32,000, ' +
      '4,096-token sliding window, 32k positions (anchor A2).',
  },
  {
    id: 'qwen2.5-7b',
    name: 'Qwen2.5-7B',
    paramsB: 7.61,
    activeParamsB: 7.61,
    nonEmbeddingParamsB: 6.53,
    layers: 28,
    queryHeads: 28,
    kvHeads: 4,
    headDim: 128,
    contextWindow: 131_072,
    weightBytes: 2,
    kvBytes: 2,
    source:
      'Qwen2.5 technical report (arXiv:2412.15115: 7.61B parameters, 6.53B non-embedding) and ' +
      'Qwen2.5-7B-Instruct config.json (huggingface.co/Qwen): 28 layers, hidden 3584, 28 query / 4 KV heads of ' +
      '128; 131,072-token context per the card (config ships 32,768 and enables the rest with YaRN), bf16 (anchor A1).',
  },
  {
    id: 'deepseek-v3',
    name: 'DeepSeek-V3',
    paramsB: 671,
    activeParamsB: 37,
    nonEmbeddingParamsB: 35.15,
    layers: 61,
    queryHeads: 128,
    kvHeads: 128,
    headDim: 128,
    contextWindow: 131_072,
    weightBytes: 1,
    kvBytes: 2,
    mla: { kvLoraRank: 512, ropeDim: 64, qkHeadDim: 192, vHeadDim: 128 },
    // 58 MoE layers × 256 experts × 3 matrices of 7168×2048 = 653.9B routed parameters.
    moe: { routedParamsB: 653.9, experts: 256, activeExperts: 8 },
    source:
      'DeepSeek-V3 technical report (arXiv:2412.19437) and config.json (huggingface.co/deepseek-ai): 671B ' +
      'total / 37B active parameters, 61 layers, hidden 7168, 128 heads, MLA with kv_lora_rank 512 and rope dim ' +
      '64 (the KV cache stores that 576-wide latent per layer), 256 routed experts of which 8 per token plus 1 ' +
      'shared, first 3 layers dense, vocab 129,280 (embedding + head 1.85B), fp8 weights, 128k context.',
  },
  {
    id: 'kimi-k2',
    name: 'Kimi-K2 (1T MoE)',
    paramsB: 1026.4,
    activeParamsB: 32.86,
    nonEmbeddingParamsB: 30.51,
    layers: 61,
    queryHeads: 64,
    kvHeads: 64,
    headDim: 128,
    contextWindow: 131_072,
    weightBytes: 1,
    kvBytes: 2,
    mla: { kvLoraRank: 512, ropeDim: 64, qkHeadDim: 192, vHeadDim: 128 },
    // 60 MoE layers × 384 experts × 3 matrices of 7168×2048 = 1,014.7B routed parameters.
    moe: { routedParamsB: 1014.69, experts: 384, activeExperts: 8 },
    source:
      'Kimi-K2-Instruct config.json and model card (huggingface.co/moonshotai): "1 trillion total / 32 ' +
      'billion activated parameters"; 61 layers (the first dense, intermediate 18432), hidden 7168, 64 heads, MLA ' +
      '(q_lora_rank 1536, kv_lora_rank 512, qk_nope 128 + qk_rope 64, v_head 128), 384 routed experts of width ' +
      '2048 with 8 per token plus 1 shared, vocab 163,840, 128k context, fp8 block-quantised weights. Counted ' +
      'from the config: 1,026.4B total, 32.86B active, 30.51B active without embedding and head.',
  },
  {
    id: 'dense-1t',
    name: 'Dense 1T (hypothetical)',
    paramsB: 1006.6,
    activeParamsB: 1006.6,
    nonEmbeddingParamsB: 1006.6,
    layers: 128,
    queryHeads: 200,
    kvHeads: 8,
    headDim: 128,
    contextWindow: 131_072,
    weightBytes: 2,
    kvBytes: 2,
    source:
      'Hypothetical dense model for scale: 128 layers, d_model 25600 (200 query heads of 128), 8 KV heads ' +
      '(grouped-query attention as in Llama 3), 12·L·d² ≈ 1.007T non-embedding parameters (Kaplan et al. 2020, ' +
      'Table 1; embeddings not counted), 128k context, bf16.',
  },
];
