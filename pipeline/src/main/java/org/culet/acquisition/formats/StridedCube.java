package org.culet.acquisition.formats;

import java.io.IOException;
import org.culet.io.RandomAccessInput;

/**
 * A cube stored as raw samples at known byte offsets (NumPy .npy in C or Fortran order, a stored .npz member, SPE
 * frames): a box read is one positioned read per index of the outermost stored axis, covering only the rows of the
 * box (whole rows of the innermost axis, so at most width / window-width more bytes than the box itself).
 */
final class StridedCube implements Cube {
    private final RandomAccessInput in;
    private final long base;
    private final int[] shape;
    private final boolean fortran;
    private final Dtype dtype;
    private final int[] stored;
    private final long outerStrideBytes;
    private final String access;
    private boolean randomAccess = true;

    /**
     * @param shape            logical shape (numpy's {@code shape})
     * @param fortran          true when the first axis varies fastest on disk
     * @param outerStrideBytes bytes between consecutive indices of the outermost stored axis (0: packed); SPE frames
     *                         may carry per-frame metadata after the pixels
     */
    StridedCube(RandomAccessInput in, long base, int[] shape, boolean fortran, Dtype dtype, long outerStrideBytes,
                String access) {
        this.in = in;
        this.base = base;
        this.shape = shape.clone();
        this.fortran = fortran;
        this.dtype = dtype;
        this.stored = fortran ? new int[] {shape[2], shape[1], shape[0]} : shape.clone();
        long packed = (long) stored[1] * stored[2] * dtype.size();
        this.outerStrideBytes = outerStrideBytes > 0 ? outerStrideBytes : packed;
        this.access = access;
    }

    /** Bytes the cube occupies from its base offset. */
    long byteLength() {
        return (stored[0] - 1L) * outerStrideBytes + (long) stored[1] * stored[2] * dtype.size();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public String dtype() {
        return dtype.name();
    }

    @Override
    public void readBox(int[] start, int[] count, double[] out) throws IOException {
        int[] ss = fortran ? new int[] {start[2], start[1], start[0]} : start;
        int[] sc = fortran ? new int[] {count[2], count[1], count[0]} : count;
        int esz = dtype.size();
        long rowBytes = (long) stored[2] * esz;
        long blockBytes = sc[1] * rowBytes;
        if (blockBytes > Integer.MAX_VALUE) {
            throw new IOException("a window row block of " + blockBytes + " bytes is too large in " + in.description());
        }
        byte[] block = new byte[(int) blockBytes];
        // Logical box strides (C order of the box) for the stored axes.
        int lc1 = count[1];
        int lc2 = count[2];
        int[] logicalStride = {lc1 * lc2, lc2, 1};
        int so0 = fortran ? logicalStride[2] : logicalStride[0];
        int so1 = logicalStride[1];
        int so2 = fortran ? logicalStride[0] : logicalStride[2];
        for (int a = 0; a < sc[0]; a++) {
            long off = base + (long) (ss[0] + a) * outerStrideBytes + (long) ss[1] * rowBytes;
            in.readFully(off, block, 0, block.length);
            for (int b = 0; b < sc[1]; b++) {
                int byteOff = (int) (b * rowBytes + (long) ss[2] * esz);
                dtype.decode(block, byteOff, sc[2], out, a * so0 + b * so1, so2);
            }
        }
    }

    /** Marks the cube as held in memory after decoding the whole member (a deflated .npz member). */
    StridedCube wholeInMemory() {
        randomAccess = false;
        return this;
    }

    @Override
    public boolean randomAccess() {
        return randomAccess;
    }

    @Override
    public String access() {
        return access;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
