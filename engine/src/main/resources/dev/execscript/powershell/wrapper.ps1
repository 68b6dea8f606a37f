# execscript wrapper: runs one aws:executeScript PowerShell step and hands the result back through files.
#
# Contract with PowerShellRunner (and the test double fake-pwsh, which reads the same arguments):
#   -ScriptPath  UTF-8 file holding the user's script text
#   -PayloadPath written on success: ConvertTo-Json -Depth 100 -Compress of the script's success-stream output
#                (none -> null, one object -> that object, several -> a list)
#   -ErrorPath   written on a parse error or terminating error: message and position; exit code then non-zero
# Nothing the result depends on goes to stdout, so Write-Host / Write-Output / [Console]::WriteLine in the
# script cannot corrupt the payload.
param(
    [Parameter(Mandatory = $true)] [string] $ScriptPath,
    [Parameter(Mandatory = $true)] [string] $PayloadPath,
    [Parameter(Mandatory = $true)] [string] $ErrorPath
)

# Write-Error stays non-terminating, as in a plain script; the user script may still set 'Stop' itself.
$ErrorActionPreference = 'Continue'
# Progress bars would be rendered as escape sequences into the captured output.
$ProgressPreference = 'SilentlyContinue'
if ($null -ne (Get-Variable -Name PSStyle -ErrorAction Ignore)) {
    # 7.2+: no ANSI colour codes in captured output.
    $PSStyle.OutputRendering = 'PlainText'
}
$utf8 = [System.Text.UTF8Encoding]::new($false)
[Console]::OutputEncoding = $utf8
$OutputEncoding = $utf8

function Write-ExecScriptFailure([string] $Text) {
    [System.IO.File]::WriteAllText($ErrorPath, $Text, $utf8)
}

# The attachment is extracted into the working directory: let `Import-Module Name` find modules there too.
$env:PSModulePath = (Get-Location).ProviderPath + [System.IO.Path]::PathSeparator + $env:PSModulePath

# Parse first, so a syntax error is reported with every position, not as a runtime failure.
$source = [System.IO.File]::ReadAllText($ScriptPath, $utf8)
$tokens = $null
$parseErrors = $null
$ast = [System.Management.Automation.Language.Parser]::ParseInput($source, [ref] $tokens, [ref] $parseErrors)
if ($parseErrors.Count -gt 0) {
    $lines = foreach ($e in $parseErrors) {
        "Parse error at line $($e.Extent.StartLineNumber), column $($e.Extent.StartColumnNumber): $($e.Message)"
    }
    Write-ExecScriptFailure ($lines -join "`n")
    exit 2
}
$userScript = $ast.GetScriptBlock()

# A list filled object by object, not @(...): @() would unroll a single returned array (`return ,@(1,2)`).
$results = [System.Collections.Generic.List[object]]::new()
try {
    # `&` runs the script in a child scope, so it cannot overwrite this wrapper's variables. Everything on
    # the success stream (return, Write-Output, bare expressions) is collected; Write-Host is not.
    # Inside try, PowerShell propagates statement-terminating errors (e.g. an unknown command) here as well:
    # they fail the step, like throw and -ErrorAction Stop.
    & $userScript | ForEach-Object -Process { $results.Add($_) }
}
catch {
    $record = $_
    $text = $record.Exception.Message
    $position = $record.InvocationInfo.PositionMessage
    if ($position) {
        $text += "`n" + $position
    }
    # Drop the wrapper's own frames: they mean nothing to the script's author.
    $stack = @("$($record.ScriptStackTrace)" -split "`r?`n" | Where-Object { $_ -and -not $_.Contains($PSCommandPath) })
    if ($stack.Count -gt 0) {
        $text += "`nScript stack trace:`n" + ($stack -join "`n")
    }
    Write-ExecScriptFailure $text
    exit 1
}

if ($results.Count -eq 0) {
    $value = $null
}
elseif ($results.Count -eq 1) {
    $value = $results[0]
}
else {
    $value = $results.ToArray()
}

try {
    if ($null -eq $value) {
        $json = 'null'
    }
    else {
        # -InputObject, not the pipeline: a returned list must stay one list.
        $json = ConvertTo-Json -InputObject $value -Depth 100 -Compress
    }
    [System.IO.File]::WriteAllText($PayloadPath, $json, $utf8)
}
catch {
    Write-ExecScriptFailure ("The script's output could not be converted to JSON: " + $_.Exception.Message)
    exit 1
}
exit 0
