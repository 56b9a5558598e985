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

async function run(event) {
  if (event) event.preventDefault();
  const term = input.value.trim();
  const filters = chosenFilters();
  const params = new URLSearchParams({ q: term, ...filters });
  history.replaceState(null, "", `${location.pathname}?${params}`);
  list.replaceChildren();
  if (!term && !Object.keys(filters).length) {
    status.textContent = "";
    return;
  }
  status.textContent = "Mencari…";
  const search = await pagefind.search(term || null, { filters });
  const items = [];
  for (const result of search.results.slice(0, 30)) {
    const data = await result.data();
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    const heading = document.createElement("h2");
    heading.appendChild(link);
    item.appendChild(heading);
    const info = [data.meta.opd, data.meta.tahun, data.meta.pagu && `pagu ${data.meta.pagu}`].filter(Boolean);
    if (info.length) {
      const line = document.createElement("p");
      line.className = "info";
      line.textContent = info.join(" · ");
      item.appendChild(line);
    }
    item.appendChild(excerptNodes(data.excerpt));
    items.push(item);
  }
  // All results at once, then the count: readers and tests see a whole list.
  list.replaceChildren(...items);
  status.textContent = `${search.results.length} hasil` + (search.results.length > 30 ? " (30 teratas ditampilkan)" : "");
}

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
  await buildFilters(params);
  form.addEventListener("submit", run);
  await run();
}

start();
