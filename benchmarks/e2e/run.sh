#!/usr/bin/env bash
# The end-to-end load benchmark (see benchmarks/README.md). From anywhere:
#   benchmarks/e2e/run.sh                 full run (about 7 minutes), all modes
#   benchmarks/e2e/run.sh --quick         short run as CI runs it (1 s phases; modes rate0.1,stream,static); exit 1 if a span is unaccounted
#   benchmarks/e2e/run.sh --target=wildfly  the same application as a WAR on WildFly (the build unpacks WildFly from ~/.m2)
#   benchmarks/e2e/run.sh --no-build ...  skip the Maven build (e.g. after `mvn -B verify`)
# Other arguments go to the driver: --target=grizzly|wildfly --modes=off,disabled,rate0,rate0.1,stream,static
#   --wrk=auto|yes|no --seconds=N --rate=N --out=DIR --receiver=counting|strict|https (counting, the default, is
#   the lightest stand-in for Sentry on the same cores; strict checks every envelope, as CI does; https counts
#   over TLS, as the application reaches sentry.io)
# On a shared machine, run timed measurements under the lock: flock /work/bench.lock benchmarks/e2e/run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
build=1
profiles=()
args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    --target=wildfly) profiles=(-Pwildfly); args+=("$arg") ;;
    *) args+=("$arg") ;;
  esac
done
if [ "$build" = 1 ]; then
  mvn -B -q -pl benchmarks/e2e -am package -DskipTests "${profiles[@]}"
fi
cp="$(cat benchmarks/e2e/target/classpath.txt):benchmarks/e2e/target/classes"
exec java -cp "$cp" io.github.sentryjakarta.benchmarks.e2e.LoadBenchmark --out=benchmarks/e2e/target/e2e "${args[@]}"
