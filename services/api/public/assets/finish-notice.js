/**
 * A browser notification when the operation finishes while its tab is hidden. Permission is
 * asked only when the person clicks "Notify me when it finishes" (browsers ignore, and people
 * dislike, a prompt on load); an operation already finished when the page opened notifies nobody.
 */
const FINISHED = new Set(['completed', 'failed', 'canceled']);
const OUTCOME = { completed: 'completed', failed: 'failed', canceled: 'was canceled' };

export function watchForFinish(element, container) {
  const supported = typeof Notification === 'function';
  const offer = document.createElement('p');
  offer.className = 'notify';
  offer.hidden = true;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'link';
  button.textContent = 'Notify me when it finishes';
  offer.append(button);
  container.append(offer);
  button.addEventListener('click', async () => {
    button.disabled = true;
    await Notification.requestPermission();
    offer.hidden = true;
  });

  let sawItRun = false;
  let notified = false;
  element.addEventListener('operation-change', (event) => {
    const operation = event.detail;
    const finished = FINISHED.has(operation.status);
    if (!finished) sawItRun = true;
    offer.hidden = !supported || finished || Notification.permission !== 'default';
    if (!finished || !sawItRun || notified || !supported) return;
    if (document.visibilityState !== 'hidden' || Notification.permission !== 'granted') return;
    notified = true;
    const body = operation.error?.message ?? operation.output?.message ?? '';
    const notice = new Notification(`${operation.job} ${OUTCOME[operation.status]}`, { body, tag: operation.id });
    notice.addEventListener('click', () => {
      window.focus();
      notice.close();
    });
  });
}
