using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Etl.Infra.StateMachines.Tests.Box;

/// <summary>
/// One execution: tests/stepfunctions/run-execution.mjs running the definition with aws-local-stepfunctions in its
/// own node process, its Tasks calling back into the box. Its output is the execution's event log, then its outcome.
/// </summary>
public sealed class BoxExecution(string name, string stateMachineArn, string input) : IDisposable
{
    private readonly TaskCompletionSource<JsonObject> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _errors = new();
    private Process? _process;

    public string Name { get; } = name;

    public string StateMachineArn { get; } = stateMachineArn;

    /// <summary>The execution input, as StartExecution passed it.</summary>
    public string Input { get; } = input;

    /// <summary>The execution's events: {event, state?, error?}.</summary>
    public ConcurrentQueue<JsonObject> Events { get; } = new();

    public void Start(string definitionFile, Uri invoke)
    {
        var process = new Process { StartInfo = StepFunctionsTools.Node("run-execution.mjs", [definitionFile, Input, invoke.AbsoluteUri]) };
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not { Length: > 0 } text) return;
            var json = JsonNode.Parse(text)!.AsObject();
            if (json.ContainsKey("outcome")) _outcome.TrySetResult(json);
            else Events.Enqueue(json);
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null) _errors.Enqueue(line.Data);
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            // Output lines may still be in flight when Exited fires; the outcome line wins if it comes.
            Task.Delay(TimeSpan.FromSeconds(2)).ContinueWith(_ =>
                _outcome.TrySetException(new InvalidOperationException($"run-execution.mjs ended without an outcome: {string.Join('\n', _errors)}")), TaskScheduler.Default);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>{outcome: SUCCEEDED, output} or {outcome: FAILED, error, cause}, once the execution ends.</summary>
    public Task<JsonObject> Outcome => _outcome.Task.WaitAsync(TimeSpan.FromMinutes(2));

    public void Dispose()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit();
                }
            }
            catch (InvalidOperationException)
            {
                // Never started.
            }

            process.Dispose();
        }
    }
}
