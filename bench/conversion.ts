/** Converter cost: one-shot conversion and streaming with small pushes, for a ~1500-token answer. */
import { markdownToBlocks, planAppends, StreamingMarkdownConverter } from "../src/core/markdown";
import { benchAnswer } from "./page-generation";

function timeIt(iterations: number, fn: () => void): number {
  fn(); // warm-up
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return (performance.now() - start) / iterations;
}

export async function benchConversion(): Promise<Record<string, string | number>> {
  const answer = benchAnswer();
  const oneShot = timeIt(50, () => planAppends(markdownToBlocks(answer)));
  const streamed = (pushSize: number) =>
    timeIt(5, () => {
      const converter = new StreamingMarkdownConverter();
      for (let i = 0; i < answer.length; i += pushSize) converter.push(answer.slice(i, i + pushSize));
      converter.end();
    });
  return {
    "answer size (chars)": answer.length,
    "convert + plan, one shot (ms)": oneShot.toFixed(2),
    "streaming, 16-char pushes (ms total)": streamed(16).toFixed(1),
    "streaming, 4-char pushes (ms total)": streamed(4).toFixed(1),
  };
}
