# Sourced (POSIX sh) by ./mvnw, ./sputnik and .ci/run. Exports JAVA_HOME pointing at a JDK 25 or
# newer: $JAVA_HOME when it already is one, else the newest /usr/lib/jvm/*25* (then any newer
# /usr/lib/jvm entry). The default `java` on our machines is 17, which cannot build or run Sputnik.
sputnik_jdk_major() {
  # The JDK's `release` file is cheaper to read than starting a JVM.
  if [ -r "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
  elif [ -x "$1/bin/java" ]; then
    "$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p'
  fi
}
sputnik_find_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(sputnik_jdk_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then return 0; fi
  fi
  # Callers may run with `set -f` (mvnw does): globbing is needed here.
  case $- in *f*) set +f; sputnik_noglob=1 ;; *) sputnik_noglob= ;; esac
  for d in $(ls -d /usr/lib/jvm/*25* 2>/dev/null | sort -r) $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -r); do
    [ -x "$d/bin/javac" ] || continue
    v=$(sputnik_jdk_major "$d")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then JAVA_HOME="$d"; export JAVA_HOME; break; fi
  done
  [ -z "$sputnik_noglob" ] || set -f
  [ -z "${JAVA_HOME-}" ] || { v=$(sputnik_jdk_major "$JAVA_HOME"); [ -n "$v" ] && [ "$v" -ge 25 ] && return 0; }
  echo "sputnik: no JDK 25 found (JAVA_HOME='${JAVA_HOME-}' is not 25+, nothing under /usr/lib/jvm/*25*): install one (e.g. Temurin 25) and set JAVA_HOME to it" >&2
  return 1
}
sputnik_find_jdk || exit 1
