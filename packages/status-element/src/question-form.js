/**
 * The question an operation asks, as a form inside <operation-status>: generated from the
 * question's JSON Schema (the subset a job may ask, see packages/jobs question-schema.ts), or
 * approve and reject buttons for an approval. The server checks every answer; its 422 errors
 * are shown beside their fields. Every string from the question is set as text, never as HTML.
 */

/** Up to this many choices show as radio buttons; more as a select. */
const MAX_RADIOS = 5;

export const questionFormStyles = new CSSStyleSheet();
questionFormStyles.replaceSync(`
  .question { margin-top: 1rem; padding: 1rem; border: 2px solid #bf8700; border-radius: 10px; background: #fff8c5; }
  .question h3 { margin: 0; font-size: 1.125rem; }
  .question .q-description, .question .q-expires { margin: .25rem 0 0; color: #59636e; white-space: pre-wrap; overflow-wrap: anywhere; }
  .question form { display: grid; gap: 1rem; margin-top: 1rem; }
  .field, .field fieldset { display: grid; gap: .25rem; margin: 0; padding: 0; border: 0; min-width: 0; }
  .field label, .field legend { font-weight: 600; padding: 0; }
  .field .hint { margin: 0; font-size: .875rem; color: #59636e; }
  .field input[type='text'], .field input[type='email'], .field input[type='number'], .field select {
    width: 100%; min-height: 2.75rem; padding: .5rem .75rem; font: inherit; border: 1px solid #8c959f; border-radius: 6px; background: #fff; }
  .field .choice { display: flex; align-items: center; gap: .5rem; min-height: 2.25rem; font-weight: 400; }
  .field .choice input { width: 1.25rem; height: 1.25rem; margin: 0; }
  .field [aria-invalid='true'] { border-color: #cf222e; outline: 1px solid #cf222e; }
  .field fieldset[aria-invalid='true'] { padding: .25rem .5rem; border-radius: 6px; }
  .field-error, .form-error { margin: 0; color: #cf222e; font-weight: 500; }
  .field-error:empty, .form-error:empty, .q-sent:empty { display: none; }
  .required { color: #cf222e; }
  .q-buttons { display: flex; flex-wrap: wrap; gap: .75rem; margin-top: 1rem; }
  .q-buttons button { min-width: 8rem; }
  button.approve, button.submit { background: #1f883d; color: #fff; }
  button.reject { background: #fff; color: #cf222e; border-color: #cf222e; }
  .question button:disabled { opacity: .6; cursor: default; }
  .q-sent { margin: .75rem 0 0; color: #116329; font-weight: 500; }
  @media (max-width: 30rem) {
    .question { padding: .75rem; }
    .q-buttons > button { flex: 1 1 100%; }
  }
`);

/**
 * Builds the question's section. `send(body)` posts `{ questionId, answer }` and resolves with
 * `{ status, problem }` (the response's problem details, when it is one).
 */
export function questionSection(question, send) {
  const section = node('section', { className: 'question' });
  section.setAttribute('aria-labelledby', 'q-title');
  const title = node('h3', { text: question.title });
  title.id = 'q-title';
  section.append(title);
  if (question.description) section.append(node('p', { className: 'q-description', text: question.description }));
  if (question.expiresAt) {
    section.append(node('p', { className: 'q-expires', text: `Answer before ${localDateTime(question.expiresAt)}.` }));
  }
  const formError = node('p', { className: 'form-error' });
  formError.setAttribute('role', 'alert');
  const sent = node('p', { className: 'q-sent' });
  sent.setAttribute('role', 'status');
  if (question.kind === 'approval') {
    section.append(approvalButtons(question, send, formError, sent), formError, sent);
  } else {
    section.append(inputForm(question, send, formError, sent), sent);
  }
  return section;
}

function approvalButtons(question, send, formError, sent) {
  const buttons = node('div', { className: 'q-buttons' });
  const approve = node('button', { className: 'approve', text: 'Approve' });
  const reject = node('button', { className: 'reject', text: 'Reject' });
  for (const [button, approved] of [
    [approve, true],
    [reject, false],
  ]) {
    button.type = 'button';
    button.addEventListener('click', async () => {
      approve.disabled = reject.disabled = true;
      formError.textContent = '';
      const result = await send({ questionId: question.id, answer: { approved } });
      if (result.status === 202) {
        sent.textContent = approved ? 'Approved. The operation goes on.' : 'Rejected.';
        return;
      }
      approve.disabled = reject.disabled = false;
      formError.textContent = failureText(result);
    });
  }
  buttons.append(approve, reject);
  return buttons;
}

