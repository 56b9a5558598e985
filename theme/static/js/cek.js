// Checks a downloaded file in the browser: its SHA-256 (Web Crypto, on the
// reader's own device; the file is never sent anywhere) against every file
// the site has published, current downloads and releases alike. Without
// this script the page still gives the commands and the checksum lists.
(function () {
  "use strict";
  var box = document.getElementById("cek-berkas");
  if (!box || !window.crypto || !window.crypto.subtle || !window.fetch) return;
  var input = document.getElementById("berkas");
  var out = document.getElementById("hasil-cek");
  var root = box.getAttribute("data-akar") || "/";
  var index = null;
  var MAX_BYTES = 512 * 1024 * 1024;
  box.hidden = false;

  function load() {
    if (!index) {
      index = fetch(box.getAttribute("data-indeks")).then(function (r) {
        if (!r.ok) throw new Error("daftar sidik tidak bisa diambil (" + r.status + ")");
        return r.json();
      });
    }
    return index;
  }
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    }).join("");
  }
  function line(text, tag) {
    var p = document.createElement(tag || "p");
    p.textContent = text;
    out.appendChild(p);
    return p;
  }
  // Only paths the site itself writes become links (letters, digits, . _ - /).
  function link(item) {
    var li = document.createElement("li");
    var where = item.rilis ? "Rilis " + item.rilis + ": " : "Unduhan terkini: ";
    li.appendChild(document.createTextNode(where));
    if (/^[A-Za-z0-9._\/-]+$/.test(item.alamat) && item.alamat.indexOf("..") < 0) {
      var a = document.createElement("a");
      a.href = root + item.alamat;
      a.textContent = item.alamat;
      li.appendChild(a);
    } else {
      li.appendChild(document.createTextNode(item.alamat));
    }
    return li;
  }

  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    out.textContent = "";
    if (!file) return;
    // The browser's SHA-256 needs the whole file in memory: past this size a
    // phone would stall, and sha256sum (shown on this page) does it instead.
    if (file.size > MAX_BYTES) {
      line("File " + file.name + " lebih dari 512 MB: terlalu besar untuk diperiksa di peramban. " +
           "Pakai perintah sha256sum atau certutil di bawah, lalu cari sidiknya di SHA256SUMS.")
        .className = "peringatan";
      return;
    }
    line("Menghitung sidik " + file.name + " …");
    Promise.all([
      file.arrayBuffer().then(function (b) { return crypto.subtle.digest("SHA-256", b); }),
      load()
    ]).then(function (done) {
      var digest = hex(done[0]);
      var found = Object.prototype.hasOwnProperty.call(done[1], digest) ? done[1][digest] : [];
      out.textContent = "";
      line("SHA-256: " + digest, "code");
      if (!found.length) {
        line("Tidak cocok dengan file mana pun yang diterbitkan situs ini. File ini berbeda " +
             "dari semua unduhan dan rilis (mungkin telah diubah, atau berasal dari tempat lain).")
          .className = "peringatan";
        return;
      }
      line("Cocok: file ini sama persis dengan " + (found.length > 1 ? found.length + " file" : "file") +
           " yang diterbitkan:").className = "berhasil";
      var list = document.createElement("ul");
      found.forEach(function (item) { list.appendChild(link(item)); });
      out.appendChild(list);
    }).catch(function (error) {
      out.textContent = "";
      line("Pemeriksaan gagal: " + error.message).className = "peringatan";
    });
  });
})();
