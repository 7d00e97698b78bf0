"""The Java runtime MPXJ runs on: started once per process, only when a schedule is read.

JPype and MPXJ are imported here and in ``convert.py`` only, lazily, so ``import pmo_xl``
works without the ``schedules`` extra and without Java.
"""

from __future__ import annotations

import importlib.util
import shutil
from typing import Any

from pmo_xl.exceptions import SchedulesUnavailable

EXTRA_HINT = 'pip install "pmo-xl[schedules]"'
JAVA_HINT = ("install a Java runtime 11 or later: Debian/Ubuntu `sudo apt-get install "
             "default-jre-headless`, macOS `brew install openjdk`, Windows "
             "`winget install Microsoft.OpenJDK.21`")
JAVA_HINT_FR = ("installez un environnement Java 11 ou plus : Debian/Ubuntu `sudo apt-get "
                "install default-jre-headless`, macOS `brew install openjdk`, Windows "
                "`winget install Microsoft.OpenJDK.21`")


def extra_installed() -> bool:
    """Whether the ``schedules`` extra (mpxj, JPype) is installed, without importing it."""
    return all(importlib.util.find_spec(m) is not None for m in ("jpype", "mpxj"))


def not_enabled() -> SchedulesUnavailable:
    return SchedulesUnavailable(
        f"reading schedules (MS Project, Primavera…) needs the schedules extra: {EXTRA_HINT}",
        fr=f"lire des plannings (MS Project, Primavera…) demande l'extra schedules : "
           f"{EXTRA_HINT}")


def no_java(detail: str) -> SchedulesUnavailable:
    return SchedulesUnavailable(
        f"reading schedules needs Java, which was not found ({detail}); {JAVA_HINT}",
        fr=f"lire des plannings demande Java, introuvable ({detail}) ; {JAVA_HINT_FR}",
        detail=detail)


def start_java() -> Any:
    """Start the JVM with MPXJ's jars (once per process) and return the ``jpype`` module."""
    if not extra_installed():
        raise not_enabled()
    import jpype

    if jpype.isJVMStarted():
        return jpype
    import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)

    try:
        path = jpype.getDefaultJVMPath()
    except Exception as exc:  # JVMNotFoundException, JVMNotSupportedException
        where = shutil.which("java")
        raise no_java(f"{type(exc).__name__}{'; java at ' + where if where else ''}") from None
    try:
        jpype.startJVM(path, "-Xss4m", "-Djava.awt.headless=true", convertStrings=False)
    except Exception as exc:
        raise no_java(f"{type(exc).__name__}: {exc}".splitlines()[0][:200]) from None
    return jpype
