package dev.descent.spark;

import dev.descent.DescentException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.jspecify.annotations.Nullable;

/**
 * Whole-file reads and writes through Hadoop's FileSystem API (hdfs://, s3a://, file:// and
 * whatever else the cluster configures). A write goes to a hidden temporary file first and is then
 * renamed over the target, so a driver killed mid-write leaves the previous file (or, in the short
 * window between removing the old file and the rename, the complete temporary one, which
 * {@link #read} falls back to).
 */
final class HadoopFiles {
    private HadoopFiles() {
    }

    static void write(Configuration conf, String path, byte[] bytes) {
        Path target = new Path(path);
        Path tmp = temporary(target);
        try {
            FileSystem fs = target.getFileSystem(conf);
            try (OutputStream out = fs.create(tmp, true)) {
                out.write(bytes);
            }
            if (fs.exists(target) && !fs.delete(target, false)) {
                throw new DescentException("Cannot replace " + target + ": deleting the previous file failed. "
                        + "Fix: check the permissions of its directory.");
            }
            if (!fs.rename(tmp, target)) {
                throw new DescentException("Cannot rename " + tmp + " to " + target + ". Fix: check the permissions of "
                        + "the directory.");
            }
        } catch (IOException e) {
            throw new DescentException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** The bytes at {@code path} (or of its complete temporary file, see the class comment); null if neither exists. */
    static byte @Nullable [] read(Configuration conf, String path) {
        Path target = new Path(path);
        try {
            FileSystem fs = target.getFileSystem(conf);
            Path from = fs.exists(target) ? target : fs.exists(temporary(target)) ? temporary(target) : null;
            if (from == null) {
                return null;
            }
            try (InputStream in = fs.open(from)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                return out.toByteArray();
            }
        } catch (IOException e) {
            throw new DescentException("Cannot read " + target + ": " + e.getMessage(), e);
        }
    }

    private static Path temporary(Path target) {
        return new Path(target.getParent(), "." + target.getName() + ".tmp");
    }
}
