"""``cleaner push``: upload a finished folder to a Hub dataset repository.

The token comes from where ``huggingface_hub`` looks (``HF_TOKEN``, ``hf auth login``); it
is never printed, logged or written. ``dry_run`` lists what would be uploaded and touches no
network. Also here: the one-request look ``readers.read_hub`` takes before streaming a Hub
dataset, and the errors a failed Hub request raises, which both turn into one-line messages
naming the repository instead of tracebacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, OutputError
from .folder import WORK_DIR

LOGIN_HINT = "set HF_TOKEN or run `hf auth login`"
# datasets retries a Hub it cannot reach five times, backing off for about 25 s in all, before
# it gives up; one dataset_info request first fails at once. A reachable Hub answers it in
# well under a second, so the timeout only bounds a network that swallows packets.
HUB_PROBE_TIMEOUT = 10.0  # seconds


def network_errors() -> tuple[type[BaseException], ...]:
    """What a failed Hub request raises: ``OSError`` (no connection, offline mode, and
    ``HfHubHTTPError`` for an answer such as 401 or 404), or the HTTP client's own errors,
    which ``huggingface_hub.errors`` re-exports as ``HTTPError``."""
    from huggingface_hub import errors

    return (OSError, getattr(errors, "HTTPError", OSError))


def first_line(error: BaseException) -> str:
    """``Type: message`` on one line (Hub errors append request ids and hints on more lines).

    >>> first_line(ConnectionError("Name or service not known\\nrequest id: 1"))
    'ConnectionError: Name or service not known'
    """
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def hub_dataset_problem(name: str) -> str | None:
    """Why the Hub dataset ``name`` cannot be streamed, learned with one request; ``None``
    when it can, and offline, where ``datasets`` looks in its local cache instead."""
    import datasets.config
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError, RepositoryNotFoundError

    if datasets.config.HF_HUB_OFFLINE:
        return None
    try:
        HfApi().dataset_info(name, timeout=HUB_PROBE_TIMEOUT)
    except RepositoryNotFoundError:
        return (
            f"{name}: no such file or folder, and no dataset {name!r} on the Hub "
            f"(a private one needs a token: {LOGIN_HINT})"
        )
    except HfHubHTTPError as error:
        return f"{name}: no such file or folder, and the Hub refused dataset {name!r} ({first_line(error)})"
    except network_errors() as error:
        return (
            f"{name}: no such file or folder, and the Hub cannot be reached to look for a "
            f"dataset of that name ({first_line(error)}); to read one cached earlier, set "
            "HF_HUB_OFFLINE=1"
        )
    return None


@dataclass(frozen=True)
class Upload:
    repo_id: str
    revision: str | None
    private: bool
    files: tuple[tuple[str, int], ...]  # (path in the repo, bytes)

    @property
    def total_bytes(self) -> int:
        return sum(size for _, size in self.files)


def plan_upload(
    folder: Path, repo_id: str, *, revision: str | None = None, private: bool = False
) -> Upload:
    """What ``push`` would upload; ``InputError`` when the folder is not a finished run."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    if (folder / WORK_DIR).exists():
        raise InputError(
            f"{folder}: holds an unfinished run; finish it with `cleaner clean ... --resume` first"
        )
    if not (folder / "README.md").is_file():
        raise InputError(
            f"{folder}: has no README.md dataset card; is it a folder written by `cleaner clean -o`?"
        )
    files = tuple(
        (path.relative_to(folder).as_posix(), path.stat().st_size)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )
    return Upload(repo_id, revision, private, files)


def push(upload: Upload, folder: Path) -> str:
    """Create the repo (and branch) if needed and upload the planned files; returns the commit
    URL. A failed request (no network, a token without write access) is one ``OutputError``
    naming the repository."""
    from huggingface_hub import get_token

    if not get_token():
        raise OutputError(f"no Hugging Face token: {LOGIN_HINT}")
    try:
        return _upload(upload, folder)
    except network_errors() as error:
        raise OutputError(
            f"cannot push to dataset repository {upload.repo_id!r} ({first_line(error)}); "
            "check the network and that the token may write there"
        ) from error


def _upload(upload: Upload, folder: Path) -> str:
    from huggingface_hub import HfApi

    api = HfApi()
    api.create_repo(upload.repo_id, repo_type="dataset", private=upload.private, exist_ok=True)
    if upload.revision:
        api.create_branch(
            upload.repo_id, repo_type="dataset", branch=upload.revision, exist_ok=True
        )
    info = api.upload_folder(
        folder_path=str(folder),
        repo_id=upload.repo_id,
        repo_type="dataset",
        revision=upload.revision,
        allow_patterns=[name for name, _ in upload.files],
        commit_message="Upload dataset cleaned with cleaner",
    )
    return str(getattr(info, "commit_url", info))