function inputForm(question, send, formError, sent) {
  const form = node('form');
  form.noValidate = true; // The server's checks are the ones that count; its errors show per field.
  form.setAttribute('aria-labelledby', 'q-title');
  const schema = question.schema ?? {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const fields = Object.entries(schema.properties ?? {}).map(([name, field], index) =>
    formField(name, field, required.has(name), `q-${index}`),
  );
  const submit = node('button', { className: 'submit', text: 'Send answer' });
  submit.type = 'submit';
  const buttons = node('div', { className: 'q-buttons' });
  buttons.append(submit);
  form.append(...fields.map((field) => field.root), formError, buttons);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const field of fields) field.setError('');
    formError.textContent = '';
    submit.disabled = true;
    const answer = {};
    for (const field of fields) {
      const value = field.value();
      if (value !== undefined) answer[field.name] = value;
    }
    const result = await send({ questionId: question.id, answer });
    if (result.status === 202) {
      sent.textContent = 'Answer sent. The operation goes on.';
      for (const element of form.elements) element.disabled = true;
      return;
    }
    submit.disabled = false;
    const unplaced = [];
    for (const error of result.problem?.errors ?? []) {
      const name = /^\/answer\/([^/]+)/.exec(error.path ?? '')?.[1];
      const field = fields.find((candidate) => candidate.name === decodePointer(name));
      if (field) field.addError(error.message);
      else unplaced.push(error.message);
    }
    const first = fields.find((field) => field.invalid());
    formError.textContent =
      result.status === 422
        ? unplaced.length > 0
          ? `Please check the answer: ${unplaced.join('; ')}`
          : 'Please correct the fields marked above.'
        : failureText(result);
    first?.focus();
  });
  return form;
}

/** One field: its label, hint, control(s) and error, wired together for screen readers. */
function formField(name, field, required, id) {
  const root = node('div', { className: 'field' });
  const labelText = typeof field.title === 'string' && field.title ? field.title : name;
  const hint = node('p', { className: 'hint', text: hintOf(field) });
  hint.id = `${id}-hint`;
  const error = node('p', { className: 'field-error' });
  error.id = `${id}-error`;
  const describedBy = `${hint.textContent ? hint.id : ''} ${error.id}`.trim();
  const choices = choicesOf(field);
  const arrayChoices = field.type === 'array' && field.items ? choicesOf(field.items) : null;
  let control;
  let read;
  if (field.type === 'boolean') {
    // A lone checkbox, labelled by its own label.
    const box = checkable('checkbox', name, true, labelText, `${id}-input`);
    box.label.append(...(required ? [requiredMark()] : []));
    box.input.setAttribute('aria-describedby', describedBy);
    root.append(box.label);
    if (hint.textContent) root.append(hint);
    root.append(error);
    control = box.input;
    read = () => box.input.checked;
  } else if (arrayChoices || (choices && choices.length <= MAX_RADIOS)) {
    // A group: a fieldset whose legend names it.
    const group = node('fieldset');
    group.setAttribute('aria-describedby', describedBy);
    group.append(legend(labelText, required));
    const type = arrayChoices ? 'checkbox' : 'radio';
    const boxes = (arrayChoices ?? choices).map((choice, index) =>
      checkable(type, `${id}-${name}`, choice, String(choice), `${id}-${index}`),
    );
    if (type === 'radio' && required) group.setAttribute('aria-required', 'true');
    group.append(...boxes.map((box) => box.label));
    if (hint.textContent) group.append(hint);
    group.append(error);
    root.append(group);
    control = group;
    read = arrayChoices
      ? () => boxes.filter((box) => box.input.checked).map((box) => box.choice)
      : () => boxes.find((box) => box.input.checked)?.choice;
  } else {
    const label = node('label');
    label.htmlFor = `${id}-input`;
    label.append(labelText);
    if (required) label.append(requiredMark());
    if (choices) {
      control = node('select');
      const empty = node('option', { text: required ? 'Choose…' : '(none)' });
      empty.value = '';
      control.append(
        empty,
        ...choices.map((choice) => Object.assign(node('option', { text: String(choice) }), { value: String(choice) })),
      );
      read = () => (control.value === '' ? undefined : choices.find((choice) => String(choice) === control.value));
    } else {
      control = node('input');
      applyConstraints(control, field);
      read = () => readText(control, field);
    }
    control.id = `${id}-input`;
    control.name = name;
    if (required) {
      control.required = true;
      control.setAttribute('aria-required', 'true');
    }
    control.setAttribute('aria-describedby', describedBy);
    root.append(label);
    if (hint.textContent) root.append(hint);
    root.append(control, error);
  }
  const messages = [];
  return {
    root,
    name,
    value: read,
    invalid: () => messages.length > 0,
    focus: () => (control.matches('fieldset') ? control.querySelector('input') : control)?.focus(),
    setError(message) {
      messages.length = 0;
      if (message) messages.push(message);
      show();
    },
    addError(message) {
      if (!messages.includes(message)) messages.push(message);
      show();
    },
  };
  function show() {
    error.textContent = messages.length > 0 ? `${labelText}: ${messages.join('; ')}` : '';
    if (messages.length > 0) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  }
}

