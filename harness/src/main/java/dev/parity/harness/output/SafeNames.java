package dev.parity.harness.output;

/** Turns free text from a spec (its name) into a folder name that cannot climb out of its parent. */
public final class SafeNames {
    private SafeNames() {
    }

    /** Letters, digits, '.', '_' and '-' are kept; anything else becomes '_'; no leading dot; never empty. */
    public static String folder(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
        if (s.isEmpty()) s = "run";
        return s.length() > 100 ? s.substring(0, 100) : s;
    }
}
