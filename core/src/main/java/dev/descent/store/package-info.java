/**
 * Model and checkpoint files. One self-describing container format: a magic number, a JSON header
 * (architecture, metadata, optimizer and trainer state), raw little-endian float32 tensors, and a
 * SHA-256 of everything before it. The checksum is verified before anything is parsed, tensor
 * bounds are checked before any array is created, and nothing is handed to ND4J's own loaders, so a
 * corrupted or hostile file is rejected with a clear error and can never crash the JVM. Files are
 * written atomically through {@link dev.descent.io.AtomicFiles}.
 *
 * <p>Also {@link dev.descent.store.Safetensors}: PyTorch's and Hugging Face's tensor files, read
 * with every length checked against the file before anything is allocated, and written atomically.
 */
@NullMarked
package dev.descent.store;

import org.jspecify.annotations.NullMarked;
