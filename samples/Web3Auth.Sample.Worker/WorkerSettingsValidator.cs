using Microsoft.Extensions.Options;

namespace Web3Auth.Sample.Worker;

/// <summary>Names every wrong setting at start-up, with the fix.</summary>
internal sealed class WorkerSettingsValidator : IValidateOptions<WorkerSettings>
{
    public ValidateOptionsResult Validate(string? name, WorkerSettings options) =>
        options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
