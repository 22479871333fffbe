// Pages (the runtime contract's "Pages"): async iterators over the pages of a list API and over
// their items, stopping exactly where the contract says.
//
// Page style: the first request is the one given (page number unset means 1); after each page the
// iteration stops when `has_next` is present and false, or the page's item list is missing or
// empty, or `total` is present and page × size ≥ total (size: the request's page size, or when
// unset the number of items on the first page); otherwise it asks for the next page with every
// other parameter unchanged. Cursor style: the next request sends the previous page's next
// cursor; it stops when that is missing or empty, or `has_next` is false. An error ends the
// iteration by being thrown. The request given is never changed: each page is asked with a copy.
/** A whole number from a bigint, a safe integer or a digit string; undefined otherwise. */
function whole(value) {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value))
    return BigInt(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  return undefined;
}
/** A copy of `request` (same class) with one parameter changed. */
function withParam(request, name, value) {
  const copy = Object.create(Object.getPrototypeOf(request));
  Object.assign(copy, request, { [name]: value });
  // Symbol-keyed own properties (a plain request object's API) are copied by Object.assign too.
  return copy;
}
/** The items of one page: the list under `paging.items`, or none. */
export function pageItems(page, paging) {
  const found = page[paging.items];
  return Array.isArray(found) ? found : [];
}
/** Every page, in order: `fetch` sends one request and resolves to its typed response. */
export async function* pages(fetch, request, paging) {
  if (
    paging.style === "cursor"
      ? paging.cursor === undefined || paging.nextCursor === undefined
      : paging.page === undefined
  ) {
    throw new RangeError(
      `${paging.style} paging needs its ${paging.style === "cursor" ? "cursor parameter and next-cursor field" : "page-number parameter"}`,
    );
  }
  let next = request;
  let firstCount;
  while (next !== undefined) {
    const current = next;
    const page = await fetch(current);
    next = undefined;
    yield page;
    const fields = page;
    if (paging.hasNext !== undefined && fields[paging.hasNext] === false)
      return;
    if (paging.style === "cursor") {
      const cursor = fields[paging.nextCursor];
      if (cursor === undefined || cursor === null || cursor === "") return;
      next = withParam(current, paging.cursor, cursor);
      continue;
    }
    const count = BigInt(pageItems(page, paging).length);
    if (count === 0n) return;
    firstCount ??= count;
    const pageNo = whole(current[paging.page]) ?? 1n;
    const total =
      paging.total === undefined ? undefined : whole(fields[paging.total]);
    if (total !== undefined) {
      const size =
        (paging.size === undefined ? undefined : whole(current[paging.size])) ??
        firstCount;
      if (pageNo * size >= total) return;
    }
    next = withParam(current, paging.page, pageNo + 1n);
  }
}
/** Every item of every page, in order. */
export async function* items(fetch, request, paging) {
  for await (const page of pages(fetch, request, paging))
    yield* pageItems(page, paging);
}
