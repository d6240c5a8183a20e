"""What each project role may do. Site admins may do everything."""

# action -> roles allowed. Kept as one table so the permission matrix test and
# every view read the same rules.
PERMISSIONS: dict[str, frozenset[str]] = {
    "view_project": frozenset({"lead", "reviewer", "annotator", "viewer"}),
    "view_figures": frozenset({"lead", "reviewer", "viewer"}),
    "annotate": frozenset({"lead", "reviewer", "annotator"}),
    "view_all_annotations": frozenset({"lead", "reviewer"}),
    "review": frozenset({"lead", "reviewer"}),
    "export": frozenset({"lead", "reviewer"}),
    "import": frozenset({"lead"}),
    "prelabel": frozenset({"lead"}),
    "assign": frozenset({"lead"}),
    "manage": frozenset({"lead"}),
    "view_audit": frozenset({"lead"}),
}


def allows(role: str | None, action: str) -> bool:
    """True when ``role`` (None: not a member) may perform ``action``."""
    if action not in PERMISSIONS:
        raise KeyError(f"unknown action {action!r}")
    return role is not None and role in PERMISSIONS[action]
