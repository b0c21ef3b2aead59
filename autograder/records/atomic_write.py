"""Write a file so that readers see the old content or the new, never half of it."""
import os
import tempfile
from pathlib import Path


def write_text(path, text, mode=0o644, durable=True) -> Path:
    """Write ``text`` (UTF-8, newlines as given) to ``path``: a temporary file in
    the same folder, fsynced (unless ``durable`` is False: a file made again from
    the results file, where a crash of the machine may leave it empty), then
    renamed over ``path``. Creates the folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return path
