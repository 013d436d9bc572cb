# Sourced by bin/* and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer.
# Keeps JAVA_HOME when it already points at one; otherwise takes the newest under /usr/lib/jvm.

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

select_jdk() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" ]] && (( $(java_major "$JAVA_HOME") >= 21 )); then
    return 0
  fi
  local best="" best_major=0 candidate major
  for candidate in /usr/lib/jvm/* "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")"; do
    [[ -x "$candidate/bin/javac" ]] || continue
    major=$(java_major "$candidate")
    if [[ -n "$major" ]] && (( major >= 21 && major > best_major )); then
      best="$candidate"; best_major=$major
    fi
  done
  if [[ -z "$best" ]]; then
    echo "error: no JDK 21 or newer found; set JAVA_HOME to one" >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

select_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"

# Maven's own Guice uses sun.misc.Unsafe; JDK 24+ warns about it on every build unless told.
if (( $(java_major "$JAVA_HOME") >= 24 )); then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
