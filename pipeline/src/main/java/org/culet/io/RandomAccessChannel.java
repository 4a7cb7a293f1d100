package org.culet.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only {@link SeekableByteChannel} over positioned reads, so that libraries that want a channel (jhdf's
 * {@code HdfFile(SeekableByteChannel, URI)}) read HDF5 on HDFS or S3 chunk by chunk instead of whole files.
 */
public final class RandomAccessChannel implements SeekableByteChannel {
    private final RandomAccessInput input;
    private final long size;
    private long position;
    private boolean open = true;

    public RandomAccessChannel(RandomAccessInput input) throws IOException {
        this.input = input;
        this.size = input.length();
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), size - position);
        if (n == 0) {
            return 0;
        }
        if (dst.hasArray()) {
            input.readFully(position, dst.array(), dst.arrayOffset() + dst.position(), n);
            dst.position(dst.position() + n);
        } else {
            byte[] b = input.read(position, n);
            dst.put(b);
        }
        position += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public synchronized long position() {
        return position;
    }

    @Override
    public synchronized SeekableByteChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        open = false;
        input.close();
    }
}
