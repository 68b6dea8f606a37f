package dev.execscript.runbooktest;

import dev.execscript.aws.AwsCall;
import dev.execscript.text.Excerpt;
import dev.execscript.runbooktest.Expectations.CallExpectation;
import dev.execscript.runbooktest.Expectations.CallOrder;
import dev.execscript.runbooktest.Expectations.ExpectedCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks the AWS calls an execution made against a case's expected calls, and shows a failure as the two
 * lists side by side: {@code =} a call as expected, {@code ≠} the call at that place differs, {@code -} an
 * expected call not made, {@code +} a call made and not expected.
 */
final class CallMatch {

    /** A call as made, with the step that made it. */
    record MadeCall(String step, AwsCall call) {

        String text() {
            return step + ": " + call.key() + " " + ValueMatch.render(call.parameters());
        }
    }

    private static final int COLUMN = 56;

    private CallMatch() {
    }

    static void check(String path, CallExpectation expectation, List<MadeCall> made, List<Mismatch> out) {
        List<ExpectedCall> expected = expectation.calls();
        if (expectation.order() == CallOrder.EXACTLY) {
            exactly(path, expected, made, out);
        } else {
            unordered(path, expectation.order(), expected, made, out);
        }
    }

    /** Each key of {@code notCalled} that some call has is a mismatch naming the calls. */
    static void notCalled(String path, List<String> keys, List<MadeCall> made, List<Mismatch> out) {
        for (String key : keys) {
            List<String> found = made.stream().filter(c -> c.call().key().equals(key)).map(MadeCall::text).toList();
            if (!found.isEmpty()) {
                out.add(new Mismatch(path + "['" + key + "']", "no call to " + key, found.size() + (found.size() == 1 ? " call" : " calls"),
                        "    " + String.join("\n    ", found)));
            }
        }
    }

    static boolean matches(ExpectedCall e, MadeCall m) {
        return e.key().equals(m.call().key())
                && (e.step() == null || e.step().equals(m.step()))
                && (e.parameters() == null || ValueMatch.matches(e.parameters(), m.call().parameters(), true))
                && (e.answer() == null || m.call().answer().contains(e.answer()));
    }

