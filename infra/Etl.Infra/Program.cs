using Amazon.CDK;
using Etl.Infra;
using Etl.Infra.Settings;

var app = new App();
try
{
    EtlApp.Create(app, DeploymentSettings.FromContext(app.Node));
}
catch (DeploymentSettingsException e)
{
    Console.Error.WriteLine($"Cannot synthesize the Agentic ETL app: {e.Message}");
    return 1;
}

app.Synth();
return 0;
