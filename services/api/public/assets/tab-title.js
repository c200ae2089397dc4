/**
 * The tab's title tells where the operation stands from another tab: `42 % · ExportProductsJob`
 * while it runs with a percentage, then its outcome (`Completed · ExportProductsJob`).
 */
const WORDS = {
  created: 'Waiting',
  running: 'In progress',
  completed: 'Completed',
  failed: 'Failed',
  canceled: 'Canceled',
};

export function tabTitle(operation) {
  const { status, job, percentage } = operation;
  if (status === 'running' && typeof percentage === 'number') return `${Math.round(percentage)} % · ${job}`;
  return `${WORDS[status] ?? status} · ${job}`;
}
