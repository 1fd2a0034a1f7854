/**
 * Builds what is sent to the model from a connection's prompt and options.
 * Pure and unit-tested. The base instruction asks for Markdown that converts
 * cleanly to Notion blocks, without chatter around it.
 */
import type { GenerationOptions } from "../shared/storage/schema";

export const BASE_SYSTEM_INSTRUCTION =
  "You write content that is inserted directly into a Notion page. Answer in Markdown: use headings, lists, tables, quotes and fenced code blocks where they help. " +
  "Do not wrap the whole answer in a code block, and do not add a preamble or closing remarks about the task.";

const TONES: Record<Exclude<GenerationOptions["tone"], "">, string> = {
  neutral: "Use a neutral, factual tone.",
  friendly: "Use a warm, friendly, conversational tone.",
  formal: "Use a formal, professional tone.",
  persuasive: "Use a persuasive tone that argues for the reader to act.",
};

const LENGTHS: Record<Exclude<GenerationOptions["length"], "">, string> = {
  short: "Keep it short: about 150 words.",
  medium: "Aim for about 500 words.",
  long: "Write a thorough piece of about 1200 words.",
};

export interface BuiltPrompt {
  prompt: string;
  systemInstruction: string;
  temperature?: number;
  maxOutputTokens?: number;
}

export function buildPrompt(prompt: string, options: GenerationOptions): BuiltPrompt {
  const system = [BASE_SYSTEM_INSTRUCTION, options.tone ? TONES[options.tone] : "", options.length ? LENGTHS[options.length] : "", options.systemInstruction.trim()]
    .filter(Boolean)
    .join("\n\n");
  return {
    prompt: prompt.trim(),
    systemInstruction: system,
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.maxOutputTokens !== undefined ? { maxOutputTokens: options.maxOutputTokens } : {}),
  };
}

/** A rough token count (about four characters per token) for live progress before the provider reports the real one. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
