/*
 * Helix: a save, submit or publish that an editor clicks while Wagtail's
 * autosave request is still in flight waits for that request to finish.
 *
 * Why: Wagtail 8 autosaves a new page by posting the form to the "add" URL and,
 * when that answers, points the form at the new page's "edit" URL. A click in
 * between posted the form to the "add" URL a second time, so the page was
 * created twice (the second attempt failed on its slug) or a revision was
 * overwritten. Here the click waits for the autosave, then goes to whatever URL
 * the form has by then; no autosave starts once the editor has submitted.
 */
(() => {
  const EDIT_FORM = 'form[data-edit-form][data-controller~="w-autosave"]';
  const GIVE_UP_MS = 15000;
  const resubmitting = new WeakSet();

  const autosaveInFlight = () =>
    document
      .getElementById('w-autosave-indicator')
      ?.getAttribute('data-w-autosave-state-value') === 'saving';

  document.addEventListener(
    'submit',
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.matches(EDIT_FORM)) return;
      if (resubmitting.has(form)) return;
      // The editor has submitted: a pending autosave must not start after this.
      form.setAttribute('data-w-autosave-active-value', 'false');
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
})();
