//! Pages: for APIs whose answers come in pages (`page_no`/`page_size` answered with
//! `total_results`/`has_next`, or cursors), iterators over the pages and over their items that
//! stop exactly where the contract says.
//!
//! Blocking: [`BlockingClient::pages`](super::transport::BlockingClient::pages) and
//! [`items`](super::transport::BlockingClient::items) are `Iterator`s. Async:
//! [`Client::pages`](super::transport::Client::pages) gives [`AsyncPages`], read with
//! `while let Some(page) = pages.next_page().await`.

use super::config::ApiRequest;
use super::error::Error;

/// How the pages of an API are addressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStyle {
    /// `page_no` from 1 and `page_size`.
    Number,
    /// The previous page's next-cursor value.
    Cursor,
}

/// A request of an API whose answers come in pages; the generated request types of APIs with
/// `paging` implement it. The methods a style does not use keep their defaults.
pub trait PagedRequest: ApiRequest + Clone {
    /// One item of a page.
    type Item;
    /// How pages are addressed.
    const STYLE: PageStyle;

    /// The requested page number (`None`: page 1).
    fn page_no(&self) -> Option<i64> {
        None
    }
    /// Asks for page `page_no`.
    fn set_page_no(&mut self, page_no: i64) {
        let _ = page_no;
    }
    /// The requested page size, when set.
    fn page_size(&self) -> Option<i64> {
        None
    }
    /// Asks for the page after `cursor`; `false` when the cursor cannot be sent (e.g. not the
    /// digits an int64 cursor needs), which ends the iteration.
    fn set_cursor(&mut self, cursor: String) -> bool {
        let _ = cursor;
        false
    }
    /// The number of items on `page` (`None` when its list is missing).
    fn item_count(page: &Self::Response) -> Option<usize>;
    /// The items of `page`, taken out of it.
    fn take_items(page: &mut Self::Response) -> Vec<Self::Item>;
    /// The page's `total_results`, when present.
    fn total_results(page: &Self::Response) -> Option<i64> {
        let _ = page;
        None
    }
    /// The page's `has_next`, when present.
    fn has_next(page: &Self::Response) -> Option<bool> {
        let _ = page;
        None
    }
    /// The page's next-cursor value, when present.
    fn next_cursor(page: &Self::Response) -> Option<String> {
        let _ = page;
        None
    }
}

/// Where a page iteration is: the next request to send, and what the first page taught.
#[derive(Debug, Clone)]
pub struct PageState<R> {
    next: Option<R>,
    first_count: Option<usize>,
}

impl<R: PagedRequest> PageState<R> {
    /// Starts at `request` (its `page_no` unset means page 1).
    pub fn new(request: R) -> Self {
        Self {
            next: Some(request),
            first_count: None,
        }
    }

    /// The next request to send, or `None` when the iteration has ended.
    pub fn take_request(&mut self) -> Option<R> {
        self.next.take()
    }

    /// Decides what follows `page`, the answer to `request`:
    /// - stop when `has_next` is present and false;
    /// - page numbers: stop when the item list is missing or empty, or `total_results` is present
    ///   and `page_no × size ≥ total_results` (`size`: the request's `page_size`, else the number
    ///   of items on the first page); otherwise ask for `page_no + 1`, every other parameter
    ///   unchanged;
    /// - cursors: stop when the next cursor is missing or empty; otherwise ask for it.
    pub fn advance(&mut self, request: R, page: &R::Response) {
        self.next = None;
        let count = R::item_count(page);
        let first_count = *self.first_count.get_or_insert(count.unwrap_or(0));
        if R::has_next(page) == Some(false) {
            return;
        }
        let mut next = request;
        match R::STYLE {
            PageStyle::Number => {
                if count.unwrap_or(0) == 0 {
                    return;
                }
                let page_no = next.page_no().unwrap_or(1);
                let size = next.page_size().map_or(first_count as i128, i128::from);
                if R::total_results(page)
                    .is_some_and(|total| i128::from(page_no) * size >= i128::from(total))
                {
                    return;
                }
                let Some(following) = page_no.checked_add(1) else {
                    return;
                };
                next.set_page_no(following);
            }
            PageStyle::Cursor => {
                let cursor = R::next_cursor(page).filter(|c| !c.is_empty());
                if !cursor.is_some_and(|c| next.set_cursor(c)) {
                    return;
                }
            }
        }
        self.next = Some(next);
    }
}

