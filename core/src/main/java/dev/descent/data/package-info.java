/**
 * Data and batching: {@link dev.descent.data.Dataset} (named arrays with samples along axis 0),
 * {@link dev.descent.data.Batching} (which samples form each training step, as an immutable
 * config) and its {@link dev.descent.data.BatchSampler}s, {@link dev.descent.data.BatchGatherer}
 * (copies the selected rows into reusable buffers), the seeded {@link dev.descent.data.Rng} behind
 * all randomness here, the {@link dev.descent.data.Csv} loader (Apache Commons CSV under
 * {@link dev.descent.data.CsvOptions}; string classes become {@link dev.descent.data.ClassLabels}),
 * file-backed datasets for data larger than memory ({@link dev.descent.data.DatasetFiles}: a CSV
 * imported once, then memory-mapped) and a {@link dev.descent.data.Standardizer}.
 *
 * <p>Everything random is a pure function of explicit seeds: no ND4J RNG and no
 * {@code java.util.Random}, whose seeding (ND4J treats seed 0 specially) or algorithms are not
 * guaranteed stable, so a run is reproducible across JVMs and resumable from a
 * {@link dev.descent.data.SamplerState}.
 */
@NullMarked
package dev.descent.data;

import org.jspecify.annotations.NullMarked;
