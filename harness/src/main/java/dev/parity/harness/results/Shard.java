package dev.parity.harness.results;

/**
 * One of {@code count} deterministic slices of a dataset, numbered from 1 as in {@code --shard 2/4}: shard i
 * holds samples [n(i-1)/count, n·i/count), so the slices are contiguous, differ in size by at most one, and
 * together cover every sample exactly once.
 */
public record Shard(int index, int count) {
    public static final Shard WHOLE = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("--shard must be i/n with 1 <= i <= n, found " + index + "/" + count);
        }
    }

    /** Parses "i/n"; the message says what is wrong with the text. */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/");
        try {
            if (parts.length == 2) return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--shard must be i/n, e.g. 2/4 (the second of four slices), found '"
                + text + "'");
    }

    public boolean whole() {
        return count == 1;
    }

    /** First sample of this shard in a dataset of {@code samples} (at most 2^31, so the product fits). */
    public long first(long samples) {
        return samples * (index - 1) / count;
    }

    public long end(long samples) {
        return samples * index / count;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
