# Sourced by ./mvnw and ./shop (POSIX sh): make sure JAVA_HOME names a JDK 21 or newer.
# Keeps a JAVA_HOME that is new enough; otherwise looks at `java` on the PATH, then at the usual
# install folders, and exports the newest JDK >= 21 it finds. Prints nothing when all is well.

shop_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

shop_select_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    v=$(shop_java_major "$JAVA_HOME")
    [ "${v:-0}" -ge 21 ] && return 0
  fi
  if command -v java >/dev/null 2>&1; then
    home=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.home = //p' | head -n 1)
    if [ -n "$home" ] && [ -x "$home/bin/javac" ]; then
      v=$(shop_java_major "$home")
      if [ "${v:-0}" -ge 21 ]; then JAVA_HOME=$home; export JAVA_HOME; return 0; fi
    fi
  fi
  best= best_v=0
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home \
    "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$home/bin/javac" ] || continue
    v=$(shop_java_major "$home")
    if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best=$home best_v=$v; fi
  done
  if [ -n "$best" ]; then JAVA_HOME=$best; export JAVA_HOME; return 0; fi
  echo "No JDK 21 or newer found: install one and set JAVA_HOME." >&2
  return 1
}

case $- in *f*) shop_noglob=1; set +f ;; *) shop_noglob= ;; esac
shop_select_jdk
shop_jdk_status=$?
[ -z "$shop_noglob" ] || set -f
[ "$shop_jdk_status" -eq 0 ]
