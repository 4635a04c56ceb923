//! The `required` module: for every operation, a struct of the inputs Dokploy refuses the
//! request without, and a `.required(…)` method on the operation's request builder that sets
//! them all at once.
//!
//! progenitor's builders check required inputs only when a request is sent (`no value supplied
//! for name`), so a document that adds a required input compiles and fails at run time, in
//! every test that sends the request. Code that sets required inputs through these structs
//! fails to **compile** instead, at each call site, naming the new field:
//!
//! ```text
//! error[E0063]: missing field `organization_id` in initializer of `required::ProjectCreate`
//! ```
//!
//! Only required inputs that may not be `null` are included: a required but nullable one is
//! sent as `null` when left unset (see the normaliser's `x-dokploy-send-null`). Optional
//! inputs stay on the builder's own setters, so a new optional input changes nothing.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote};

use crate::table::{Entry, Field};
use crate::{Error, method_name};

/// The method added to every request builder that has required inputs.
pub const METHOD: &str = "required";

/// What progenitor generated that the `required` module needs: the request builder of each
/// client method, the fields of each request builder and of each body type.
struct Generated<'f> {
    /// Client method → request builder struct name (`project_one` → `ProjectOne`).
    builders: BTreeMap<String, String>,
    /// `builder::<Name>`'s fields: name → type inside `Result<T, String>`.
    builder_fields: BTreeMap<String, BTreeMap<String, &'f syn::Type>>,
    /// `types::<Name>`'s fields: JSON name → (Rust field, type).
    body_fields: BTreeMap<String, BTreeMap<String, (String, &'f syn::Type)>>,
    /// Every type name in `types` (to qualify the ones the structs name).
    type_names: BTreeSet<String>,
}

/// Rust source for the `required` module of `file` (progenitor's client) and the operation
/// table `entries`. `generated` is the path of the module holding the client (`crate::generated`).
pub fn source(file: &syn::File, entries: &[Entry], generated: &str) -> Result<String, Error> {
    let found = read(file);
    let root: TokenStream = generated.parse().map_err(|e| Error::Generate {
        at: None,
        message: format!("`{generated}` is not a Rust path: {e}"),
    })?;
    let mut items = Vec::new();
    for entry in entries.iter().filter(|e| e.generated) {
        let (fields, from_body) = if entry.method == "GET" {
            (&entry.query, false)
        } else {
            (&entry.body, true)
        };
        let required: Vec<&Field> = fields
            .iter()
            .filter(|f| f.required && !f.nullable)
            .collect();
        if required.is_empty() {
            continue;
        }
        let Some(builder) = found.builders.get(&entry.rust_method) else {
            return Err(missing(entry, "its request builder"));
        };
        let mut members = Vec::new();
        for field in required {
            let (rust, ty) = if from_body {
                let body = found
                    .builder_fields
                    .get(builder)
                    .and_then(|f| f.get("body"))
                    .and_then(|ty| last_ident(ty))
                    .and_then(|name| found.body_fields.get(&name))
                    .ok_or_else(|| missing(entry, "its body type"))?;
                let (rust, ty) = body
                    .get(&field.name)
                    .ok_or_else(|| missing(entry, &format!("the body field `{}`", field.name)))?;
                (rust.clone(), *ty)
            } else {
                let rust = method_name(&field.name);
                let ty = found
                    .builder_fields
                    .get(builder)
                    .and_then(|f| f.get(&rust))
                    .ok_or_else(|| {
                        missing(entry, &format!("the query parameter `{}`", field.name))
                    })?;
                if rust == METHOD {
                    return Err(Error::Generate {
                        at: None,
                        message: format!(
                            "{} has a query parameter called `{METHOD}`, which would collide with the `{METHOD}` method: rename the method in codegen/src/required.rs",
                            entry.procedure
                        ),
                    });
                }
                (rust, *ty)
            };
            members.push((field, rust, qualify(ty.to_token_stream(), &found, &root)));
        }
        items.push(item(entry, builder, from_body, &members, &root));
    }
    let file: syn::File = syn::parse2(quote!(#(#items)*)).map_err(|e| Error::Generate {
        at: None,
        message: format!("the `required` module does not parse: {e}"),
    })?;
    Ok(prettyplease::unparse(&file))
}

fn missing(entry: &Entry, what: &str) -> Error {
    Error::Generate {
        at: None,
        message: format!(
            "progenitor's client has no {what} for {} (`{}`): the `required` module cannot be generated",
            entry.procedure, entry.rust_method
        ),
    }
}