/// Pages fetched one after the other with `fetch` until the stop rules say so; an error is the
/// last item.
#[derive(Debug)]
pub struct PageIter<R, F> {
    state: PageState<R>,
    fetch: F,
}

impl<R: PagedRequest, F: FnMut(&R) -> Result<R::Response, Error>> PageIter<R, F> {
    /// Pages from `request` on, each fetched with `fetch`.
    pub fn new(request: R, fetch: F) -> Self {
        Self {
            state: PageState::new(request),
            fetch,
        }
    }

    /// An iterator over the items of every page (an error is the last item).
    pub fn items(self) -> ItemIter<R, F> {
        ItemIter {
            pages: self,
            buffer: Vec::new().into_iter(),
        }
    }
}

impl<R: PagedRequest, F: FnMut(&R) -> Result<R::Response, Error>> Iterator for PageIter<R, F> {
    type Item = Result<R::Response, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let request = self.state.take_request()?;
        let page = (self.fetch)(&request);
        if let Ok(page) = &page {
            self.state.advance(request, page);
        }
        Some(page)
    }
}

/// The items of every page, in order.
#[derive(Debug)]
pub struct ItemIter<R: PagedRequest, F> {
    pages: PageIter<R, F>,
    buffer: std::vec::IntoIter<R::Item>,
}

impl<R: PagedRequest, F: FnMut(&R) -> Result<R::Response, Error>> Iterator for ItemIter<R, F> {
    type Item = Result<R::Item, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Some(Ok(item));
            }
            match self.pages.next()? {
                Ok(mut page) => self.buffer = R::take_items(&mut page).into_iter(),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// The pages of an API, fetched by the async client: `while let Some(page) = pages.next_page().await`.
#[cfg(any(feature = "async", feature = "blocking"))]
#[derive(Debug)]
pub struct AsyncPages<'c, R: PagedRequest> {
    client: &'c super::transport::Client,
    session: Option<String>,
    state: PageState<R>,
    buffer: std::vec::IntoIter<R::Item>,
}

#[cfg(any(feature = "async", feature = "blocking"))]
impl<R: PagedRequest> AsyncPages<'_, R> {
    /// The next page, `None` after the last one (or after an error, which is returned once).
    pub async fn next_page(&mut self) -> Option<Result<R::Response, Error>> {
        let request = self.state.take_request()?;
        let page = self.client.execute(&request, self.session.as_deref()).await;
        if let Ok(page) = &page {
            self.state.advance(request, page);
        }
        Some(page)
    }

    /// The next item of the pages, `None` after the last one (or after an error, returned once).
    pub async fn next_item(&mut self) -> Option<Result<R::Item, Error>> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Some(Ok(item));
            }
            match self.next_page().await? {
                Ok(mut page) => self.buffer = R::take_items(&mut page).into_iter(),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

#[cfg(any(feature = "async", feature = "blocking"))]
impl super::transport::Client {
    /// The pages of `request`'s API from `request` on (its `page_no` unset means 1), each
    /// fetched with `execute`; read them with [`AsyncPages::next_page`] or the items with
    /// [`AsyncPages::next_item`].
    pub fn pages<R: PagedRequest>(&self, request: R, session: Option<&str>) -> AsyncPages<'_, R> {
        AsyncPages {
            client: self,
            session: session.map(str::to_owned),
            state: PageState::new(request),
            buffer: Vec::new().into_iter(),
        }
    }
}

#[cfg(feature = "blocking")]
impl super::transport::BlockingClient {
    /// The pages of `request`'s API from `request` on (its `page_no` unset means 1), each
    /// fetched with `execute` when the iterator asks for it.
    pub fn pages<'a, R: PagedRequest + 'a>(
        &'a self,
        request: R,
        session: Option<&'a str>,
    ) -> PageIter<R, impl FnMut(&R) -> Result<R::Response, Error> + 'a> {
        PageIter::new(request, move |r: &R| self.execute(r, session))
    }

    /// The items of every page of `request`'s API, in order (see [`pages`](Self::pages)).
    pub fn items<'a, R: PagedRequest + 'a>(
        &'a self,
        request: R,
        session: Option<&'a str>,
    ) -> ItemIter<R, impl FnMut(&R) -> Result<R::Response, Error> + 'a> {
        self.pages(request, session).items()
    }
}

#[cfg(test)]
mod tests {
    use super::super::batch::test_request;
    use super::super::config::ApiInfo;
    use super::super::validate::Checker;
    use super::super::wire::Params;
    use super::*;