    /**
     * In order: the two lists are aligned where their operations agree (a longest common subsequence), so
     * that one missing or extra call shows as one {@code -} or {@code +} row, not as every later row differing.
     */
    private static void exactly(String path, List<ExpectedCall> expected, List<MadeCall> made, List<Mismatch> out) {
        int n = expected.size();
        int m = made.size();
        int[][] common = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                common[i][j] = sameOperation(expected.get(i), made.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        boolean all = n == m;
        List<String> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && sameOperation(expected.get(i), made.get(j)) && common[i][j] == common[i + 1][j + 1] + 1) {
                boolean same = matches(expected.get(i), made.get(j));
                all &= same;
                if (!same) {
                    notes.addAll(differences(path + "[" + i + "]", expected.get(i), made.get(j)));
                }
                rows.add(row(same ? "=" : "≠", expected.get(i).text(), made.get(j).text()));
                i++;
                j++;
            } else if (j < m && (i == n || common[i][j + 1] >= common[i + 1][j])) {
                all = false;
                rows.add(row("+", "", made.get(j++).text()));
            } else {
                all = false;
                rows.add(row("-", expected.get(i++).text(), ""));
            }
        }
        if (!all) {
            out.add(new Mismatch(path, count(n) + " in this order", count(m), table(rows, notes)));
        }
    }

    /** Whether a made call is of the expected call's operation (and step, when it names one). */
    private static boolean sameOperation(ExpectedCall e, MadeCall m) {
        return e.key().equals(m.call().key()) && (e.step() == null || e.step().equals(m.step()));
    }

    private static void unordered(String path, CallOrder order, List<ExpectedCall> expected, List<MadeCall> made, List<Mismatch> out) {
        int[] matchOf = pairing(expected, made);
        boolean[] used = new boolean[made.size()];
        boolean all = true;
        List<String> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            int j = matchOf[i];
            if (j >= 0) {
                used[j] = true;
                rows.add(row("=", expected.get(i).text(), made.get(j).text()));
            } else {
                all = false;
                rows.add(row("-", expected.get(i).text(), ""));
            }
        }
        for (int i = 0; i < expected.size(); i++) {
            if (matchOf[i] < 0) {
                // The nearest call: one of the same operation (and step) that no other expectation took.
                for (int j = 0; j < made.size(); j++) {
                    ExpectedCall e = expected.get(i);
                    if (!used[j] && sameOperation(e, made.get(j))) {
                        notes.addAll(differences(path + "[" + i + "]", e, made.get(j)));
                        break;
                    }
                }
            }
        }
        for (int j = 0; j < made.size(); j++) {
            if (!used[j]) {
                rows.add(row("+", "", made.get(j).text()));
                all &= order == CallOrder.INCLUDING;
            }
        }
        if (!all) {
            String what = order == CallOrder.ANY_ORDER ? count(expected.size()) + " in any order" : "these " + count(expected.size())
                    + " among the calls";
            out.add(new Mismatch(path, what, count(made.size()), table(rows, notes)));
        }
    }

    /** For each expected call the index of a distinct made call it matches, or -1; as many as can be (Kuhn's matching). */
    static int[] pairing(List<ExpectedCall> expected, List<MadeCall> made) {
        int[] takenBy = new int[made.size()];
        Arrays.fill(takenBy, -1);
        for (int i = 0; i < expected.size(); i++) {
            augment(i, expected, made, takenBy, new boolean[made.size()]);
        }
        int[] matchOf = new int[expected.size()];
        Arrays.fill(matchOf, -1);
        for (int j = 0; j < made.size(); j++) {
            if (takenBy[j] >= 0) {
                matchOf[takenBy[j]] = j;
            }
        }
        return matchOf;
    }

    private static boolean augment(int i, List<ExpectedCall> expected, List<MadeCall> made, int[] takenBy, boolean[] seen) {
        for (int j = 0; j < made.size(); j++) {
            if (!seen[j] && matches(expected.get(i), made.get(j))) {
                seen[j] = true;
                if (takenBy[j] < 0 || augment(takenBy[j], expected, made, takenBy, seen)) {
                    takenBy[j] = i;
                    return true;
                }
            }
        }
        return false;
    }

    /** Why a call differs from the one expected: the step, then each parameter at its path. */
    private static List<String> differences(String path, ExpectedCall e, MadeCall m) {
        List<String> notes = new ArrayList<>();
        if (!e.key().equals(m.call().key())) {
            return notes;
        }
        if (e.step() != null && !e.step().equals(m.step())) {
            notes.add(path + ".step: expected " + e.step() + ", got " + m.step());
        }
        if (e.parameters() != null) {
            List<Mismatch> params = new ArrayList<>();
            ValueMatch.compare(path + ".parameters", e.parameters(), m.call().parameters(), true, params);
            params.forEach(p -> notes.add(p.text()));
        }
        if (e.answer() != null && !m.call().answer().contains(e.answer())) {
            notes.add(path + ".answer: expected text containing \"" + Excerpt.of(e.answer(), 200) + "\", got \""
                    + Excerpt.of(m.call().answer(), 300) + "\"");
        }
        return notes;
    }

    private static String row(String mark, String expected, String actual) {
        return "    " + mark + " " + pad(Excerpt.of(expected, COLUMN)) + " | " + actual;
    }

    private static String table(List<String> rows, List<String> notes) {
        StringBuilder sb = new StringBuilder("      " + pad("expected") + " | actual");
        for (String r : rows) {
            sb.append('\n').append(r);
        }
        for (String n : notes) {
            sb.append("\n    ").append(n);
        }
        return sb.toString();
    }

    private static String pad(String s) {
        int width = s.codePointCount(0, s.length());
        return width >= COLUMN ? s : s + " ".repeat(COLUMN - width);
    }

    private static String count(int n) {
        return n == 1 ? "1 call" : n + " calls";
    }
}
