package dev.parity.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Keeps the k samples with the largest values seen, in O(n log k). Ties keep the lower index, so the
 * result is the same whatever order equal values arrive in.
 */
final class TopK {
    private record Entry(int index, double value) {
    }

    private final int k;
    // The head is the weakest kept entry: smallest value, and among equal values the highest index.
    private final PriorityQueue<Entry> heap = new PriorityQueue<>((a, b) -> {
        int c = Double.compare(a.value, b.value);
        return c != 0 ? c : Integer.compare(b.index, a.index);
    });

    TopK(int k) {
        this.k = k;
    }

    void offer(int index, double value) {
        if (heap.size() == k && value < heap.peek().value) {
            return; // the common case on big inputs: skip without allocating
        }
        Entry e = new Entry(index, value);
        if (heap.size() < k) {
            heap.add(e);
        } else if (heap.comparator().compare(e, heap.peek()) > 0) {
            heap.poll();
            heap.add(e);
        }
    }

    List<Integer> indicesLargestFirst() {
        List<Entry> entries = new ArrayList<>(heap);
        entries.sort(heap.comparator().reversed());
        List<Integer> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            out.add(e.index);
        }
        return out;
    }
}
