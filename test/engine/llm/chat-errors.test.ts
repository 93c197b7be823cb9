import { describe, expect, it } from 'vitest';
import { displayUrl, networkError, redact, saysModelMissing, serverMessage } from '../../../src/engine/llm/chat-errors';

describe('chat errors', () => {
  it('asks whether Ollama runs when its port refuses', () => {
    const err = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    expect(networkError(err, 'http://localhost:11434/v1/chat/completions', undefined).message).toBe(
      'Cannot reach the LLM endpoint http://localhost:11434/v1/chat/completions (connection refused). Is Ollama running? Start it with `ollama serve`.',
    );
    expect(
      networkError(
        new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } }),
        'https://api.nowhere.example/v1',
        undefined,
      ).message,
    ).toBe(
      'Cannot reach the LLM endpoint https://api.nowhere.example/v1 (host not found). Check the URL and your network.',
    );
  });

  it('reads the error message of OpenAI, Ollama and vLLM bodies', () => {
    expect(serverMessage('{"error":{"message":"bad key"}}')).toBe('bad key');
    expect(serverMessage('{"error":"model \'x\' not found"}')).toBe("model 'x' not found");
    expect(serverMessage('{"object":"error","message":"The model `x` does not exist.","code":404}')).toBe(
      'The model `x` does not exist.',
    );
    expect(serverMessage('plain\n text')).toBe('plain text');
  });

  it('recognises model-missing bodies of several servers', () => {
    expect(saysModelMissing('{"error":{"code":"model_not_found"}}')).toBe(true);
    expect(saysModelMissing('The model `x` does not exist.')).toBe(true);
    expect(saysModelMissing('404 page not found')).toBe(false);
  });

  it('redacts the secret and hides URL credentials', () => {
    expect(redact('key sk-123456 leaked sk-123456', 'sk-123456')).toBe('key [redacted] leaked [redacted]');
    expect(displayUrl('http://u:p@h:1/v1?key=s')).toBe('http://h:1/v1');
  });
});