function applyConstraints(input, field) {
  if (field.type === 'number' || field.type === 'integer') {
    input.type = 'number';
    input.inputMode = field.type === 'integer' ? 'numeric' : 'decimal';
    input.step = field.type === 'integer' ? String(field.multipleOf ?? 1) : String(field.multipleOf ?? 'any');
    if (typeof field.minimum === 'number') input.min = String(field.minimum);
    if (typeof field.maximum === 'number') input.max = String(field.maximum);
  } else {
    input.type = field.format === 'email' ? 'email' : 'text';
    if (typeof field.minLength === 'number') input.minLength = field.minLength;
    if (typeof field.maxLength === 'number') input.maxLength = field.maxLength;
    if (typeof field.pattern === 'string') input.pattern = field.pattern;
  }
  if (field.default !== undefined && typeof field.default !== 'object') input.value = String(field.default);
}

/** The typed value of a text or number input: empty is "not given"; an unparsable number is sent as typed (the server says why). */
function readText(input, field) {
  const text = input.value;
  if (text === '') return undefined;
  if (field.type === 'number' || field.type === 'integer') {
    const number = Number(text);
    return Number.isFinite(number) ? number : text;
  }
  return text;
}

/** What the constraints are, in words, so a person knows before sending. */
function hintOf(field) {
  const parts = [];
  if (typeof field.description === 'string') parts.push(field.description);
  const range = (low, high, unit) => {
    if (low !== undefined && high !== undefined) return `from ${low} to ${high}${unit}`;
    if (low !== undefined) return `at least ${low}${unit}`;
    if (high !== undefined) return `at most ${high}${unit}`;
    return '';
  };
  if (field.type === 'integer' || field.type === 'number') {
    const kind = field.type === 'integer' ? 'A whole number' : 'A number';
    const bounds = range(field.minimum ?? field.exclusiveMinimum, field.maximum ?? field.exclusiveMaximum, '');
    parts.push(bounds ? `${kind} ${bounds}.` : `${kind}.`);
  } else if (field.type === 'string' && !choicesOf(field)) {
    const length = range(field.minLength, field.maxLength, ' characters');
    if (length) parts.push(`${length[0].toUpperCase()}${length.slice(1)}.`);
  } else if (field.type === 'array') {
    parts.push('Choose any that apply.');
  }
  return parts.join(' ');
}

/** The choices of an enum (or TypeBox's union of literals), or null. */
function choicesOf(field) {
  if (!field || typeof field !== 'object') return null;
  if (Array.isArray(field.enum)) return field.enum;
  if (Array.isArray(field.anyOf) && field.anyOf.every((option) => option && 'const' in option)) {
    return field.anyOf.map((option) => option.const);
  }
  return null;
}

function checkable(type, name, choice, text, id) {
  const label = node('label', { className: 'choice' });
  const input = node('input');
  input.type = type;
  input.name = name;
  input.id = id;
  input.value = String(choice);
  label.append(input, text);
  return { label, input, choice };
}

function legend(text, required) {
  const element = node('legend', { text });
  if (required) element.append(requiredMark());
  return element;
}

function requiredMark() {
  const mark = node('span', { className: 'required', text: ' *' });
  mark.setAttribute('aria-hidden', 'true');
  const spoken = node('span', { className: 'visually-hidden', text: ' (required)' });
  const both = document.createDocumentFragment();
  both.append(mark, spoken);
  return both;
}

function failureText({ status, problem }) {
  if (status === 410) return 'The time to answer has run out.';
  if (status === 409) return problem?.detail ?? 'This question is no longer open.';
  if (status === 413) return 'The answer is too large.';
  return 'The answer could not be sent. Please try again.';
}

function decodePointer(segment) {
  return segment === undefined ? undefined : segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function localDateTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function node(tag, { className, text } = {}) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}
