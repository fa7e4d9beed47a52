// The console's exports page (web/console/exports.ts): the whole province's export is long work, so
// instead of leaving the browser to wait in silence, this reads the download as it streams in, says
// which cluster it has reached (the server lists them in X-Tdkt-Export-Clusters, and each cluster's
// part names its cycle id), then saves the file and leaves a link to save it again. A single
// cluster is quick: the form's own download is used. Without JavaScript the form works the same.
'use strict';

(function () {
  const vi = document.documentElement.lang !== 'en';
  const say = {
    starting: vi ? 'Đang bắt đầu xuất dữ liệu…' : 'Starting the export…',
    cluster: (code, n, total) => (vi ? `Đang xuất cụm ${code} (${n}/${total})…` : `Exporting ${code} (${n} of ${total})…`),
    done: (total, size) => (vi ? `Đã xuất xong ${total} cụm (${size}).` : `Exported ${total} cluster(s) (${size}).`),
    save: (name) => (vi ? `Lưu tệp ${name}` : `Save ${name}`),
    failed: vi ? 'Không xuất được dữ liệu. Xin thử lại.' : 'The export failed. Please try again.',
  };
  const sizeOf = (bytes) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`);

  async function exportProvince(form, status) {
    const url = `${form.action}?${new URLSearchParams(new FormData(form)).toString()}`;
    const button = form.querySelector('button[type=submit]');
    button.setAttribute('disabled', '');
    status.textContent = say.starting;
    const old = form.querySelector('a.saved');
    if (old) old.remove();
    try {
      const response = await fetch(url, { credentials: 'same-origin' });
      // A refusal or a junk choice is a page: show it as the server wrote it.
      if (!response.ok || !response.body) {
        window.location.assign(url);
        return;
      }
      const clusters = (response.headers.get('X-Tdkt-Export-Clusters') || '').split(',').filter(Boolean);
      const year = new URLSearchParams(url.split('?')[1]).get('year');
      const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') || '')?.[1] || 'tdkt-export';
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      const chunks = [];
      let seen = '';
      let reached = -1;
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.length;
        // Only the tail is kept to look for the next cluster's cycle id across chunk boundaries.
        seen = (seen + decoder.decode(value, { stream: true })).slice(-100000);
        for (let i = clusters.length - 1; i > reached; i--) {
          if (seen.includes(`cycle/${clusters[i]}/${year}`)) {
            reached = i;
            status.textContent = say.cluster(clusters[i], i + 1, clusters.length);
            break;
          }
        }
      }
      const file = URL.createObjectURL(new Blob(chunks, { type: response.headers.get('Content-Type') || 'application/octet-stream' }));
      const link = document.createElement('a');
      link.href = file;
      link.download = name;
      link.className = 'saved';
      link.textContent = say.save(name);
      status.textContent = say.done(clusters.length, sizeOf(bytes));
      status.insertAdjacentElement('afterend', link);
      link.click();
    } catch {
      status.textContent = say.failed;
    } finally {
      button.removeAttribute('disabled');
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    const form = document.getElementById('export-form');
    const status = document.getElementById('export-progress');
    if (!form || !status || !window.fetch || !window.ReadableStream) return;
    form.addEventListener('submit', function (event) {
      if (form.elements.cluster.value !== '') return;
      event.preventDefault();
      void exportProvince(form, status);
    });
  });
})();
