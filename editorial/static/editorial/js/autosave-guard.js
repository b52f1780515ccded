/*
 * Helix: autosave never races what the editor does on purpose.
 *
 * 1. A save, submit or publish that an editor clicks while Wagtail's autosave
 *    request is in flight waits for that request to finish. Wagtail 8
 *    autosaves a new page by posting the form to the "add" URL and, when that
 *    answers, points the form at the new page's "edit" URL. A click in between
 *    posted the form to the "add" URL a second time, so the page was created
 *    twice (the second attempt failed on its slug) or a revision was
 *    overwritten. Here the click waits for the autosave, then goes to whatever
 *    URL the form has by then; no autosave starts once the editor has submitted.
 *
 * 2. A review action stops autosave. The action menu (and the "... with
 *    comment" modal) puts hidden workflow-action fields into the form and
 *    submits it from script, without a submit event; an autosave starting then
 *    posted the same fields, so the action ran twice at once.
 *
 * 3. Paused means paused. An autosave refused for a validation error (a slug
 *    already in use) used to be retried at every further edit, each answered
 *    400. Autosave now stays off until the editor changes the title or the slug
 *    (what such a clash is about); "Save draft" still shows every error. An
 *    answer to an autosave whose title and slug the editor has changed since
 *    pauses nothing: the next autosave carries the new ones.
 *
 * Autosave is switched with its Stimulus value (data-w-autosave-active-value):
 * while false, Wagtail's controller sends nothing.
 */
(() => {
  const EDIT_FORM = 'form[data-edit-form][data-controller~="w-autosave"]';
  const ACTIVE = 'data-w-autosave-active-value';
  const RESUME_FIELDS = new Set(['title', 'slug']);
  const GIVE_UP_MS = 15000;
  const resubmitting = new WeakSet();
  const submitted = new WeakSet();

  const isEditForm = (form) => form instanceof HTMLFormElement && form.matches(EDIT_FORM);

  const stopAutosave = (form) => {
    submitted.add(form);
    form.setAttribute(ACTIVE, 'false');
  };

  const autosaveInFlight = () =>
    document
      .getElementById('w-autosave-indicator')
      ?.getAttribute('data-w-autosave-state-value') === 'saving';

  document.addEventListener(
    'submit',
    (event) => {
      const form = event.target;
      if (!isEditForm(form)) return;
      if (resubmitting.has(form)) return;
      // The editor has submitted: a pending autosave must not start after this.
      stopAutosave(form);
      if (!autosaveInFlight()) return;

      event.preventDefault();
      event.stopImmediatePropagation();
      const { submitter } = event;
      let sent = false;
      const resubmit = () => {
        if (sent) return;
        sent = true;
        // The clicked button has disabled itself by now (Wagtail's progress
        // spinner), so it would not be sent: carry its action in a hidden field.
        if (submitter && submitter.name) {
          const action = document.createElement('input');
          action.type = 'hidden';
          action.name = submitter.name;
          action.value = submitter.value;
          form.append(action);
        }
        // The indicator still says "saving" while the success event runs.
        resubmitting.add(form);
        form.requestSubmit();
      };
      form.addEventListener('w-autosave:success', resubmit, { once: true });
      form.addEventListener('w-autosave:error', resubmit, { once: true });
      window.setTimeout(resubmit, GIVE_UP_MS);
    },
    true,
  );

  // 2. The workflow-action fields arrive: stop autosave before any timer runs
  // (mutation callbacks run before the next task).
  const watchForWorkflowAction = () => {
    const form = document.querySelector(EDIT_FORM);
    if (!form) return;
    new MutationObserver((records, observer) => {
      if (form.querySelector('input[name="action-workflow-action"]')) {
        stopAutosave(form);
        observer.disconnect();
      }
    }).observe(form, { childList: true });
  };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', watchForWorkflowAction);
  } else {
    watchForWorkflowAction();
  }

  // 3. Paused by a validation error: off until the title or slug changes.
  // What each autosave sent: its answer may come after the editor has already
  // fixed the title or slug (typing on, then leaving the title fills the slug).
  const valuesOf = (source) =>
    [...RESUME_FIELDS].map((name) => source(name) ?? '').join('\n');
  const sentValues = new WeakMap();
  document.addEventListener('w-autosave:save', (event) => {
    const form = event.target;
    const formData = event.detail?.formData;
    if (isEditForm(form) && formData) sentValues.set(form, valuesOf((name) => formData.get(name)));
  });
  document.addEventListener('w-autosave:error', (event) => {
    const form = event.target;
    if (!isEditForm(form) || event.detail?.type !== 'validation_error') return;
    if (form.getAttribute(ACTIVE) === 'false') return;
    const current = () => valuesOf((name) => form.elements.namedItem(name)?.value);
    const atPause = sentValues.get(form) ?? current();
    // Changed since that autosave left: Wagtail's queued autosave sends the new values.
    if (current() !== atPause) return;
    form.setAttribute(ACTIVE, 'false');
    // Scripts re-set the slug on blur (same value): only a real change resumes.
    const resume = (edit) => {
      if (!RESUME_FIELDS.has(edit.target.name) || current() === atPause) return;
      form.removeEventListener('input', resume);
      form.removeEventListener('change', resume);
      if (!submitted.has(form)) form.setAttribute(ACTIVE, 'true');
    };
    form.addEventListener('input', resume);
    form.addEventListener('change', resume);
  });
})();
