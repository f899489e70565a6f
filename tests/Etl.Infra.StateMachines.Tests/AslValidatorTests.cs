namespace Etl.Infra.StateMachines.Tests;

/// <summary>asl-validator 4.0.0 (npm), an implementation of the States Language's rules nobody here wrote, on both synthesized definitions.</summary>
public sealed class AslValidatorTests
{
    [Fact]
    public void Both_definitions_extracted_from_the_template_are_valid_States_Language()
    {
        var synthesized = SynthesizedStateMachines.Instance;

        var verdicts = StepFunctionsTools.Validate(synthesized.Convert, synthesized.Agent);

        Assert.Equal(2, verdicts.Count);
        Assert.All(verdicts, v => Assert.True(v.IsValid, v.Errors));
    }

    [Fact]
    public void The_validator_rejects_a_definition_whose_catch_names_a_missing_state()
    {
        // The check above means something only if the validator catches what a broken builder would produce.
        var broken = SynthesizedStateMachines.Instance.Convert.DeepClone().AsObject();
        broken["States"]!.AsObject().Remove(Etl.Infra.StateMachines.PipelineStateMachine.FailTaskName);

        var verdict = Assert.Single(StepFunctionsTools.Validate(broken));

        Assert.False(verdict.IsValid);
    }
}
