package org.culet.io;

import java.io.Closeable;
import java.io.IOException;

/**
 * Positioned reads from one file: a local file (a {@link java.nio.channels.FileChannel}) or any Hadoop filesystem
 * ({@code FSDataInputStream.readFully(position, ...)}, a positioned read that does not move a shared cursor).
 * Readers use it to fetch only the bytes a tile window needs. Not thread-safe.
 */
public interface RandomAccessInput extends Closeable {
    /** File length in bytes. */
    long length() throws IOException;

    /** Reads exactly {@code len} bytes at {@code position}; an {@link java.io.EOFException} past the end. */
    void readFully(long position, byte[] buffer, int offset, int len) throws IOException;

    /** The file, for messages. */
    String description();

    /** Convenience: {@code len} bytes at {@code position}. */
    default byte[] read(long position, int len) throws IOException {
        byte[] b = new byte[len];
        readFully(position, b, 0, len);
        return b;
    }

    /** An in-memory input (a decompressed member, a test's bytes). */
    static RandomAccessInput ofBytes(byte[] bytes, String description) {
        return new RandomAccessInput() {
            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public void readFully(long position, byte[] buffer, int offset, int len) throws IOException {
                if (position < 0 || position + len > bytes.length) {
                    throw new java.io.EOFException("read of " + len + " bytes at " + position + " beyond the end ("
                        + bytes.length + " bytes) of " + description);
                }
                System.arraycopy(bytes, (int) position, buffer, offset, len);
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public void close() {
            }
        };
    }
}
