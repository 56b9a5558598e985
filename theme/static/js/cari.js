// Search over the Pagefind index built with the site. Needs the site served
// over http(s); the page says so otherwise. Results are built as DOM nodes:
// only the <mark> highlights of an excerpt are kept as markup.
const root = document.querySelector('meta[name="terbuka-akar"]').content || "./";
const form = document.getElementById("form-cari");
const input = document.getElementById("q");
const status = document.getElementById("status-cari");
const list = document.getElementById("hasil-cari");
const filterBox = document.getElementById("saring-cari");
const FILTERS = { opd: "Perangkat daerah", tahun: "Tahun", jenis: "Jenis", sumber_dana: "Sumber dana" };
let pagefind;
let latestYear = "";
// data/sinonim.csv as the build wrote it: everyday words and their official
// names, each place's page, and words to suggest when nothing is found.
let words = { sinonim: {}, tempat: {}, saran: [] };
const RERANK = 60;  // the best matches, reordered so that the current year comes first

function excerptNodes(html) {
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const out = document.createElement("p");
  for (const node of doc.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.appendChild(mark);
    } else {
      out.appendChild(document.createTextNode(node.textContent));
    }
  }
  return out;
}

function chosenFilters() {
  const chosen = {};
  for (const select of filterBox.querySelectorAll("select")) {
    if (select.value) chosen[select.name] = select.value;
  }
  return chosen;
}

async function buildFilters(params) {
  const available = await pagefind.filters();
  latestYear = Object.keys(available.tahun || {}).sort().pop() || "";
  for (const [name, label] of Object.entries(FILTERS)) {
    const values = Object.keys(available[name] || {}).sort((a, b) => a.localeCompare(b, "id"));
    if (!values.length) continue;
    const wrap = document.createElement("label");
    wrap.textContent = label;
    const select = document.createElement("select");
    select.name = name;
    select.appendChild(new Option("Semua", ""));
    for (const value of values) select.appendChild(new Option(value, value));
    select.value = params.get(name) || "";
    select.addEventListener("change", run);
    wrap.appendChild(select);
    filterBox.appendChild(wrap);
  }
  filterBox.hidden = false;
}

const STEP = 30;  // results drawn at a time; "Tampilkan lebih banyak" adds the next ones
const more = document.createElement("button");
more.type = "button";
more.className = "lagi";
more.textContent = `Tampilkan ${STEP} hasil lagi`;
more.hidden = true;
list.after(more);
let current = { results: [], shown: 0 };
const hint = document.createElement("p");  // what to try when nothing is found
hint.className = "saran-cari";
hint.hidden = true;
more.after(hint);

// The part of a page that matched most (a program's heading on a unit page), so
// that a result lands there rather than at the top of a long page.
function bestPart(data) {
  const parts = (data.sub_results || []).filter((s) => s.url && s.url.includes("#"));
  if (!parts.length) return null;
  return parts.reduce((best, s) => ((s.locations || []).length > (best.locations || []).length ? s : best));
}

async function resultItem(entry) {
  const data = entry.data || (await entry.result.data());
  const part = bestPart(data);
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.href = part ? part.url : data.url;
  link.textContent = data.meta.title || data.url;
  const heading = document.createElement("h2");
  heading.appendChild(link);
  item.appendChild(heading);
  const info = [part && `di ${part.title}`, data.meta.opd, data.meta.tahun, data.meta.pagu && `pagu ${data.meta.pagu}`].filter(Boolean);
  if (info.length) {
    const line = document.createElement("p");
    line.className = "info";
    line.textContent = info.join(" · ");
    item.appendChild(line);
  }
  item.appendChild(excerptNodes(part ? part.excerpt : data.excerpt));
  return item;
}

async function showMore() {
  const next = current.results.slice(current.shown, current.shown + STEP);
  const items = await Promise.all(next.map(resultItem));
  // A whole batch at once, then the count: readers and tests see a whole list.
  list.append(...items);
  current.shown += next.length;
  const total = current.results.length;
  more.hidden = current.shown >= total;
  status.textContent = `${total} hasil` + (current.shown < total ? ` (${current.shown} teratas ditampilkan)` : "");
}

async function run(event) {
  if (event) event.preventDefault();
  const term = input.value.trim();
  const filters = chosenFilters();
  const params = new URLSearchParams({ q: term, ...filters });
  history.replaceState(null, "", `${location.pathname}?${params}`);
  list.replaceChildren();
  hint.replaceChildren();
  hint.hidden = true;
  more.hidden = true;
  if (!term && !Object.keys(filters).length) {
    status.textContent = "";
    return;
  }
  status.textContent = "Mencari…";
  const key = term.toLocaleLowerCase("id").split(/\s+/).join(" ");
  const own = (table) => (Object.prototype.hasOwnProperty.call(table, key) ? table[key] : null);
  const also = (own(words.sinonim) || []).filter((w) => w.toLocaleLowerCase("id") !== key);
  // A place's own page first for its name (found by its "tempat" filter), then the
  // word as typed, then what its official names find that it did not.
  const place = own(words.tempat);
  const lookups = [term || null, ...also].map((t) => pagefind.search(t, { filters }));
  if (place) lookups.unshift(pagefind.search(null, { filters: { ...filters, tempat: place } }));
  const searches = await Promise.all(lookups);
  const seen = new Set();
  const found = [];
  for (const search of searches) {
    for (const result of search.results) {
      if (!seen.has(result.id)) { seen.add(result.id); found.push(result); }
    }
  }
  // Pagefind ranks by words alone; a page of an older year is shown after the
  // current year's pages among the best matches (a stable sort keeps their order).
  const best = await Promise.all(found.slice(0, RERANK).map((result) => result.data()));
  const older = (data) => (data.meta.tahun && data.meta.tahun !== latestYear ? 1 : 0);
  const ranked = best.map((data) => ({ data })).sort((a, b) => older(a.data) - older(b.data));
  const rest = found.slice(RERANK).map((result) => ({ result }));
  current = { results: ranked.concat(rest), shown: 0 };
  await showMore();
  if (also.length) status.textContent += `; juga dicari: ${also.join(", ")}`;
  if (!found.length) suggest(term);
}

// Nothing found: say so and offer words that do find something.
function suggest(term) {
  status.textContent = `Tidak ada hasil untuk "${term}".`;
  const tips = hint;
  tips.append("Coba kata lain, misalnya: ");
  words.saran.forEach((word, i) => {
    const link = document.createElement("a");
    link.href = `?${new URLSearchParams({ q: word })}`;
    link.textContent = word;
    tips.append(link, i < words.saran.length - 1 ? ", " : ". ");
  });
  const units = document.createElement("a");
  units.href = `${root}opd/`;
  units.textContent = "daftar perangkat daerah";
  tips.append("Atau telusuri ", units, ".");
  tips.hidden = false;
}

more.addEventListener("click", showMore);

async function start() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  try {
    pagefind = await import(new URL(`${root}pagefind/pagefind.js`, location.href).href);
    await pagefind.options({ baseUrl: new URL(root, location.href).pathname });
  } catch (error) {
    status.textContent = "Pencarian tidak tersedia di sini: buka situs lewat server (make serve), bukan dari file.";
    return;
  }
  try {
    const response = await fetch(new URL(`${root}cari/sinonim.json`, location.href));
    if (response.ok) words = await response.json();
  } catch (error) {
    // Without the list, search still finds the words as typed.
  }
  await buildFilters(params);
  form.addEventListener("submit", run);
  await run();
}

start();
