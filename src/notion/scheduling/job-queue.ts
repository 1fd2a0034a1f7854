/**
 * The waiting line: FIFO per priority, interactive requests (popup, options
 * page) ahead of bulk work. A retried request goes back to the front: it came
 * before everything queued since.
 */
import type { Job, Priority } from "./admission";

export class JobQueue {
  private readonly lines: Record<Priority, Job[]> = { interactive: [], normal: [] };

  add(job: Job, end: "front" | "back"): void {
    job.state = "queued";
    if (end === "front") this.lines[job.priority].unshift(job);
    else this.lines[job.priority].push(job);
  }

  remove(job: Job): void {
    const line = this.lines[job.priority];
    const index = line.indexOf(job);
    if (index >= 0) line.splice(index, 1);
  }

  /** The job whose turn is next, left in the queue. */
  head(): Job | undefined {
    return this.lines.interactive[0] ?? this.lines.normal[0];
  }

  get size(): number {
    return this.lines.interactive.length + this.lines.normal.length;
  }
}
