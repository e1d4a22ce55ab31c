package dev.parity.harness.results;

import java.util.List;

/**
 * A multi-class score's classes, as the spec declares them (model.score.classes or class_names, top_k).
 *
 * @param names the K names in output order: the spec's class_names, else the class ids "0".."K-1"
 * @param topK  the k of the top-k figures, 1..K
 */
public record Classes(int count, List<String> names, int topK) {
    public Classes {
        names = List.copyOf(names);
    }

    /** A class's name; a sample whose scores are not all finite has no class ("none"). */
    public String name(int cls) {
        return cls < 0 ? "none" : names.get(cls);
    }

    /** Whether the spec named the classes (else they are known by their ids). */
    public boolean named() {
        for (int c = 0; c < count; c++) if (!names.get(c).equals(Integer.toString(c))) return true;
        return false;
    }
}
