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

/** How an API pages, by wire names (the spec's `paging` block). */
export interface Paging {
  /** `page`: page number and size parameters; `cursor`: a cursor parameter. */
  readonly style: "page" | "cursor";
  /** The response field (a list) holding one page's items. */
  readonly items: string;
  /** Page style: the page-number parameter (1-based). */
  readonly page?: string;
  /** Page style: the page-size parameter. */
  readonly size?: string;
  /** Cursor style: the parameter that takes the cursor. */
  readonly cursor?: string;
  /** Cursor style: the response field with the next cursor. */
  readonly nextCursor?: string;
  /** The response field with the number of items over all pages. */
  readonly total?: string;
  /** The response field that says whether another page follows. */
  readonly hasNext?: string;
}

type Fields = Record<string, unknown>;

/** A whole number from a bigint, a safe integer or a digit string; undefined otherwise. */
function whole(value: unknown): bigint | undefined {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value))
    return BigInt(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  return undefined;
}

/** A copy of `request` (same class) with one parameter changed. */
function withParam<Q extends object>(
  request: Q,
  name: string,
  value: unknown,
): Q {
  const copy = Object.create(
    Object.getPrototypeOf(request) as object | null,
  ) as Q;
  Object.assign(copy, request, { [name]: value });
  // Symbol-keyed own properties (a plain request object's API) are copied by Object.assign too.
  return copy;
}

/** The items of one page: the list under `paging.items`, or none. */
export function pageItems(page: unknown, paging: Paging): unknown[] {
  const found = (page as Fields)[paging.items];
  return Array.isArray(found) ? found : [];
}

/** Every page, in order: `fetch` sends one request and resolves to its typed response. */
export async function* pages<Q extends object, P>(
  fetch: (request: Q) => Promise<P>,
  request: Q,
  paging: Paging,
): AsyncGenerator<P, void, undefined> {
  if (
    paging.style === "cursor"
      ? paging.cursor === undefined || paging.nextCursor === undefined
      : paging.page === undefined
  ) {
    throw new RangeError(
      `${paging.style} paging needs its ${paging.style === "cursor" ? "cursor parameter and next-cursor field" : "page-number parameter"}`,
    );
  }
  let next: Q | undefined = request;
  let firstCount: bigint | undefined;
  while (next !== undefined) {
    const current: Q = next;
    const page = await fetch(current);
    next = undefined;
    yield page;
    const fields = page as Fields;
    if (paging.hasNext !== undefined && fields[paging.hasNext] === false)
      return;
    if (paging.style === "cursor") {
      const cursor = fields[paging.nextCursor as string];
      if (cursor === undefined || cursor === null || cursor === "") return;
      next = withParam(current, paging.cursor as string, cursor);
      continue;
    }
    const count = BigInt(pageItems(page, paging).length);
    if (count === 0n) return;
    firstCount ??= count;
    const pageNo = whole((current as Fields)[paging.page as string]) ?? 1n;
    const total =
      paging.total === undefined ? undefined : whole(fields[paging.total]);
    if (total !== undefined) {
      const size =
        (paging.size === undefined
          ? undefined
          : whole((current as Fields)[paging.size])) ?? firstCount;
      if (pageNo * size >= total) return;
    }
    next = withParam(current, paging.page as string, pageNo + 1n);
  }
}

/** Every item of every page, in order. */
export async function* items<Q extends object, P>(
  fetch: (request: Q) => Promise<P>,
  request: Q,
  paging: Paging,
): AsyncGenerator<unknown, void, undefined> {
  for await (const page of pages(fetch, request, paging))
    yield* pageItems(page, paging);
}
