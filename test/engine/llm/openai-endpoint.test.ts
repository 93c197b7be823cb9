import { describe, expect, it } from 'vitest';
import { OpenAIChatModel } from '../../../src/engine/llm/openai-chat';
import { apiKeyFromEnv, chatCompletionsUrl, DEFAULT_LLM_URL } from '../../../src/engine/llm/openai-endpoint';

describe('OpenAIChatModel settings', () => {
  it('builds the chat-completions URL from an API root', () => {
    expect(chatCompletionsUrl(DEFAULT_LLM_URL)).toBe('http://localhost:11434/v1/chat/completions');
    expect(chatCompletionsUrl('http://localhost:11434')).toBe('http://localhost:11434/v1/chat/completions');
    expect(chatCompletionsUrl('http://localhost:1234/v1/')).toBe('http://localhost:1234/v1/chat/completions');
    expect(chatCompletionsUrl('https://api.example.com/openai/v1')).toBe(
      'https://api.example.com/openai/v1/chat/completions',
    );
    expect(chatCompletionsUrl('http://h:8080/v1/chat/completions')).toBe('http://h:8080/v1/chat/completions');
  });

  it('rejects bad settings with clear errors that never quote the key', () => {
    expect(() => chatCompletionsUrl('localhost:11434')).toThrow(/^openai-chat: .*must start with http/);
    expect(() => chatCompletionsUrl('not a url')).toThrow(/^openai-chat: "not a url" is not a URL/);
    expect(() => new OpenAIChatModel({ baseUrl: DEFAULT_LLM_URL, model: ' ' })).toThrow(
      /^openai-chat: a model name is needed/,
    );
    expect(() => new OpenAIChatModel({ baseUrl: DEFAULT_LLM_URL, model: 'm', apiKey: 'sk-a\nb' })).toThrow(
      /^openai-chat: the API key holds characters/,
    );
    try {
      new OpenAIChatModel({ baseUrl: DEFAULT_LLM_URL, model: 'm', apiKey: 'sk-ключ' });
    } catch (e) {
      expect(String(e)).not.toContain('ключ');
    }
  });

  it('takes the API key from OVERLAY_LLM_API_KEY, then OPENAI_API_KEY', () => {
    expect(apiKeyFromEnv({ OVERLAY_LLM_API_KEY: ' k1 ', OPENAI_API_KEY: 'k2' })).toBe('k1');
    expect(apiKeyFromEnv({ OVERLAY_LLM_API_KEY: '  ', OPENAI_API_KEY: 'k2' })).toBe('k2');
    expect(apiKeyFromEnv({})).toBeUndefined();
  });

  it('shows the endpoint without credentials or query', () => {
    const chat = new OpenAIChatModel({ baseUrl: 'https://user:pw@api.example.com/v1?api-key=zzz', model: 'm' });
    expect(chat.endpoint).toBe('https://api.example.com/v1/chat/completions');
    expect(chat.name).toBe('m');
  });
});
