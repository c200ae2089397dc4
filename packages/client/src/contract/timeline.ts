/** What happened to an operation, from the workflow's own record (no history event per entry). */
export type TimelineType =
  | 'created'
  | 'started'
  | 'question-asked'
  | 'question-answered'
  | 'question-expired'
  | 'cancel-requested'
  | 'completed'
  | 'failed'
  | 'canceled';

export interface TimelineEntry {
  /** ISO 8601 time (the workflow's clock, or the job's own start for `started`). */
  at: string;
  type: TimelineType;
  /** For `started`: how many attempts that run of the job took (retries after crashes count). */
  attempts?: number;
  /** For question entries: which question, and its title. */
  questionId?: string;
  title?: string;
}

/** A timeline keeps its first entries and its newest ones within this bound. */
export const MAX_TIMELINE_ENTRIES = 100;

/** Appends an entry, dropping the oldest after the first when over the bound (`created` stays). */
export function appendTimeline(timeline: TimelineEntry[], entry: TimelineEntry): void {
  timeline.push(entry);
  if (timeline.length > MAX_TIMELINE_ENTRIES) timeline.splice(1, timeline.length - MAX_TIMELINE_ENTRIES);
}
