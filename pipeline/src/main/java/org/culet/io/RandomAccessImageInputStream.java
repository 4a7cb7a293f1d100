package org.culet.io;

import java.io.IOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@link javax.imageio.stream.ImageInputStream} over positioned reads (local or any Hadoop filesystem) with a
 * small read-ahead buffer, so that ImageIO's TIFF reader seeks to the strips or tiles of one region of one page
 * and reads only those.
 */
public final class RandomAccessImageInputStream extends ImageInputStreamImpl {
    private static final int BUFFER = 64 * 1024;
    private final RandomAccessInput input;
    private final long length;
    private final byte[] buffer = new byte[BUFFER];
    private long bufferStart = -1;
    private int bufferLength;

    public RandomAccessImageInputStream(RandomAccessInput input) throws IOException {
        this.input = input;
        this.length = input.length();
    }

    private boolean fill(long pos) throws IOException {
        if (pos >= length) {
            return false;
        }
        if (bufferStart >= 0 && pos >= bufferStart && pos < bufferStart + bufferLength) {
            return true;
        }
        int n = (int) Math.min(BUFFER, length - pos);
        input.readFully(pos, buffer, 0, n);
        bufferStart = pos;
        bufferLength = n;
        return true;
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        if (!fill(streamPos)) {
            return -1;
        }
        int v = buffer[(int) (streamPos - bufferStart)] & 0xff;
        streamPos++;
        return v;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkClosed();
        bitOffset = 0;
        if (len == 0) {
            return 0;
        }
        if (streamPos >= length) {
            return -1;
        }
        int n = (int) Math.min(len, length - streamPos);
        if (n > BUFFER) {
            input.readFully(streamPos, b, off, n); // large reads (strips, tiles) go straight through
            streamPos += n;
            return n;
        }
        // Always return all n bytes: ImageInputStreamImpl.readInt & co. treat a short read as the end of the file.
        int done = 0;
        while (done < n) {
            fill(streamPos);
            int avail = (int) Math.min(n - done, bufferStart + bufferLength - streamPos);
            System.arraycopy(buffer, (int) (streamPos - bufferStart), b, off + done, avail);
            streamPos += avail;
            done += avail;
        }
        return n;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void close() throws IOException {
        super.close();
        input.close();
    }
}
