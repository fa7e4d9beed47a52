// Checks the self-score fields in the browser before the form is sent: a value above the
// criterion's maximum (data-max), negative or not a number is shown beside its field at once. The
// server checks everything again; without JavaScript the form works the same, checked there only.
'use strict';

(function () {
  const vi = document.documentElement.lang !== 'en';
  const say = {
    number: vi ? 'Hãy nhập một số, ví dụ 7,5' : 'Enter a number, e.g. 7.5',
    negative: vi ? 'Điểm không được âm' : 'Points cannot be negative',
    over: (max) => (vi ? `Điểm tối đa là ${max}` : `The maximum is ${max}`),
  };

  function problemOf(input) {
    const raw = input.value.trim();
    if (raw === '') return '';
    const value = Number(raw.replace(',', '.'));
    if (!Number.isFinite(value)) return say.number;
    if (value < 0) return say.negative;
    const max = Number(input.dataset.max);
    if (value > max) return say.over(max);
    return '';
  }

  function show(input) {
    const problem = problemOf(input);
    const id = `${input.id}-check`;
    let note = document.getElementById(id);
    if (!problem) {
      if (note) note.remove();
      if (!input.closest('.invalid')) input.removeAttribute('aria-invalid');
      return true;
    }
    if (!note) {
      note = document.createElement('p');
      note.id = id;
      note.className = 'error';
      note.setAttribute('role', 'alert');
      input.insertAdjacentElement('afterend', note);
    }
    note.textContent = problem;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', id);
    return false;
  }

  document.addEventListener('DOMContentLoaded', function () {
    const errors = document.getElementById('form-errors');
    if (errors) errors.focus();
    for (const form of document.querySelectorAll('form.report')) {
      const inputs = Array.from(form.querySelectorAll('input[data-max]'));
      for (const input of inputs) input.addEventListener('change', () => show(input));
      form.addEventListener('submit', function (event) {
        const wrong = inputs.filter((input) => !show(input));
        if (wrong.length) {
          event.preventDefault();
          wrong[0].focus();
        }
      });
    }
  });

  // A form sent to the server may wait for a workflow to record it: say so at once, and take the
  // button out of use so a second click does not send it again (the request id would absorb it).
  document.addEventListener('submit', function (event) {
    const form = event.target;
    if (event.defaultPrevented || form.method !== 'post' || form.classList.contains('signout')) return;
    const button = event.submitter || form.querySelector('button[type=submit]');
    const note = document.createElement('p');
    note.className = 'progress';
    note.setAttribute('role', 'status');
    note.textContent = vi ? 'Đang ghi nhận, xin chờ…' : 'Recording, please wait…';
    form.appendChild(note);
    if (button) setTimeout(() => button.setAttribute('disabled', ''), 0);
  });
})();
