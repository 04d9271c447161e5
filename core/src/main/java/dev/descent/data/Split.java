package dev.descent.data;

/**
 * A dataset split into disjoint training and validation parts, from {@link Dataset#split(double, long)}.
 *
 * <pre>{@code
 * Split s = data.split(0.8, 42);
 * Standardizer st = Standardizer.fit(s.train().array("x"));
 * }</pre>
 */
public record Split(Dataset train, Dataset validation) {
}
