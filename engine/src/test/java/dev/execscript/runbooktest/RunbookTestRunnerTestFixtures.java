package dev.execscript.runbooktest;

/** A quick runbook (no AWS calls) that the runner's and the command line's tests run. */
public final class RunbookTestRunnerTestFixtures {

    /** Make lists Count items (and fails for a negative Count), Done ends the run, After is never reached. */
    public static final String RUNBOOK = """
            schemaVersion: '0.3'
            parameters:
              Count: {type: Integer, default: 2}
            mainSteps:
            - name: Make
              action: aws:executeScript
              inputs:
                Runtime: python3.11
                Handler: h
                InputPayload: {Count: '{{ Count }}'}
                Script: |
                  def h(events, context):
                      if events['Count'] < 0:
                          raise ValueError('negative count: %d' % events['Count'])
                      return {'Items': ['item-%d' % i for i in range(events['Count'])]}
              outputs:
              - {Name: Items, Selector: $.Payload.Items, Type: StringList}
            - name: Done
              action: aws:executeScript
              isEnd: true
              inputs: {Runtime: python3.11, Handler: h, Script: "def h(e, c):\\n    return 'done'\\n"}
            - name: After
              action: aws:executeScript
              inputs: {Runtime: python3.11, Handler: h, Script: "def h(e, c):\\n    return 'after'\\n"}
            outputs:
            - Make.Items
            """;

    private RunbookTestRunnerTestFixtures() {
    }
}
