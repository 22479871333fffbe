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
/** The items of one page: the list under `paging.items`, or none. */
export declare function pageItems(page: unknown, paging: Paging): unknown[];
/** Every page, in order: `fetch` sends one request and resolves to its typed response. */
export declare function pages<Q extends object, P>(
  fetch: (request: Q) => Promise<P>,
  request: Q,
  paging: Paging,
): AsyncGenerator<P, void, undefined>;
/** Every item of every page, in order. */
export declare function items<Q extends object, P>(
  fetch: (request: Q) => Promise<P>,
  request: Q,
  paging: Paging,
): AsyncGenerator<unknown, void, undefined>;
