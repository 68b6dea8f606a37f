package dev.execscript.spec;

import java.util.List;

/**
 * The values of a step's {@code Runtime} input that we accept, the language each one means, and what AWS
 * does with it today. Every name AWS's pages have used is accepted (the reference page and later AWS pages
 * use them); the ones AWS no longer runs or does not list get a note, or are refused under
 * {@code strictRuntimes}. The facts about AWS live here and nowhere else.
 */
public enum ScriptRuntime {
    // AWS stopped python3.6-3.9 for aws:executeScript on 2025-09-10 (AWS Systems Manager Automation documentation).
    PYTHON_3_6("python3.6", AwsStatus.RETIRED, "2025-09-10"),
    PYTHON_3_7("python3.7", AwsStatus.RETIRED, "2025-09-10"),
    PYTHON_3_8("python3.8", AwsStatus.RETIRED, "2025-09-10"),
    PYTHON_3_9("python3.9", AwsStatus.RETIRED, "2025-09-10"),
    PYTHON_3_10("python3.10", AwsStatus.CURRENT, null),
    PYTHON_3_11("python3.11", AwsStatus.CURRENT, null),
    PYTHON_3_12("python3.12", AwsStatus.UNLISTED, null),
    // AWS's current page lists PowerShell 7.4 only; it gives no date for the older ones.
    POWERSHELL_CORE_6_0("PowerShell Core 6.0", AwsStatus.RETIRED, null),
    POWERSHELL_7_0("PowerShell 7.0", AwsStatus.RETIRED, null),
    POWERSHELL_7_2("PowerShell 7.2", AwsStatus.RETIRED, null),
    POWERSHELL_7_4("PowerShell 7.4", AwsStatus.CURRENT, null);

    /** Whether AWS runs a runtime name for aws:executeScript today. */
    public enum AwsStatus {
        /** On AWS's current list. */
        CURRENT,
        /** Once run by AWS, no longer. */
        RETIRED,
        /** Never on AWS's list for aws:executeScript. */
        UNLISTED
    }

    private final String documentName;
    private final AwsStatus awsStatus;
    private final String retiredOn;

    ScriptRuntime(String documentName, AwsStatus awsStatus, String retiredOn) {
        this.documentName = documentName;
        this.awsStatus = awsStatus;
        this.retiredOn = retiredOn;
    }

    public String documentName() {
        return documentName;
    }

    public boolean isPython() {
        return documentName.startsWith("python");
    }

    /** Whether AWS runs this name today; false means a note (or, under strictRuntimes, an error). */
    public boolean isCurrentOnAws() {
        return awsStatus == AwsStatus.CURRENT;
    }

    /** The names of the same language AWS runs today, in order ("python3.10 and python3.11"). */
    public String currentAlternatives() {
        List<String> names = List.of(values()).stream()
                .filter(r -> r.isCurrentOnAws() && r.isPython() == isPython())
                .map(ScriptRuntime::documentName)
                .toList();
        if (names.size() == 1) {
            return names.getFirst();
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
    }

    /**
     * What is wrong with this name on AWS, after "Runtime NAME": e.g. {@code python3.8, which AWS no longer
     * runs (since 2025-09-10); AWS runs python3.10 and python3.11 today}; null when AWS runs it.
     */
    public String awsProblem() {
        String what = switch (awsStatus) {
            case CURRENT -> null;
            case RETIRED -> "which AWS no longer runs" + (retiredOn == null ? "" : " (since " + retiredOn + ")");
            case UNLISTED -> "which AWS does not list for aws:executeScript";
        };
        if (what == null) {
            return null;
        }
        return documentName + ", " + what + "; AWS runs " + currentAlternatives() + " today";
    }

    public static ScriptRuntime parse(String value) {
        for (ScriptRuntime r : values()) {
            if (r.documentName.equals(value)) {
                return r;
            }
        }
        return null;
    }

    public static String accepted() {
        return String.join(", ", List.of(values()).stream().map(ScriptRuntime::documentName).toList());
    }
}
