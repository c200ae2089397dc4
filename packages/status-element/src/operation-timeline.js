/**
 * The operation's timeline inside <operation-status>: what happened, oldest first, from the
 * workflow's own record. Every string is set as text.
 */

const LABELS = {
  created: () => 'Created',
  started: (entry) => (entry.attempts > 1 ? `Started (took ${entry.attempts} attempts)` : 'Started'),
  'question-asked': (entry) => `Asked: ${entry.title ?? 'a question'}`,
  'question-answered': (entry) => `Answered: ${entry.title ?? 'the question'}`,
  'question-expired': (entry) => `No answer in time: ${entry.title ?? 'the question'}`,
  'cancel-requested': () => 'Cancel requested',
  completed: () => 'Completed',
  failed: () => 'Failed',
  canceled: () => 'Canceled',
};

export const timelineStyles = new CSSStyleSheet();
timelineStyles.replaceSync(`
  .timeline { margin-top: 1.25rem; }
  .timeline summary { cursor: pointer; font-size: .875rem; color: #59636e; text-transform: uppercase; letter-spacing: .04em; min-height: 2rem; }
  .timeline summary:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
  .timeline ol { list-style: none; margin: .5rem 0 0; padding: 0 0 0 1rem; border-left: 2px solid #d0d7de; }
  .timeline li { display: flex; gap: .75rem; padding: .25rem 0; font-size: .9375rem; }
  .timeline time { flex: none; color: #59636e; font-variant-numeric: tabular-nums; }
  .timeline span { overflow-wrap: anywhere; }
  @media (max-width: 30rem) { .timeline li { flex-direction: column; gap: 0; } }
`);

/** A `<details>` the element keeps, and the function that fills it from an operation. */
export function timelineSection() {
  const details = document.createElement('details');
  details.className = 'timeline';
  details.hidden = true;
  const summary = document.createElement('summary');
  summary.textContent = 'Timeline';
  const list = document.createElement('ol');
  list.setAttribute('aria-label', 'Timeline');
  details.append(summary, list);
  return {
    root: details,
    render(timeline) {
      const entries = Array.isArray(timeline) ? timeline : [];
      details.hidden = entries.length === 0;
      list.replaceChildren(
        ...entries.map((entry) => {
          const item = document.createElement('li');
          const time = document.createElement('time');
          time.dateTime = entry.at;
          time.textContent = localTime(entry.at);
          const text = document.createElement('span');
          text.textContent = (LABELS[entry.type] ?? (() => entry.type))(entry);
          item.append(time, text);
          return item;
        }),
      );
    },
  };
}

function localTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString();
}