    #[derive(Debug, Clone, Default)]
    struct ListRequest {
        page_no: Option<i64>,
        page_size: Option<i64>,
        cursor: Option<String>,
    }

    #[derive(Debug, Clone, Default, PartialEq)]
    struct ListPage {
        items: Option<Vec<i64>>,
        total_results: Option<i64>,
        has_next: Option<bool>,
        next_cursor: Option<String>,
    }

    impl super::super::response::FromJson for ListPage {
        fn fits(_: &super::super::json::Json) -> bool {
            false
        }
        fn from_json(json: super::super::json::Json) -> Result<Self, super::super::json::Json> {
            Err(json)
        }
    }

    test_request!(ListRequest => ListPage, "x.list", "x_list_response");

    impl PagedRequest for ListRequest {
        type Item = i64;
        const STYLE: PageStyle = PageStyle::Number;
        fn page_no(&self) -> Option<i64> {
            self.page_no
        }
        fn set_page_no(&mut self, page_no: i64) {
            self.page_no = Some(page_no);
        }
        fn page_size(&self) -> Option<i64> {
            self.page_size
        }
        fn item_count(page: &ListPage) -> Option<usize> {
            page.items.as_ref().map(Vec::len)
        }
        fn take_items(page: &mut ListPage) -> Vec<i64> {
            page.items.take().unwrap_or_default()
        }
        fn total_results(page: &ListPage) -> Option<i64> {
            page.total_results
        }
        fn has_next(page: &ListPage) -> Option<bool> {
            page.has_next
        }
    }

    #[derive(Debug, Clone, Default)]
    struct CursorRequest(ListRequest);

    impl ApiRequest for CursorRequest {
        type Response = ListPage;
        const API: ApiInfo = ListRequest::API;
        fn validate(&self, _: &Checker) -> Result<(), Error> {
            Ok(())
        }
        fn write_params(&self, _: &mut Params) -> Result<(), Error> {
            Ok(())
        }
    }

    impl PagedRequest for CursorRequest {
        type Item = i64;
        const STYLE: PageStyle = PageStyle::Cursor;
        fn set_cursor(&mut self, cursor: String) -> bool {
            if cursor == "unsendable" {
                return false;
            }
            self.0.cursor = Some(cursor);
            true
        }
        fn item_count(page: &ListPage) -> Option<usize> {
            ListRequest::item_count(page)
        }
        fn take_items(page: &mut ListPage) -> Vec<i64> {
            ListRequest::take_items(page)
        }
        fn has_next(page: &ListPage) -> Option<bool> {
            page.has_next
        }
        fn next_cursor(page: &ListPage) -> Option<String> {
            page.next_cursor.clone()
        }
    }

    fn page(items: &[i64], total: Option<i64>, has_next: Option<bool>) -> ListPage {
        ListPage {
            items: Some(items.to_vec()),
            total_results: total,
            has_next,
            next_cursor: None,
        }
    }

    /// Runs the pages over canned answers keyed by page number; returns the requested page
    /// numbers and the items.
    fn run(request: ListRequest, answers: &[(i64, ListPage)]) -> (Vec<i64>, Vec<i64>) {
        let mut asked = Vec::new();
        let items: Vec<i64> = PageIter::new(request, |r: &ListRequest| {
            let no = r.page_no.unwrap_or(1);
            asked.push(no);
            assert!(asked.len() <= 20, "runaway iteration");
            Ok(answers
                .iter()
                .find(|(n, _)| *n == no)
                .map(|(_, p)| p.clone())
                .unwrap_or_default())
        })
        .items()
        .collect::<Result<_, _>>()
        .unwrap();
        (asked, items)
    }

    #[test]
    fn stops_when_page_no_times_page_size_reaches_the_total() {
        let request = ListRequest {
            page_size: Some(2),
            ..ListRequest::default()
        };
        let answers = [
            (1, page(&[1, 2], Some(5), None)),
            (2, page(&[3, 4], Some(5), None)),
            (3, page(&[5], Some(5), None)),
        ];
        assert_eq!(
            run(request.clone(), &answers),
            (vec![1, 2, 3], vec![1, 2, 3, 4, 5])
        );
        // Exactly a multiple: 2 × 2 ≥ 4 ends after page 2, without asking for an empty page 3.
        let answers = [
            (1, page(&[1, 2], Some(4), None)),
            (2, page(&[3, 4], Some(4), None)),
        ];
        assert_eq!(run(request, &answers), (vec![1, 2], vec![1, 2, 3, 4]));
    }

