// Activity explorer: filters and sorts every activity of the year in the
// browser, keeps the filter in the URL (so a view can be shared), and offers
// the filtered rows as CSV. Without this script the static pages still list
// every row, a few hundred per page.
(function () {
  "use strict";
  var form = document.getElementById("saring-kegiatan");
  var table = document.getElementById("tabel-jelajah");
  var status = document.getElementById("status-jelajah");
  var pager = document.getElementById("halaman-jelajah");
  var download = document.getElementById("unduh-saring");
  var dataUrl = document.querySelector('meta[name="terbuka-data"]').content;
  var root = document.querySelector('meta[name="terbuka-akar"]').content || "./";
  var year = dataUrl.split("/").slice(-2)[0];
  var STEP = 100;  // rows drawn at a time: light on a phone; the buttons below page through the rest
  var first = 0;  // index of the first row shown, in the filtered rows
  var footer = document.getElementById("jumlah-jelajah");
  var grouped = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 0 });
  var pct = new Intl.NumberFormat("id-ID", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  var rows = [], activityNames = [];
  var paging = document.createElement("nav");
  paging.className = "halaman-saring";
  paging.setAttribute("aria-label", "Halaman baris tersaring");
  var previous = button("‹ 100 sebelumnya"), next = button("100 berikutnya ›");
  var where = document.createElement("span");
  paging.appendChild(previous); paging.appendChild(where); paging.appendChild(next);
  paging.hidden = true;
  table.parentNode.parentNode.insertBefore(paging, table.parentNode.nextSibling);

  function button(text) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "lagi";
    b.textContent = text;
    return b;
  }

  // As formatting.rupiah writes it: Rp 1.500.000, or Rp 1.500.000,50 with sen.
  // Spending not reported (null) is a dash, never Rp 0.
  function rupiah(sen) {
    if (sen === null) return "–";
    var cents = Math.abs(sen) % 100;
    var text = "Rp " + (sen < 0 ? "-" : "") + grouped.format(Math.floor(Math.abs(sen) / 100));
    return cents ? text + "," + (cents < 10 ? "0" : "") + cents : text;
  }
  function share(row) { return row.pagu && row.realisasi !== null ? (row.realisasi * 100) / row.pagu : null; }

  // Money as the downloads write it (formatting.plain_rupiah): 1500000, or 1500000.50.
  function plainRupiah(sen) {
    if (sen === null) return "";
    var whole = Math.floor(Math.abs(sen) / 100), cents = Math.abs(sen) % 100;
    return (sen < 0 ? "-" : "") + whole + (cents ? "." + (cents < 10 ? "0" : "") + cents : "");
  }

  // The total of the rows shown, by the model's rule: progress weighted by budget.
  function totals(found) {
    var t = { pagu: 0, realisasi: null, weighted: 0, weightedBudget: 0 };
    found.forEach(function (r) {
      t.pagu += r.pagu;
      if (r.realisasi !== null) t.realisasi = (t.realisasi || 0) + r.realisasi;
      if (r.fisik !== null) { t.weighted += r.fisik * r.pagu; t.weightedBudget += r.pagu; }
    });
    return t;
  }

  function readState() {
    var params = new URLSearchParams(location.search);
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && params.has(el.name)) el.value = params.get(el.name);
    });
    var from = parseInt(params.get("dari") || "1", 10);
    first = from > 1 ? Math.floor((from - 1) / STEP) * STEP : 0;
  }

  function writeState() {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.value) params.set(el.name, el.value);
    });
    if (first) params.set("dari", String(first + 1));  // a shared view opens at the same rows
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  function number(name) {
    var v = form.elements[name].value;
    return v === "" ? null : parseFloat(v);
  }

  function filtered() {
    var opd = form.elements.opd.value, dana = form.elements.dana.value, lokasi = form.elements.lokasi.value;
    var program = form.elements.program.value.trim().toLowerCase();
    var sMin = number("serap_min"), sMax = number("serap_maks");
    var fMin = number("fisik_min"), fMax = number("fisik_maks");
    var out = rows.filter(function (r) {
      var s = share(r);
      if (opd && r.opd !== opd) return false;
      if (dana && r.dana !== dana) return false;
      if (lokasi && r.lokasi !== lokasi) return false;
      if (program && (r.kode_program + " " + r.kode + " " + r.nama).toLowerCase().indexOf(program) < 0) return false;
      if (sMin !== null && (s === null || s < sMin)) return false;
      if (sMax !== null && (s === null || s > sMax)) return false;
      if (fMin !== null && (r.fisik === null || r.fisik < fMin)) return false;
      if (fMax !== null && (r.fisik === null || r.fisik > fMax)) return false;
      return true;
    });
    var keys = {
      pagu: function (r) { return -r.pagu; }, realisasi: function (r) { return -(r.realisasi || 0); },
      serap: function (r) { return -(share(r) || 0); }, serap_naik: function (r) { return share(r) || 0; },
      fisik: function (r) { return -(r.fisik || 0); }
    };
    var key = keys[form.elements.urut.value];
    if (key) out.sort(function (a, b) { return key(a) - key(b) || a.i - b.i; });
    return out;
  }

  function cell(tag, text, cls, label) {
    var el = document.createElement(tag);
    el.textContent = text;
    if (cls) el.className = cls;
    if (label) el.setAttribute("data-label", label);
    return el;
  }

  function render() {
    var found = filtered();
    if (first >= found.length) first = Math.max(0, Math.floor((found.length - 1) / STEP) * STEP);
    var last = Math.min(found.length, first + STEP);
    var body = document.createElement("tbody");
    found.slice(first, last).forEach(function (r) {
      var tr = document.createElement("tr");
      var th = cell("th", " ");
      th.scope = "row";
      var code = document.createElement("code");
      code.textContent = r.kode;
      th.insertBefore(code, th.firstChild);
      var rowLink = document.createElement("a");
      rowLink.href = root + r.alamat;  // the row on its unit's page
      rowLink.textContent = r.nama;
      th.appendChild(rowLink);
      tr.appendChild(th);
      var unitCell = cell("td", "", "", "OPD");
      var link = document.createElement("a");
      link.href = root + r.alamat.split("#")[0];  // the address comes from the site's URL builder
      link.textContent = r.opd;
      unitCell.appendChild(link);
      tr.appendChild(unitCell);
      tr.appendChild(cell("td", r.dana || "–", "", "Dana"));
      tr.appendChild(cell("td", rupiah(r.pagu), "angka", "Pagu"));
      tr.appendChild(cell("td", rupiah(r.realisasi), "angka", "Realisasi"));
      var s = share(r);
      tr.appendChild(cell("td", s === null ? "–" : pct.format(s) + "%", "angka", "Terserap"));
      tr.appendChild(cell("td", r.fisik === null ? "–" : pct.format(r.fisik) + "%", "angka", "Fisik"));
      body.appendChild(tr);
    });
    table.replaceChild(body, table.tBodies[0]);
    var t = totals(found), spentShare = t.pagu && t.realisasi !== null ? (t.realisasi * 100) / t.pagu : null;
    var figures = footer.querySelectorAll("td");
    footer.querySelector("th").textContent = "Jumlah " + grouped.format(found.length) + " baris tersaring";
    figures[0].textContent = rupiah(t.pagu);
    figures[1].textContent = rupiah(t.realisasi);
    figures[2].textContent = spentShare === null ? "–" : pct.format(spentShare) + "%";
    figures[3].textContent = t.weightedBudget ? pct.format(t.weighted / t.weightedBudget) + "%" : "–";
    var range = found.length ? "baris " + grouped.format(first + 1) + "–" + grouped.format(last) + " dari " + grouped.format(found.length) : "";
    paging.hidden = found.length <= STEP;
    previous.disabled = first === 0;
    next.disabled = last >= found.length;
    where.textContent = range;
    status.textContent = grouped.format(found.length) + " baris cocok" + (found.length > STEP ? "; " + range + " ditampilkan, semuanya ada di unduhan CSV." : ".");
    // Exactly the columns of kegiatan.csv (the data dictionary's), so the file joins with it.
    var csv = ["tahun,kode_opd,kode_program,kode_kegiatan,nama_kegiatan,kode_sub_kegiatan,nama_sub_kegiatan,pagu,realisasi,fisik,sumber_dana,lokasi,versi_anggaran"].concat(found.map(function (r) {
      return [r.tahun, r.kode_opd, r.kode_program, r.kode_kegiatan, activityNames[r.namaKegiatan] || "",
        r.kode_sub_kegiatan || "", r.kode_sub_kegiatan ? r.nama : "", plainRupiah(r.pagu), plainRupiah(r.realisasi),
        r.fisik === null ? "" : r.fisik, r.dana || "", r.lokasi || "", r.versi || ""]
        .map(function (v) {
          var text = String(v);
          if (/^[=+\-@]/.test(text) && isNaN(Number(text))) text = "'" + text;
          return '"' + text.replace(/"/g, '""') + '"';
        }).join(",");
    }));
    if (download.href.indexOf("blob:") === 0) URL.revokeObjectURL(download.href);
    download.href = URL.createObjectURL(new Blob(["\ufeff" + csv.join("\r\n")], { type: "text/csv" }));
  }

  fetch(dataUrl).then(function (response) { return response.json(); }).then(function (data) {
    rows = data.baris.map(function (b, i) {
      return { i: i, opd: b[0], slug: b[1], alamat: b[2], kode_program: b[3], kode: b[4], nama: b[5], dana: b[6], pagu: b[7], realisasi: b[8], fisik: b[9], kode_opd: b[10], nama_opd: b[11], tahun: b[12],
        kode_kegiatan: b[13], kode_sub_kegiatan: b[14], lokasi: b[15], versi: b[16], namaKegiatan: b[17] };
    });
    activityNames = data.nama_kegiatan;
    readState();
    form.hidden = false;
    var box = document.getElementById("saring-wadah");
    box.open = location.search.length > 1;  // a shared view opens with its filters showing
    box.hidden = false;
    if (pager) pager.hidden = true;
    form.addEventListener("input", function () { first = 0; writeState(); render(); });
    previous.addEventListener("click", function () { first = Math.max(0, first - STEP); writeState(); render(); });
    next.addEventListener("click", function () { first += STEP; writeState(); render(); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    render();
  }).catch(function () {
    status.textContent += " (Penyaring memerlukan situs dibuka lewat server.)";
  });
})();
