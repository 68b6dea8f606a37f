package dev.execscript.botocore;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Suggestions for a mistyped name: the known names that are close to it. */
public final class Names {

    private Names() {
    }

    /** Close: equal ignoring case, one contains the other, or at most two edits apart. */
    public static boolean close(String typed, String known) {
        String a = typed.toLowerCase(Locale.ROOT);
        String b = known.toLowerCase(Locale.ROOT);
        return a.equals(b) || (a.length() > 2 && b.contains(a)) || (b.length() > 2 && a.contains(b)) || distance(a, b) <= 2;
    }

    /** Up to {@code max} of {@code known} close to {@code typed}, else the first {@code max} of them. */
    public static String suggest(String typed, Collection<String> known, int max) {
        String lower = typed.toLowerCase(Locale.ROOT);
        List<String> close = known.stream().filter(k -> close(typed, k))
                .sorted(java.util.Comparator.comparingInt((String k) -> distance(lower, k.toLowerCase(Locale.ROOT)))
                        .thenComparingInt(String::length).thenComparing(k -> k))
                .limit(max).toList();
        List<String> shown = close.isEmpty() ? known.stream().sorted().limit(max).toList() : close;
        String more = close.isEmpty() && known.size() > max ? ", ..." : "";
        return (close.isEmpty() ? "known: " : "did you mean ") + String.join(", ", shown) + more;
    }

    /** Edit distance, or 3 when it is surely more than 2. */
    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2) {
            return 3;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