    #[test]
    fn without_a_page_size_the_first_page_sets_the_size() {
        let answers = [
            (1, page(&[1, 2, 3], Some(7), None)),
            (2, page(&[4, 5, 6], Some(7), None)),
            (3, page(&[7], Some(7), None)),
        ];
        assert_eq!(run(ListRequest::default(), &answers).0, vec![1, 2, 3]);
    }

    #[test]
    fn starts_at_the_given_page() {
        let request = ListRequest {
            page_no: Some(3),
            page_size: Some(2),
            ..ListRequest::default()
        };
        let answers = [
            (3, page(&[5, 6], Some(8), None)),
            (4, page(&[7, 8], Some(8), None)),
        ];
        assert_eq!(run(request, &answers), (vec![3, 4], vec![5, 6, 7, 8]));
    }

    #[test]
    fn has_next_false_stops_and_true_continues() {
        let answers = [
            (1, page(&[1], None, Some(true))),
            (2, page(&[2], None, Some(false))),
        ];
        assert_eq!(
            run(ListRequest::default(), &answers),
            (vec![1, 2], vec![1, 2])
        );
        // has_next false wins over a total that says more.
        let answers = [(1, page(&[1], Some(10), Some(false)))];
        assert_eq!(run(ListRequest::default(), &answers).0, vec![1]);
    }

    #[test]
    fn an_empty_or_missing_list_stops() {
        let answers = [(1, page(&[1, 2], None, None)), (2, page(&[], None, None))];
        assert_eq!(
            run(ListRequest::default(), &answers),
            (vec![1, 2], vec![1, 2])
        );
        let answers = [
            (1, page(&[1, 2], None, Some(true))),
            (2, ListPage::default()),
        ];
        assert_eq!(
            run(ListRequest::default(), &answers),
            (vec![1, 2], vec![1, 2])
        );
    }

    #[test]
    fn an_error_ends_the_iteration() {
        let mut calls = 0;
        let pages: Vec<_> = PageIter::new(ListRequest::default(), |r: &ListRequest| {
            calls += 1;
            match r.page_no.unwrap_or(1) {
                1 => Ok(page(&[1], None, Some(true))),
                _ => Err(Error::Connect {
                    detail: "refused".to_owned(),
                    source: None,
                }),
            }
        })
        .collect();
        assert_eq!(calls, 2);
        assert_eq!(pages.len(), 2);
        assert!(pages[0].is_ok() && pages[1].is_err());
    }

    #[test]
    fn cursors_follow_the_next_cursor_until_it_is_missing_or_empty() {
        let mut asked = Vec::new();
        let items: Vec<i64> = PageIter::new(CursorRequest::default(), |r: &CursorRequest| {
            asked.push(r.0.cursor.clone());
            let (items, next): (&[i64], Option<&str>) = match r.0.cursor.as_deref() {
                None => (&[1, 2], Some("c2")),
                Some("c2") => (&[], Some("c3")),
                Some("c3") => (&[3], Some("c4")),
                Some("c4") => (&[4], Some("unsendable")),
                Some(_) => (&[99], None),
            };
            Ok(ListPage {
                next_cursor: next.map(str::to_owned),
                ..page(items, None, None)
            })
        })
        .items()
        .collect::<Result<_, _>>()
        .unwrap();
        assert_eq!(items, [1, 2, 3, 4]);
        assert_eq!(
            asked,
            [
                None,
                Some("c2".to_owned()),
                Some("c3".to_owned()),
                Some("c4".to_owned())
            ]
        );

        let mut state = PageState::new(CursorRequest::default());
        let request = state.take_request().unwrap();
        state.advance(
            request,
            &ListPage {
                next_cursor: Some(String::new()),
                ..page(&[1], None, Some(true))
            },
        );
        assert!(
            state.take_request().is_none(),
            "an empty next cursor ends cursor paging"
        );

        let mut state = PageState::new(CursorRequest::default());
        let request = state.take_request().unwrap();
        state.advance(
            request,
            &ListPage {
                next_cursor: Some("c9".to_owned()),
                ..page(&[1], None, Some(false))
            },
        );
        assert!(
            state.take_request().is_none(),
            "has_next false ends cursor paging too"
        );
    }
}
