//! The declarations the API modules are written in: a request (`api_request!`), a JSON struct
//! (`json_struct!`) and an open enum (`open_enum!`) each expand to the type, its setters, its
//! checks, its lenient reading from JSON and its writing back, from one table of fields.
//!
//! A field reads `name: Type = "wire_name", set_name(into | copy) [checks];`: the setter takes
//! `impl Into<Type>` (`into`) or the `Type` itself (`copy`); each check is a method of
//! [`Checker`](super::validate::Checker) called with the field's name and value, in order.

/// A request type and its [`ApiRequest`](super::config::ApiRequest) implementation.
#[allow(unused_macros)] // A package may have no API that needs it.
macro_rules! api_request {
    (
        $(#[$meta:meta])*
        pub struct $name:ident for $api:expr => $response:ty {
            $(
                $(#[$fmeta:meta])*
                $field:ident: $ty:ty = $wire:literal, $setter:ident($kind:ident) [$($check:ident $(($($arg:expr),*))?),*];
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$fmeta])*
                pub $field: Option<$ty>,
            )*
        }

        impl $name {
            /// A request with no parameter set.
            pub fn new() -> Self {
                <Self as Default>::default()
            }
            $(setter!($kind $setter $field $ty, $wire);)*
        }

        impl super::config::ApiRequest for $name {
            type Response = $response;

            const API: super::config::ApiInfo = $api;

            #[allow(unused_variables)]
            fn validate(&self, check: &super::validate::Checker) -> Result<(), super::error::Error> {
                $($(check.$check(super::validate::Name::Param($wire), &self.$field $(, $($arg),*)?)?;)*)*
                Ok(())
            }

            #[allow(unused_variables)]
            fn write_params(&self, params: &mut super::wire::Params) -> Result<(), super::error::Error> {
                $(params.add($wire, self.$field.as_ref())?;)*
                Ok(())
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use api_request;

/// The [`PagedRequest`](super::paging::PagedRequest) implementation of a request whose API pages
/// (the spec's `paging`), from the Rust names of its paging parameters and response fields:
/// `page Request => Item: page_no / page_size, items, total [total_results], has_next [has_next]`
/// or `cursor Request => Item: cursor(text | int) / next_cursor, items, has_next [has_next]`
/// (an empty `[]` when the response has no such field).
#[allow(unused_macros)] // A package may have no API that pages.
macro_rules! paged_request {
    (page $request:ident => $item:ty: $page:ident / $size:ident, $items:ident, total [$($total:ident)?], has_next [$($has_next:ident)?]) => {
        impl super::paging::PagedRequest for $request {
            type Item = $item;
            const STYLE: super::paging::PageStyle = super::paging::PageStyle::Number;

            fn page_no(&self) -> Option<i64> {
                self.$page
            }
            fn set_page_no(&mut self, page_no: i64) {
                self.$page = Some(page_no);
            }
            fn page_size(&self) -> Option<i64> {
                self.$size
            }
            paged_request!(@items $item, $items);
            $(fn total_results(page: &Self::Response) -> Option<i64> {
                page.$total
            })?
            paged_request!(@has_next $($has_next)?);
        }
    };
    (cursor $request:ident => $item:ty: $cursor:ident($kind:ident) / $next:ident, $items:ident, has_next [$($has_next:ident)?]) => {
        impl super::paging::PagedRequest for $request {
            type Item = $item;
            const STYLE: super::paging::PageStyle = super::paging::PageStyle::Cursor;

            fn set_cursor(&mut self, cursor: String) -> bool {
                paged_request!(@cursor $kind self.$cursor, cursor)
            }
            fn next_cursor(page: &Self::Response) -> Option<String> {
                page.$next.as_ref().map(ToString::to_string)
            }
            paged_request!(@items $item, $items);
            paged_request!(@has_next $($has_next)?);
        }
    };
    (@items $item:ty, $items:ident) => {
        fn item_count(page: &Self::Response) -> Option<usize> {
            page.$items.as_ref().map(Vec::len)
        }
        fn take_items(page: &mut Self::Response) -> Vec<$item> {
            page.$items.take().unwrap_or_default()
        }
    };
    (@has_next) => {};
    (@has_next $has_next:ident) => {
        fn has_next(page: &Self::Response) -> Option<bool> {
            page.$has_next
        }
    };
    (@cursor text $slot:expr, $cursor:ident) => {{
        $slot = Some($cursor);
        true
    }};
    (@cursor int $slot:expr, $cursor:ident) => {
        match $cursor.parse::<i64>() {
            Ok(value) => {
                $slot = Some(value);
                true
            }
            Err(_) => false,
        }
    };
}
#[allow(unused_imports)]
pub(crate) use paged_request;

/// A struct of the API's JSON (nested, or the response): typed fields, unknown members kept in
/// the named extra map, read leniently and written back with wire names.
#[allow(unused_macros)] // A package may have no API that needs it.
macro_rules! json_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident { ..$extra:ident
            $(
                $(#[$fmeta:meta])*
                $field:ident: $ty:ty = $wire:literal $(, $setter:ident($kind:ident))? [$($check:ident $(($($arg:expr),*))?),*];
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$fmeta])*
                pub $field: Option<$ty>,
            )*
            /// Members this version of the client does not know (or whose value did not fit),
            /// kept as they arrived.
            pub $extra: super::json::Map,
        }

        impl $name {
            /// A value with no field set.
            pub fn new() -> Self {
                <Self as Default>::default()
            }
            $($(setter!($kind $setter $field $ty, $wire);)?)*
        }

        impl super::response::FromJson for $name {
            fn fits(json: &super::json::Json) -> bool {
                matches!(json, super::json::Json::Object(_))
            }

            fn from_json(json: super::json::Json) -> Result<Self, super::json::Json> {
                let super::json::Json::Object(map) = json else { return Err(json) };
                let mut value = Self::default();
                for (key, member) in map.into_entries() {
                    match key.as_str() {
                        $($wire => super::response::read_field(&mut value.$field, &mut value.$extra, key, member),)*
                        _ => value.$extra.push_new(key, member),
                    }
                }
                Ok(value)
            }
        }

        impl super::response::ToJson for $name {
            fn to_json(&self) -> super::json::Json {
                let mut map = super::json::Map::new();
                $(super::response::write_field(&mut map, $wire, &self.$field);)*
                for (key, member) in self.$extra.iter() {
                    map.insert(key, member.clone());
                }
                super::json::Json::Object(map)
            }
        }

        impl super::validate::Validate for $name {
            #[allow(unused_variables)]
            fn validate(&self, check: &super::validate::Checker, name: &str) -> Result<(), super::error::Error> {
                $($(check.$check(super::validate::Name::Field(name, $wire), &self.$field $(, $($arg),*)?)?;)*)*
                Ok(())
            }
        }

        impl super::wire::JsonObject for $name {}
    };
}
#[allow(unused_imports)]
pub(crate) use json_struct;

/// A setter `set_x(value)` storing `Some(value)`.
#[allow(unused_macros)] // A package may have no API that needs it.
macro_rules! setter {
    (into $setter:ident $field:ident $ty:ty, $wire:literal) => {
        #[doc = concat!("Sets `", $wire, "`.")]
        pub fn $setter(&mut self, value: impl Into<$ty>) -> &mut Self {
            self.$field = Some(value.into());
            self
        }
    };
    (copy $setter:ident $field:ident $ty:ty, $wire:literal) => {
        #[doc = concat!("Sets `", $wire, "`.")]
        pub fn $setter(&mut self, value: $ty) -> &mut Self {
            self.$field = Some(value);
            self
        }
    };
}
#[allow(unused_imports)]
pub(crate) use setter;

/// An open enum: the listed values, and `Unknown` keeping any other value as it arrived.
#[allow(unused_macros)] // A package may have no API that needs it.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $value:literal,
            )*
        }
    ) => {
        $(#[$meta])*
        ///
        #[doc = concat!("Open: a value this version does not list is kept as [`", stringify!($name), "::Unknown`].")]
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$vmeta])*
                $variant,
            )*
            /// A value this version of the client does not know, as it arrived.
            Unknown(String),
        }

        impl $name {
            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.as_str().to_owned()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl super::response::FromJson for $name {
            fn fits(json: &super::json::Json) -> bool {
                matches!(json, super::json::Json::String(_))
            }

            fn from_json(json: super::json::Json) -> Result<Self, super::json::Json> {
                match json {
                    super::json::Json::String(text) => Ok(Self::from(text)),
                    other => Err(other),
                }
            }
        }

        impl super::response::ToJson for $name {
            fn to_json(&self) -> super::json::Json {
                super::json::Json::from(self.as_str())
            }
        }

        impl super::wire::ToWire for $name {
            fn to_wire(&self) -> Result<super::wire::WireValue, String> {
                Ok(super::wire::WireValue::Text(self.as_str().to_owned()))
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use open_enum;
