/**
 * {@code ./descent bench}: the peer-benchmark workloads W0–W5, W4A and BW (defined in the repository's
 * {@code bench/README.md}) written against Descent's public API the way a user would write them,
 * each with its result check, printing one JSON line per metric on stdout.
 *
 * <pre>{@code
 * ./descent bench --workloads W1,W2 --quick
 * ./descent bench --w5
 * }</pre>
 */
@NullMarked
package dev.descent.bench;

import org.jspecify.annotations.NullMarked;
