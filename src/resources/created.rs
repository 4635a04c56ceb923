//! What every typed `create` whose answer carries no id shares: find the row it made.
//!
//! Many of Dokploy's creates answer with an empty body (`backup.create`, every
//! `notification.create*`, `gitlab.create`, `bitbucket.create`, `sshKey.create`) or a bare `true`
//! (`libsql.create`), so the caller gets no id. The typed methods list before and after the
//! create and return the one new row that matches what was sent.
//!
//! **The race:** rows that existed before the create are never returned, and a new row must
//! match what was sent (name, kind, owner …). If someone else creates a matching row between the
//! two listings, two new rows match: the typed method then fails with
//! [`LookupError::CreatedButAmbiguous`] (naming both ids, and saying the create itself succeeded) rather
//! than guess. Nothing is ever created twice: the create is sent exactly once.

use std::collections::HashSet;
use std::future::Future;

use crate::error::LookupError;
use crate::{Error, Result};

/// What a typed create needs to find its row: how to list, and how to recognise the new row.
pub(crate) struct FindCreated<'f, T> {
    /// What is created, for messages: `backup`, `slack notification`, `SSH key`.
    pub(crate) what: &'static str,
    /// A row's id.
    pub(crate) id: fn(&T) -> &str,
    /// A row's label in messages (its name, with the id).
    pub(crate) label: fn(&T) -> String,
    /// `true` for a row that carries what was sent.
    pub(crate) matches: &'f (dyn Fn(&T) -> bool + Sync),
}

impl<T> FindCreated<'_, T> {
    /// Lists, runs `create` (sent exactly once), lists again and returns the one new matching
    /// row.
    pub(crate) async fn run<L, LF, C>(&self, list: L, create: C) -> Result<T>
    where
        L: Fn() -> LF,
        LF: Future<Output = Result<Vec<T>>>,
        C: Future<Output = Result<()>>,
    {
        let before: HashSet<String> = list()
            .await?
            .iter()
            .map(|row| (self.id)(row).to_string())
            .collect();
        create.await?;
        let after = list().await?;
        self.pick(&before, after)
    }

    /// The one row of `after` that is not in `before` and matches.
    pub(crate) fn pick(&self, before: &HashSet<String>, after: Vec<T>) -> Result<T> {
        let mut new: Vec<T> = after
            .into_iter()
            .filter(|row| !before.contains((self.id)(row)) && (self.matches)(row))
            .collect();
        match new.len() {
            1 => Ok(new.remove(0)),
            0 => Err(Error::from(LookupError::CreatedButNotListed {
                what: self.what,
            })),
            _ => Err(Error::from(LookupError::CreatedButAmbiguous {
                what: self.what,
                matches: new.iter().map(|row| (self.label)(row)).collect(),
            })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Row {
        id: &'static str,
        name: &'static str,
    }

    fn finder(matches: &(dyn Fn(&Row) -> bool + Sync)) -> FindCreated<'_, Row> {
        FindCreated {
            what: "backup",
            id: |r| r.id,
            label: |r| format!("{} ({})", r.name, r.id),
            matches,
        }
    }

    const OLD: Row = Row {
        id: "old",
        name: "nightly",
    };

    #[test]
    fn the_one_new_matching_row_is_returned_and_older_identical_rows_are_not() {
        let matches = |r: &Row| r.name == "nightly";
        let before = HashSet::from(["old".to_string()]);
        let new = Row {
            id: "new",
            name: "nightly",
        };
        let found = finder(&matches)
            .pick(&before, vec![new.clone(), OLD])
            .unwrap();
        assert_eq!(found, new);
    }

    #[test]
    fn two_new_matching_rows_are_an_ambiguity_that_says_the_create_succeeded() {
        let matches = |r: &Row| r.name == "nightly";
        let rows = vec![
            Row {
                id: "a",
                name: "nightly",
            },
            Row {
                id: "b",
                name: "nightly",
            },
        ];
        let e = finder(&matches).pick(&HashSet::new(), rows).unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("nightly (a)") && text.contains("nightly (b)"),
            "{text}"
        );
        assert!(text.contains("was created (once)"), "{text}");
    }

    #[test]
    fn no_new_matching_row_is_an_error_that_says_the_create_was_accepted() {
        let matches = |r: &Row| r.name == "weekly";
        let e = finder(&matches)
            .pick(&HashSet::new(), vec![OLD])
            .unwrap_err();
        assert!(e.to_string().contains("accepted the new backup"), "{e}");
    }

    #[tokio::test]
    async fn run_sends_the_create_once_between_two_listings() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let lists = AtomicUsize::new(0);
        let creates = AtomicUsize::new(0);
        let matches = |r: &Row| r.name == "nightly";
        let found = finder(&matches)
            .run(
                || {
                    let n = lists.fetch_add(1, Ordering::SeqCst);
                    async move {
                        Ok(if n == 0 {
                            vec![OLD]
                        } else {
                            vec![
                                Row {
                                    id: "new",
                                    name: "nightly",
                                },
                                OLD,
                            ]
                        })
                    }
                },
                async {
                    creates.fetch_add(1, Ordering::SeqCst);
                    Ok(())
                },
            )
            .await
            .unwrap();
        assert_eq!(found.id, "new");
        assert_eq!(lists.load(Ordering::SeqCst), 2);
        assert_eq!(creates.load(Ordering::SeqCst), 1);
    }
}
