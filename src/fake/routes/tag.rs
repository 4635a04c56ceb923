//! `tag.*`: create, all, one, update, remove, assignToProject, removeFromProject (recordings
//! 380–384, 395, 396). Tag names are unique in the organisation; a project holds a tag once.

use serde_json::{Map, Value, json};

use super::{apply, json, row};
use crate::fake::ids;
use crate::fake::wire::{ApiError, Ctx, Handler, Outcome};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "create" => create,
        "all" => all,
        "one" => one,
        "update" => update,
        "remove" => remove,
        "assignToProject" => assign_to_project,
        "removeFromProject" => remove_from_project,
        _ => return None,
    })
}

fn conflict(message: &str) -> ApiError {
    ApiError::new(409, "CONFLICT", message)
}

fn success() -> Outcome {
    json(json!({"success": true}))
}

fn name_taken(ctx: &Ctx<'_>, except: Option<&str>) -> bool {
    let name = ctx.str("name");
    ctx.state().tags.iter().any(|t| {
        t.get("name").and_then(Value::as_str) == Some(name.as_str())
            && t.get("tagId").and_then(Value::as_str) != except
    })
}

fn create(ctx: &mut Ctx<'_>) -> Outcome {
    if name_taken(ctx, None) {
        return Err(conflict(
            "A tag with this name already exists in your organization",
        ));
    }
    let mut st = ctx.state();
    let mut tag = Map::new();
    tag.insert("tagId".into(), json!(ids::nanoid()));
    tag.insert(
        "name".into(),
        ctx.get("name").cloned().unwrap_or(Value::Null),
    );
    tag.insert(
        "color".into(),
        ctx.get("color").cloned().unwrap_or(Value::Null),
    );
    tag.insert("createdAt".into(), json!(ids::now_iso()));
    tag.insert("organizationId".into(), json!(st.organization_id));
    st.tags.insert(tag.clone());
    row(tag)
}

fn all(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    json(Value::Array(
        st.tags.iter().map(|t| Value::Object(t.clone())).collect(),
    ))
}

fn one(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let tag = st
        .tags
        .get(&ctx.str("tagId"))
        .ok_or_else(|| ApiError::not_found("Tag not found"))?;
    row(tag.clone())
}

fn update(ctx: &mut Ctx<'_>) -> Outcome {
    let id = ctx.str("tagId");
    if ctx.get("name").is_some() && name_taken(ctx, Some(&id)) {
        return Err(conflict(
            "A tag with this name already exists in your organization",
        ));
    }
    let mut st = ctx.state();
    let tag = st.tags.get_mut(&id).ok_or_else(|| {
        ApiError::not_found("Tag not found or you don't have permission to update it")
    })?;
    apply(tag, &ctx.input, &["tagId", "organizationId", "createdAt"]);
    row(tag.clone())
}

fn remove(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("tagId");
    st.tags.remove(&id).ok_or_else(|| {
        ApiError::not_found("Tag not found or you don't have permission to delete it")
    })?;
    st.project_tags
        .remove_where(|l| l.get("tagId").and_then(Value::as_str) == Some(id.as_str()));
    success()
}

fn assign_to_project(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let project_id = ctx.str("projectId");
    let tag_id = ctx.str("tagId");
    if st.projects.get(&project_id).is_none() {
        return Err(ApiError::not_found(
            "Project not found or you don't have permission to modify it",
        ));
    }
    if st.tags.get(&tag_id).is_none() {
        return Err(ApiError::not_found(
            "Tag not found or you don't have permission to use it",
        ));
    }
    if st
        .project_tags
        .where_eq("projectId", &project_id)
        .any(|l| l.get("tagId").and_then(Value::as_str) == Some(tag_id.as_str()))
    {
        return Err(conflict("This tag is already assigned to this project"));
    }
    let mut link = Map::new();
    link.insert("id".into(), json!(ids::nanoid()));
    link.insert("projectId".into(), json!(project_id));
    link.insert("tagId".into(), json!(tag_id));
    st.project_tags.insert(link.clone());
    row(link)
}

fn remove_from_project(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let project_id = ctx.str("projectId");
    let tag_id = ctx.str("tagId");
    if st.projects.get(&project_id).is_none() {
        return Err(ApiError::not_found(
            "Project not found or you don't have permission to modify it",
        ));
    }
    st.project_tags.remove_where(|l| {
        l.get("projectId").and_then(Value::as_str) == Some(project_id.as_str())
            && l.get("tagId").and_then(Value::as_str) == Some(tag_id.as_str())
    });
    success()
}
