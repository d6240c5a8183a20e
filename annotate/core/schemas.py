"""Label schemas as data files."""

from pathlib import Path

import yaml

from .labels import LabelSpec

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "data" / "label_schemas"


def load_schema(name: str = "default") -> tuple[str, str, list[LabelSpec]]:
    """Read a schema file: its name, description and labels in key order."""
    data = yaml.safe_load((SCHEMA_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    labels = [
        LabelSpec(
            name=item["name"],
            key=str(item["key"]),
            exclusive=bool(item.get("exclusive", False)),
            colour=item.get("colour", "#888888"),
            description=item.get("description", "").strip(),
        )
        for item in data["labels"]
    ]
    return data["name"], data.get("description", ""), labels