/// The struct and the builder method for one operation.
fn item(
    entry: &Entry,
    builder: &str,
    from_body: bool,
    members: &[(&Field, String, TokenStream)],
    root: &TokenStream,
) -> TokenStream {
    let name = format_ident!("{builder}");
    let method = format_ident!("{METHOD}");
    let doc = format!(
        " What `{}` requires: the {} Dokploy refuses the request without.\n\n A document that adds one adds a field here, so code building this struct stops compiling until it sets it. Set it with [`{builder}::{METHOD}`]({}::builder::{builder}::{METHOD}).",
        entry.procedure,
        if from_body {
            "body fields"
        } else {
            "query parameters"
        },
        root.to_string().replace(' ', ""),
    );
    let fields = members.iter().map(|(field, rust, ty)| {
        let ident = ident(rust);
        let doc = if field.description.is_empty() {
            format!(" `{}`.", field.name)
        } else {
            format!(" `{}`: {}", field.name, field.description)
        };
        quote! {
            #[doc = #doc]
            pub #ident: #ty,
        }
    });
    let idents: Vec<Ident> = members.iter().map(|(_, rust, _)| ident(rust)).collect();
    let set = if from_body {
        quote! { self.body_map(|b| b #(.#idents(required.#idents))*) }
    } else {
        quote! { self #(.#idents(required.#idents))* }
    };
    let method_doc = format!(
        " Sets every input `{}` requires (see [`required::{builder}`](crate::required::{builder})).",
        entry.procedure
    );
    quote! {
        #[doc = #doc]
        pub struct #name {
            #(#fields)*
        }

        impl<'a> #root::builder::#name<'a> {
            #[doc = #method_doc]
            pub fn #method(self, required: #name) -> Self {
                #set
            }
        }
    }
}

/// A field or method name, raw where it is a keyword (`r#type`).
fn ident(name: &str) -> Ident {
    let bare = name.trim_start_matches("r#");
    syn::parse_str::<Ident>(bare).unwrap_or_else(|_| Ident::new_raw(bare, Span::call_site()))
}

/// Makes the paths progenitor writes relative to its modules (`types::X`, a bare `X` inside
/// `types`) absolute under `root`.
fn qualify(tokens: TokenStream, found: &Generated<'_>, root: &TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    let mut after_colons = false;
    for tree in tokens {
        match tree {
            TokenTree::Group(group) => {
                let mut inner = proc_macro2::Group::new(
                    group.delimiter(),
                    qualify(group.stream(), found, root),
                );
                inner.set_span(group.span());
                out.extend([TokenTree::Group(inner)]);
                after_colons = false;
            }
            TokenTree::Ident(ident) if !after_colons => {
                let name = ident.to_string();
                if name == "types" {
                    out.extend(quote!(#root::types));
                } else if found.type_names.contains(&name) {
                    out.extend(quote!(#root::types::#ident));
                } else {
                    out.extend([TokenTree::Ident(ident)]);
                }
            }
            TokenTree::Punct(punct) => {
                after_colons = punct.as_char() == ':';
                out.extend([TokenTree::Punct(punct)]);
            }
            other => {
                after_colons = false;
                out.extend([other]);
            }
        }
    }
    out
}

/// The last identifier of a path type (`types::builder::ProjectCreateBody` → `ProjectCreateBody`).
fn last_ident(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// `T` of `Result<T, String>`, the type of every request builder field.
fn result_ok(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(ty) => Some(ty),
        _ => None,
    }
}

fn read(file: &syn::File) -> Generated<'_> {
    let mut found = Generated {
        builders: BTreeMap::new(),
        builder_fields: BTreeMap::new(),
        body_fields: BTreeMap::new(),
        type_names: BTreeSet::new(),
    };
    for item in &file.items {
        match item {
            syn::Item::Impl(imp)
                if imp.trait_.is_none()
                    && last_ident(&imp.self_ty).as_deref() == Some("Client") =>
            {
                for item in &imp.items {
                    if let syn::ImplItem::Fn(f) = item
                        && let syn::ReturnType::Type(_, ty) = &f.sig.output
                        && let Some(name) = last_ident(ty)
                    {
                        found.builders.insert(f.sig.ident.to_string(), name);
                    }
                }
            }
            syn::Item::Mod(m) if m.ident == "builder" => {
                for (name, fields) in structs(m) {
                    let fields = fields
                        .filter_map(|(ident, _, ty)| Some((ident, result_ok(ty)?)))
                        .collect();
                    found.builder_fields.insert(name, fields);
                }
            }
            syn::Item::Mod(m) if m.ident == "types" => {
                for item in m.content.iter().flat_map(|(_, items)| items) {
                    match item {
                        syn::Item::Struct(s) => {
                            found.type_names.insert(s.ident.to_string());
                        }
                        syn::Item::Enum(e) => {
                            found.type_names.insert(e.ident.to_string());
                        }
                        syn::Item::Type(t) => {
                            found.type_names.insert(t.ident.to_string());
                        }
                        _ => {}
                    }
                }
                for (name, fields) in structs(m) {
                    let fields = fields
                        .map(|(ident, json, ty)| (json, (ident, ty)))
                        .collect();
                    found.body_fields.insert(name, fields);
                }
            }
            _ => {}
        }
    }
    found
}

/// The structs with named fields directly in module `m`: name → (field, JSON name, type).
fn structs(
    m: &syn::ItemMod,
) -> impl Iterator<Item = (String, impl Iterator<Item = (String, String, &syn::Type)>)> {
    m.content
        .iter()
        .flat_map(|(_, items)| items)
        .filter_map(|item| match item {
            syn::Item::Struct(s) => match &s.fields {
                syn::Fields::Named(named) => Some((s.ident.to_string(), named)),
                _ => None,
            },
            _ => None,
        })
        .map(|(name, named)| {
            let fields = named.named.iter().filter_map(|f| {
                let ident = f.ident.as_ref()?.to_string();
                let json =
                    rename(&f.attrs).unwrap_or_else(|| ident.trim_start_matches("r#").to_string());
                Some((ident, json, &f.ty))
            });
            (name, fields)
        })
}

/// The `rename = "…"` of a field's `#[serde(…)]`.
fn rename(attrs: &[syn::Attribute]) -> Option<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .find_map(|a| {
            let text = a.to_token_stream().to_string();
            let start = text.find("rename = \"")? + "rename = \"".len();
            let end = text[start..].find('"')?;
            Some(text[start..start + end].to_string())
        })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    fn generated() -> crate::Generated {
        crate::generate(
            json!({
                "openapi": "3.1.0",
                "info": {"title": "t", "version": "v1"},
                "paths": {
                    "/project.create": {"post": {
                        "operationId": "project-create",
                        "requestBody": {"content": {"application/json": {"schema": {
                            "type": "object",
                            "properties": {
                                "name": {"type": "string"},
                                "organizationId": {"type": "string"},
                                "description": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                                "env": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                                "type": {"type": "string", "enum": ["a", "b"]}
                            },
                            "required": ["name", "organizationId", "env", "type"]
                        }}}},
                        "responses": {}
                    }},
                    "/project.one": {"get": {
                        "operationId": "project-one",
                        "parameters": [
                            {"in": "query", "name": "projectId", "required": true, "schema": {"type": "string"}},
                            {"in": "query", "name": "limit", "schema": {"type": "integer"}}
                        ],
                        "responses": {}
                    }},
                    "/project.all": {"get": {"operationId": "project-all", "responses": {}}}
                }
            }),
            &Default::default(),
        )
        .unwrap()
    }

    #[test]
    fn a_struct_holds_the_required_inputs_that_cannot_be_null() {
        let out = generated();
        let src = &out.required;
        assert!(src.contains("pub struct ProjectCreate {"), "{src}");
        assert!(src.contains("pub name: ::std::string::String"), "{src}");
        assert!(
            src.contains("pub organization_id: ::std::string::String"),
            "{src}"
        );
        assert!(
            src.contains("pub type_: crate::generated::types::ProjectCreateBodyType"),
            "{src}"
        );
        // Optional, and required but nullable (sent as null), inputs are not in it.
        assert!(!src.contains("pub description"), "{src}");
        assert!(!src.contains("pub env"), "{src}");
        assert!(src.contains("pub struct ProjectOne {"), "{src}");
        assert!(
            src.contains("pub project_id: ::std::string::String"),
            "{src}"
        );
        assert!(!src.contains("pub limit"), "{src}");
        // Nothing for an operation without required inputs.
        assert!(!src.contains("ProjectAll"), "{src}");
    }

    #[test]
    fn the_builder_method_sets_them_on_the_body_or_the_query() {
        let src = generated().required;
        assert!(
            src.contains("impl<'a> crate::generated::builder::ProjectCreate<'a>"),
            "{src}"
        );
        assert!(src.contains("self.body_map(|b| {"), "{src}");
        assert!(
            src.contains(".organization_id(required.organization_id)"),
            "{src}"
        );
        assert!(
            src.contains("self.project_id(required.project_id)"),
            "{src}"
        );
    }
}
